"""`tcgc repair`: fill `unspecified` holes one at a time, and accept a fix only when it is proven.

For each hole of a TCG engine's spec:

1. render the prompt (`templates/prompt.jinja`: the text, the card, the primitive catalogue generated
   from the grammar, the nearest cards whose effects are expressed, and on a retry what failed);
2. ask the provider; its answer is parsed as DSL (never executed): a ```tcgc block of statements and a
   ```toml interaction scenario, or a ```missing block naming a capability no primitive has;
3. splice the statements in place of the hole, in a scratch copy of the engine folder, and prove it:
   the spec parses and checks, the engine builds, the scenario passes on the JAX engine and the
   reference (states equal after every action), the card's existing scenarios still pass, and a few
   random games keep every invariant and agree step by step with the reference;
4. accept (write the file back atomically, with a provenance line in its header, and keep the
   scenario in `scenarios/repair.toml`) or retry with the diagnostics, up to `max_tries`.

The run stops cleanly when the cost budget is spent; every file it writes is whole (written to a
temporary file and renamed), so an interrupted run leaves a valid spec.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import jinja2

from tcgc import ir
from tcgc.diagnostics import Diagnostic
from tcgc.errors import TcgcError
from tcgc.fmt import format_file
from tcgc.parse import parse_text
from tcgc.repair import catalogue
from tcgc.repair.providers import Answer, Provider, ProviderError, Usage
from tcgc.scraper.cards import walk

FENCE = re.compile(r"```[ \t]*([A-Za-z]+)[ \t]*\n(.*?)```", re.S)
SCENARIO_FILE = "repair.toml"
SCENARIO_HEADER = (
    "# Scenarios proposed with accepted `tcgc repair` fixes (format: tcgc/verify/scenarios.py).\n"
)


@dataclass(frozen=True)
class Hole:
    engine: str
    root: Path  # the engine folder
    file: Path  # the spec file holding the hole
    card_id: str
    card_name: str
    where: str  # "attack Vine Whip", "power X", "trainer"
    text: str
    line: int
    col: int
    card_spec: str  # the card as formatted spec text


@dataclass
class Attempt:
    answer: str
    problems: list[str]
    tokens: int
    cost_usd: float


@dataclass
class Outcome:
    hole: Hole
    status: str = "pending"  # accepted | rejected | missing | error | skipped
    tries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    attempts: list[Attempt] = field(default_factory=list)
    missing: str = ""  # the capability a `missing` answer names
    fix: str = ""  # the accepted statements

    def as_dict(self) -> dict:
        h = self.hole
        return {
            "engine": h.engine,
            "file": str(h.file),
            "line": h.line,
            "card": h.card_id,
            "name": h.card_name,
            "where": h.where,
            "text": h.text,
            "status": self.status,
            "tries": self.tries,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": round(self.cost_usd, 6),
            "missing": self.missing,
            "fix": self.fix,
            "problems": self.attempts[-1].problems if self.attempts else [],
        }


@dataclass(frozen=True)
class Settings:
    max_tries: int = 3
    max_cost: float | None = None  # USD
    games: int = 4  # random games per check (property + lockstep rollout)
    seed: int = 0
    dry_run: bool = False  # prove fixes but write nothing


# ---- finding holes ------------------------------------------------------------------------------


def find_holes(paths: list[str]) -> list[Hole]:
    """Every hole of every TCG engine under `paths`, in file order."""
    from tcgc.load import load

    loaded = load(paths)
    loaded.raise_for_errors()
    holes = []
    for game in loaded.games:
        cards = {c.id: c for c in game.cards}
        for h in game.holes:
            card = cards[h.card_id]
            spec = ir.SpecFile(span=card.span, path="", header=(), items=(card,))
            holes.append(
                Hole(
                    engine=game.engine,
                    root=Path(game.root),
                    file=Path(h.span.file),
                    card_id=h.card_id,
                    card_name=h.card_name,
                    where=h.where,
                    text=h.text,
                    line=h.span.line,
                    col=h.span.col,
                    card_spec=format_file(spec).strip(),
                )
            )
    return holes


# ---- the prompt ---------------------------------------------------------------------------------


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tcgc.repair", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def nearest_examples(game: ir.Game, hole: Hole, k: int = 3) -> list[str]:
    """Up to `k` cards of the game with an expressed effect and no hole, most like the hole's text."""
    wanted = _words(hole.text)
    holed = {h.card_id for h in game.holes}
    scored = []
    for card in game.cards:
        if card.id in holed or isinstance(card.body, ir.Energy):
            continue
        text = format_file(ir.SpecFile(span=card.span, path="", header=(), items=(card,))).strip()
        body = text.split("{", 1)[1] if "{" in text else ""
        if not any(s in body for s in (" {\n", "trainer {")):  # no effect at all
            continue
        overlap = len(wanted & _words(body))
        if overlap:
            scored.append((-overlap, len(text), text))
    return [t for _, _, t in sorted(scored)[:k]]


