"""The report of a `tcgc repair` run: per hole what happened, totals, and the missing capabilities."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tcgc.repair.loop import Outcome, Settings


def as_json(outcomes: list[Outcome], provider: Any, *, before: int, after: int, settings: Settings) -> dict:
    counts: dict[str, int] = defaultdict(int)
    needs: dict[str, list[str]] = defaultdict(list)
    for o in outcomes:
        counts[o.status] += 1
        if o.status == "missing":
            needs[o.missing].append(f"{o.hole.card_id} {o.hole.card_name} ({o.hole.where}): {o.hole.text}")
    return {
        "provider": provider.name,
        "model": provider.model,
        "holes_before": before,
        "holes_after": after,
        "dry_run": settings.dry_run,
        "counts": dict(counts),
        "tries": sum(o.tries for o in outcomes),
        "prompt_tokens": sum(o.prompt_tokens for o in outcomes),
        "completion_tokens": sum(o.completion_tokens for o in outcomes),
        "cost_usd": round(sum(o.cost_usd for o in outcomes), 6),
        "max_cost": settings.max_cost,
        "missing_capabilities": {k: v for k, v in sorted(needs.items(), key=lambda kv: -len(kv[1]))},
        "holes": [o.as_dict() for o in outcomes],
    }


def summary_lines(data: dict) -> list[str]:
    c = data["counts"]
    lines = [
        f"repair ({data['provider']}, {data['model']}): "
        f"holes {data['holes_before']} -> {data['holes_after']}; "
        f"{c.get('accepted', 0)} accepted, {c.get('rejected', 0)} rejected, {c.get('missing', 0)} need a new "
        f"primitive, {c.get('error', 0)} provider errors, {c.get('skipped', 0)} skipped (budget)",
        f"  {data['tries']} tries, {data['prompt_tokens']} prompt + {data['completion_tokens']} completion "
        f"tokens, ${data['cost_usd']:.4f}" + (" (dry run: nothing written)" if data["dry_run"] else ""),
    ]
    for need, holes in data["missing_capabilities"].items():
        lines.append(f"  needs {need}: {len(holes)} hole(s)")
    return lines


def markdown(data: dict) -> str:
    out = ["# tcgc repair report", "", *summary_lines(data), "", "## Holes", ""]
    for h in data["holes"]:
        out.append(f"- **{h['name']}** ({h['card']}, {h['where']}): {h['status']} after {h['tries']} tries")
        out.append(f"  - text: {h['text']}")
        if h["fix"]:
            out.append(f"  - fix: `{' '.join(h['fix'].split())}`")
        out += [f"  - {p}" for p in h["problems"][:5]]
    if data["missing_capabilities"]:
        out += ["", "## Missing capabilities (holes grouped by what they need)", ""]
        for need, holes in data["missing_capabilities"].items():
            out.append(f"- {need} ({len(holes)})")
            out += [f"  - {h}" for h in holes]
    return "\n".join(out) + "\n"