def game_names(game: ir.Game) -> dict[str, list[str]]:
    energies = [c.name for c in game.cards if isinstance(c.body, ir.Energy) and c.body.category == "basic"]
    return {
        "conditions": [c.name for c in game.rules.conditions],
        "types": list(game.rules.energy_types),
        "energy_cards": energies,
    }


def render_prompt(game: ir.Game, hole: Hole, previous: Attempt | None = None) -> str:
    from tcgc.verify import scenarios

    return (
        _env()
        .get_template("prompt.jinja")
        .render(
            hole=hole,
            catalogue=catalogue.render(),
            game=game_names(game),
            examples=nearest_examples(game, hole),
            scenario_doc=(scenarios.__doc__ or "").strip(),
            previous=previous,
        )
    )


# ---- parsing an answer --------------------------------------------------------------------------


@dataclass(frozen=True)
class Parsed:
    statements: tuple[ir.Stmt, ...] = ()
    fragment: str = ""
    scenarios: tuple[dict, ...] = ()
    missing: str = ""
    problems: tuple[str, ...] = ()


def parse_answer(text: str, hole: Hole) -> Parsed:
    """The answer's statements and scenario, or the problems that make it unusable (as DSL and TOML only)."""
    blocks: dict[str, list[str]] = {}
    for lang, body in FENCE.findall(text):
        blocks.setdefault(lang.lower(), []).append(body.strip())
    if "missing" in blocks and "tcgc" not in blocks:
        need = " ".join(blocks["missing"][0].split())[:200]
        return Parsed(missing=need) if need else Parsed(problems=("the missing block names nothing",))
    problems = []
    if len(blocks.get("tcgc", [])) != 1:
        problems.append("expected exactly one ```tcgc block holding the statements")
    if len(blocks.get("toml", [])) != 1:
        problems.append("expected exactly one ```toml block holding the [[scenario]]")
    if problems:
        return Parsed(problems=tuple(problems))
    fragment = blocks["tcgc"][0]
    statements, why = _statements(fragment)
    scenarios, why_toml = _scenarios(blocks["toml"][0], hole)
    problems = why + why_toml
    if problems:
        return Parsed(fragment=fragment, problems=tuple(problems))
    return Parsed(statements=statements, fragment=fragment, scenarios=scenarios)


def _statements(fragment: str) -> tuple[tuple[ir.Stmt, ...], list[str]]:
    wrapper = 'card "repair" id repair-0 { trainer { ' + fragment + "\n} }"
    parsed = parse_text(wrapper, "<answer>")
    if isinstance(parsed, Diagnostic):
        return (), [f"the statements do not parse: {parsed.message} (line {parsed.span.line})"]
    items = parsed.items
    if len(items) != 1 or not isinstance(items[0], ir.Card) or items[0].id != "repair-0":
        return (), ["the answer must hold statements for this one hole only, not cards, decks or rules"]
    body = items[0].body
    assert isinstance(body, ir.Trainer)
    if not body.effect:
        return (), ["the tcgc block holds no statement"]
    if any(isinstance(n, ir.Unspecified) for n in walk(body.effect)):
        return (), ["the statements still hold an `unspecified` hole"]
    return body.effect, []


def _scenarios(text: str, hole: Hole) -> tuple[tuple[dict, ...], list[str]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        return (), [f"the scenario is not valid TOML: {err}"]
    found = data.get("scenario")
    if set(data) != {"scenario"} or not isinstance(found, list) or not 1 <= len(found) <= 3:
        return (), ["the toml block must hold one to three [[scenario]] tables and nothing else"]
    from tcgc.verify.coverage import names_used
    from tcgc.verify.scenarios import SETTINGS_KEYS

    out = []
    for sc in found:
        if not isinstance(sc, dict) or not isinstance(sc.get("name"), str) or not sc.get("expect"):
            return (), ["each scenario needs a name and a non-empty expect table"]
        if unknown := set(sc) - SETTINGS_KEYS:
            return (), [f"scenario {sc['name']!r}: unknown keys {sorted(unknown)}"]
        if hole.card_name not in names_used(sc):
            return (), [f"scenario {sc['name']!r} never uses {hole.card_name}"]
        covers = [c for c in sc.get("covers", []) if isinstance(c, str)]
        if f"card:{hole.card_id}" not in covers:
            covers.insert(0, f"card:{hole.card_id}")
        out.append({**sc, "covers": [*covers, "repair"]})
    return tuple(out), []


# ---- splicing a fix into its file ---------------------------------------------------------------


def splice(spec: ir.SpecFile, hole: Hole, statements: tuple[ir.Stmt, ...], note: str) -> ir.SpecFile:
    """`spec` with the hole's `unspecified` statement replaced by `statements` and `note` in its header."""
    done = []

    def fix(node: object) -> object:
        if isinstance(node, tuple):
            out: list[object] = []
            for item in node:
                if (
                    isinstance(item, ir.Unspecified)
                    and (item.span.line, item.span.col) == (hole.line, hole.col)
                    and item.text == hole.text
                ):
                    out += statements
                    done.append(True)
                else:
                    out.append(fix(item))
            return tuple(out)
        if isinstance(node, ir.Node):
            changes = {k: fix(v) for k, v in node.__dict__.items() if isinstance(v, tuple | ir.Node)}
            return node.model_copy(update=changes)
        return node

    items = tuple(fix(i) if isinstance(i, ir.Card) and i.id == hole.card_id else i for i in spec.items)
    if len(done) != 1:
        raise TcgcError(f"{hole.file}:{hole.line}:{hole.col}: the hole is no longer there (the file changed)")
    return spec.model_copy(update={"items": items, "header": (*spec.header, f"# {note}")})


def _read_spec(path: Path) -> ir.SpecFile:
    parsed = parse_text(path.read_text(encoding="utf-8"), str(path))
    if isinstance(parsed, Diagnostic):
        raise TcgcError(f"{path}: does not parse: {parsed.message}")
    return parsed


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def scenario_toml(sc: dict) -> str:
    """One [[scenario]] table as TOML text (tomllib reads it back to `sc`)."""
    lines = ["[[scenario]]"]
    for k, v in sc.items():
        lines.append(f"{_toml_key(k)} = {_toml(v)}")
    return "\n".join(lines) + "\n"


def _toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _toml(k)


def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


# ---- proving a fix ------------------------------------------------------------------------------


def _import_source(source: str, name: str, folder: Path) -> ModuleType:
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in the module look themselves up here
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def prove(hole: Hole, new_text: str, parsed: Parsed, settings: Settings) -> list[str]:
    """Every reason the fix fails, checked in a scratch copy of the engine folder ([] = proven)."""
    from tcgc.build import compile_games
    from tcgc.load import load
    from tcgc.verify.properties import run_properties
    from tcgc.verify.rollout import play_lockstep
    from tcgc.verify.scenarios import ScenarioError, ScenarioRunner, load_scenarios

    with tempfile.TemporaryDirectory(prefix="tcgc-repair-") as tmp:
        scratch = Path(tmp) / hole.root.name
        shutil.copytree(hole.root, scratch)
        (scratch / hole.file.relative_to(hole.root)).write_text(new_text, encoding="utf-8")
        loaded = load([str(scratch)])
        if loaded.errors:
            return [line for line in loaded.render(warnings=False).splitlines() if "error[" in line][:10]
        (built,) = compile_games(loaded)
        game = built.game
        module = _import_source(built.source, f"tcgc_repair_{os.getpid()}_{abs(hash(new_text))}", Path(tmp))
        runner = ScenarioRunner(game, module)
        problems = []
        for sc in parsed.scenarios:
            try:
                result = runner.run("<answer>", sc)
            except ScenarioError as err:
                problems.append(f"scenario {sc['name']!r}: {err}")
                continue
            problems += [f"scenario {sc['name']!r}: {f}" for f in result.failures]
        folder = scratch / "scenarios"
        kept = load_scenarios(folder) if folder.is_dir() else []
        for file, sc in kept:
            if f"card:{hole.card_id}" in sc.get("covers", []):
                result = runner.run(file, sc)
                problems += [f"existing scenario {sc['name']!r}: {f}" for f in result.failures]
        if problems or settings.games <= 0:
            return problems
        report = run_properties(game, module, games=settings.games, seed=settings.seed)
        problems += [f"property: {v}" for v in report.violations[:5]]
        rollout = play_lockstep(game, module, games=settings.games, seed=settings.seed)
        problems += [
            f"rollout: game {m.game} step {m.step}: {m.field}: engine {m.engine} != reference {m.reference}"
            for m in rollout.mismatches[:5]
        ]
        return problems


# ---- the loop -----------------------------------------------------------------------------------


def repair_hole(
    hole: Hole, game: ir.Game, provider: Provider, settings: Settings, spent: float = 0.0
) -> Outcome:
    """Ask, parse, prove, retry; the outcome (the files are written by `accept`)."""
    outcome = Outcome(hole)
    previous: Attempt | None = None
    while outcome.tries < settings.max_tries:
        if settings.max_cost is not None and spent + outcome.cost_usd >= settings.max_cost:
            outcome.status = "rejected" if outcome.tries else "skipped"
            outcome.attempts.append(Attempt("", [f"the budget of ${settings.max_cost:g} is spent"], 0, 0.0))
            return outcome
        prompt = render_prompt(game, hole, previous)
        outcome.tries += 1
        try:
            answer: Answer = provider.ask(prompt, hole)
        except ProviderError as err:
            outcome.status = "error"
            outcome.attempts.append(Attempt("", [str(err)], 0, 0.0))
            return outcome
        usage = answer.usage
        if previous is not None and answer.text == previous.answer:
            outcome.attempts.append(Attempt(answer.text, ["the provider gave the same answer again"], 0, 0.0))
            outcome.status = "rejected"
            return outcome
        outcome.prompt_tokens += usage.prompt_tokens
        outcome.completion_tokens += usage.completion_tokens
        outcome.cost_usd += usage.cost_usd
        parsed = parse_answer(answer.text, hole)
        if parsed.missing:
            outcome.status, outcome.missing = "missing", parsed.missing
            outcome.attempts.append(Attempt(answer.text, [], _tokens(usage), 0.0))
            return outcome
        problems = list(parsed.problems)
        new_text = ""
        if not problems:
            note = _note(hole, provider, outcome)
            new_text = format_file(splice(_read_spec(hole.file), hole, parsed.statements, note))
            problems = prove(hole, new_text, parsed, settings)
        attempt = Attempt(answer.text, problems, _tokens(usage), usage.cost_usd)
        outcome.attempts.append(attempt)
        if not problems:
            outcome.status = "accepted"
            outcome.fix = parsed.fragment
            if not settings.dry_run:
                accept(hole, parsed, provider, outcome)
            return outcome
        previous = attempt
    if outcome.status == "pending":
        outcome.status = "rejected"
    return outcome


def _tokens(usage: Usage) -> int:
    return usage.prompt_tokens + usage.completion_tokens


def _note(hole: Hole, provider: Provider, outcome: Outcome) -> str:
    tokens = outcome.prompt_tokens + outcome.completion_tokens
    text = hole.text if len(hole.text) <= 60 else hole.text[:57] + "..."
    return (
        f"Repaired: {hole.card_id} {hole.where}: {text!r} by tcgc repair (provider {provider.name}, "
        f"model {provider.model}, {outcome.tries} tries, {tokens} tokens, ${outcome.cost_usd:.4f})"
    )


def accept(hole: Hole, parsed: Parsed, provider: Provider, outcome: Outcome) -> None:
    """Write the fix into its file and its scenarios into `scenarios/repair.toml`, each file atomically."""
    spec = splice(_read_spec(hole.file), hole, parsed.statements, _note(hole, provider, outcome))
    folder = hole.root / "scenarios"
    folder.mkdir(exist_ok=True)
    target = folder / SCENARIO_FILE
    old = target.read_text(encoding="utf-8") if target.exists() else SCENARIO_HEADER
    write_atomic(target, old + "".join("\n" + scenario_toml(sc) for sc in parsed.scenarios))
    write_atomic(hole.file, format_file(spec))


def _key(hole: Hole) -> tuple[str, str, str]:
    return hole.card_id, hole.where, hole.text


def run(
    paths: list[str],
    provider: Provider,
    settings: Settings,
    on_outcome: Callable[[Outcome, int, int], None] | None = None,
) -> list[Outcome]:
    """Repair every hole under `paths` in turn; the outcomes, in order."""
    from tcgc.load import load

    holes = find_holes(paths)
    outcomes: list[Outcome] = []
    for i, hole in enumerate(holes):
        spent = sum(o.cost_usd for o in outcomes)
        if settings.max_cost is not None and spent >= settings.max_cost:
            outcome = Outcome(hole, status="skipped")
        else:
            loaded = load([str(hole.root)])
            loaded.raise_for_errors()
            (game,) = loaded.games
            now = [h for h in find_holes([str(hole.root)]) if (h.card_id, h.where, h.text) == _key(hole)]
            outcome = repair_hole(now[0] if now else hole, game, provider, settings, spent)
        outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome, i + 1, len(holes))
    return outcomes
