"""The `tcgc` command line: the only place that prints, reads argv and sets up logging."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from tcgc import __version__
from tcgc.errors import SpecError, TcgcError

EPILOG = "Docs: README.md. Every command exits non-zero on failure."


def _print_json(data: object) -> None:
    print(json.dumps(data, indent=2, sort_keys=False))


def _load(paths: list[str]):  # noqa: ANN202 - Loaded, imported lazily to keep --help fast
    from tcgc.load import load

    return load(paths)


# ---- check -----------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    from tcgc.summary import battle_summary, battle_summary_line, game_summary, summary_line

    loaded = _load(args.spec)
    holes_as_errors = args.strict
    errors = [d for d in loaded.diagnostics if d.severity == "error" or holes_as_errors]
    ok = not errors
    if args.json:
        _print_json(
            {
                "ok": ok,
                "diagnostics": [
                    {**d.to_json(), "severity": "error" if holes_as_errors else d.severity}
                    for d in loaded.diagnostics
                ],
                "engines": {
                    **{g.engine: game_summary(g) for g in loaded.games},
                    **{b.engine: battle_summary(b) for b in loaded.battles},
                },
            }
        )
        return 0 if ok else 1
    shown = loaded.render(warnings=args.holes or holes_as_errors)
    if shown:
        print(shown, file=sys.stderr)
    for g in loaded.games:
        print(summary_line(g))
    for b in loaded.battles:
        print(battle_summary_line(b))
    n_err = len(loaded.errors)
    n_holes = sum(1 for d in loaded.diagnostics if d.code == "W100")
    if n_err:
        syntax = any(d.code in ("E001", "E002", "E003") for d in loaded.errors)
        more = "; an engine with a syntax error is checked further once it parses" if syntax else ""
        print(f"{n_err} error(s){more}", file=sys.stderr)
    elif n_holes and not args.holes:
        print(f"{n_holes} unspecified hole(s) (warnings); list them with --holes", file=sys.stderr)
    if holes_as_errors and n_holes:
        print(f"--strict: {n_holes} unspecified hole(s) count as errors", file=sys.stderr)
    return 0 if ok else 1


# ---- build -----------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from tcgc.build import compile_games, write_engines
    from tcgc.summary import any_summary, any_summary_line

    loaded = _load(args.spec)
    if loaded.errors:
        print(loaded.render(warnings=False), file=sys.stderr)
        print(f"build failed: {len(loaded.errors)} error(s); nothing was written", file=sys.stderr)
        return 1
    holes = [h for g in [*loaded.games, *loaded.battles] for h in g.holes]
    if args.strict and holes:
        print(loaded.render(warnings=True), file=sys.stderr)
        print(
            f"build refused (--strict): {len(holes)} unspecified hole(s); nothing was written",
            file=sys.stderr,
        )
        return 1
    built = compile_games(loaded)
    written = write_engines(built, Path(args.out))
    if args.json:
        _print_json(
            {
                "ok": True,
                "engines": {
                    b.game.engine: {**any_summary(b.game), "module": str(p)} for b, p in zip(built, written)
                },
                "holes": [
                    {
                        "card": h.card_id,
                        "name": h.card_name,
                        "where": h.where,
                        "text": h.text,
                        "file": h.span.file,
                        "line": h.span.line,
                    }
                    for h in holes
                ],
            }
        )
        return 0
    for b, path in zip(built, written):
        print(any_summary_line(b.game))
        print(f"  wrote {path} (spec sha256 {b.game.spec_hash[:16]}...)")
        if b.game.holes:
            print(f"  {len(b.game.holes)} unspecified hole(s) compiled as no-ops:")
            for h in b.game.holes:
                text = h.text if len(h.text) <= 70 else h.text[:67] + "..."
                print(f"    {h.span}: {h.card_name} ({h.where}): {text}")
    return 0


# ---- fmt -------------------------------------------------------------------------------------


def cmd_fmt(args: argparse.Namespace) -> int:
    from tcgc.diagnostics import Diagnostic, render
    from tcgc.fmt import format_file
    from tcgc.parse import parse_text

    files: list[Path] = []
    for raw in args.spec:
        p = Path(raw)
        if not p.exists():
            raise TcgcError(f"{p}: no such file or folder")
        if p.suffix == ".battle":
            raise TcgcError(
                f"{p}: fmt formats the TCG dialect (.tcg) only; the battle dialect has no formatter yet"
            )
        files.extend(sorted(p.rglob("*.tcg")) if p.is_dir() else [p])
    failed, changed = 0, []
    for f in files:
        text = f.read_text(encoding="utf-8")
        parsed = parse_text(text, str(f))
        if isinstance(parsed, Diagnostic):
            print(render(parsed, {str(f): text}), file=sys.stderr)
            failed += 1
            continue
        canonical = format_file(parsed)
        if args.stdout:
            sys.stdout.write(canonical)
        elif canonical != text:
            changed.append(f)
            if not args.check:
                f.write_text(canonical, encoding="utf-8")
    verb = "would reformat" if args.check else "reformatted"
    for f in changed:
        print(f"{verb} {f}", file=sys.stderr)
    if not args.stdout:
        print(
            f"{len(files)} file(s) checked, {len(changed)} {verb}, {failed} with syntax errors",
            file=sys.stderr,
        )
    return 1 if failed or (args.check and changed) else 0


# ---- verify ----------------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    from tcgc.verify.ladder import LEVELS, run_ladder

    if args.level == "conformance":
        return _verify_conformance(args)
    levels = [args.level] if args.only else LEVELS[: LEVELS.index(args.level) + 1]
    report = run_ladder(args.spec, levels=levels, games=args.games, seed=args.seed, quiet=args.json)
    if args.json:
        _print_json(report)
    else:
        for level in report["levels"]:
            if args.report and "coverage" in level:
                from tcgc.verify.coverage import CardCoverage, render

                rows = [CardCoverage(**row) for row in level["coverage"]]
                print("\n".join(render(rows)))
            mark = "ok  " if level["ok"] else "FAIL"
            print(f"{mark} {level['level']:<12} {level['summary']}")
            for line in level.get("failures", [])[:20]:
                print(f"       {line}")
    return 0 if report["ok"] else 1


def _verify_conformance(args: argparse.Namespace) -> int:
    """`tcgc verify --level conformance`: battle outcome distributions vs Pokemon Showdown."""
    import threading

    from tcgc.progress import Progress
    from tcgc.verify.conformance import FORMATS, render_markdown, run_conformance

    lock = threading.Lock()

    loaded = _load(args.spec)
    if loaded.errors:
        print(loaded.render(warnings=False), file=sys.stderr)
        print(f"verify: {len(loaded.errors)} error(s) in the spec", file=sys.stderr)
        return 1
    games = [b for b in loaded.battles if b.engine in FORMATS]
    if not games:
        found = ", ".join(b.engine for b in loaded.battles) or "none"
        raise TcgcError(
            f"conformance compares battle engines with Pokemon Showdown; engines known to it: "
            f"{', '.join(FORMATS)}; found under {' '.join(args.spec)}: {found}"
        )
    if args.battles < 1:
        raise TcgcError("--battles must be at least 1")
    levels = []
    for game in games:
        bar = Progress(f"conformance {game.engine}")
        done: dict[str, tuple[int, int]] = {}

        def progress(side: str, finished: int, total: int, bar: Progress = bar, done: dict = done) -> None:
            with lock:  # the two sides report from two threads
                done[side] = (finished, total)
                note = ", ".join(f"{k} {d}/{n}" for k, (d, n) in sorted(done.items()))
                bar.update(sum(d for d, _ in done.values()), sum(n for _, n in done.values()), note)

        report = run_conformance(
            game, battles=args.battles, seed=args.seed, workers=args.jobs, progress=progress
        )
        bar.done()
        markdown = render_markdown(report)
        if isinstance(args.report, str):
            target = Path(args.report)
            md_path = target if target.suffix != ".json" else target.with_suffix(".md")
            json_path = target.with_suffix(".json")
            md_path.parent.mkdir(parents=True, exist_ok=True)
            md_path.write_text(markdown, encoding="utf-8")
            json_path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
            print(f"conformance report written to {md_path} and {json_path}", file=sys.stderr)
        elif args.report and not args.json:
            print(markdown)
        failures = [
            f"{t['id']}: ours {t['ours']}, Showdown {t['showdown']}, p = {t['p']:.3g}"
            for t in report["tests"]
            if t["result"] == "fail"
        ]
        levels.append(
            {
                "level": "conformance",
                "engine": game.engine,
                "ok": report["ok"],
                "failures": failures,
                "summary": f"{game.engine} vs Showdown {report['format']} (clauses: "
                f"{', '.join(report['clauses']) or 'none'}): {len(report['pairs'])} pairs x "
                f"{report['battles_per_pair']} battles, {report['performed']} tests, {report['failed']} "
                f"failed, {report['skipped']} skipped (alpha {report['alpha']:g}, Bonferroni "
                f"{report['threshold']:.3g})",
                "report": report,
            }
        )
    ok = all(level["ok"] for level in levels)
    if args.json:
        _print_json({"ok": ok, "levels": levels})
    else:
        for level in levels:
            print(f"{'ok  ' if level['ok'] else 'FAIL'} {level['level']:<12} {level['summary']}")
            for line in level["failures"][:20]:
                print(f"       {line}")
    return 0 if ok else 1


# ---- bench -----------------------------------------------------------------------------------


def cmd_bench(args: argparse.Namespace) -> int:
    from tcgc.bench import run_bench
    from tcgc.load import load
    from tcgc.runtime.env import BattleEnv, Env

    loaded = load(args.spec)
    loaded.raise_for_errors()
    games = {g.engine: g for g in [*loaded.games, *loaded.battles]}
    if args.engine not in games:
        raise TcgcError(f"no engine '{args.engine}' under {' '.join(args.spec)}; engines: {', '.join(games)}")
    from tcgc.runtime.env import load_engine_module

    module = load_engine_module(args.engine, args.generated)
    env = BattleEnv(module) if args.engine in {b.engine for b in loaded.battles} else Env(module)
    if games[args.engine].spec_hash != env.module.SPEC_HASH:
        raise TcgcError(
            f"generated engine '{args.engine}' is stale (spec changed); run `tcgc build "
            f"{' '.join(args.spec)}{' -o ' + args.generated if args.generated else ''}` first"
        )

    def note(what: str) -> None:
        if not args.json:
            print(f"measuring {what} ...", file=sys.stderr, flush=True)

    battle = isinstance(env, BattleEnv)
    result = run_bench(
        games[args.engine],
        env,
        batches=args.batch,
        seconds=args.seconds,
        progress=note,
        showdown=battle and args.showdown,
    )
    if args.json:
        _print_json(result)
        return 0
    print(f"engine {result['engine']} on {result['device']}")
    print(f"{'impl':<12} {'batch':>6} {'steps/s':>14}")
    for row in result["rows"]:  # type: ignore[union-attr]
        print(f"{row['impl']:<12} {row['batch']:>6} {row['steps_per_s']:>14,.0f}")
    ratios = result["ratios"]
    print(f"jax vs reference at batch {ratios['at_batch']}: {ratios['jax_vs_reference']}x")  # type: ignore[index]
    if "jax_vs_showdown" in ratios:  # type: ignore[operator]
        print(f"jax vs showdown (all cores) at batch {ratios['at_batch']}: {ratios['jax_vs_showdown']}x")  # type: ignore[index]
    return 0


# ---- teams -------------------------------------------------------------------------------------


def cmd_teams(args: argparse.Namespace) -> int:
    from tcgc.teams import random_teams_text

    loaded = _load(args.spec)
    if loaded.errors:
        print(loaded.render(warnings=False), file=sys.stderr)
        print(f"teams: {len(loaded.errors)} error(s) in the spec; nothing was written", file=sys.stderr)
        return 1
    if len(loaded.battles) != 1:
        found = ", ".join(b.engine for b in loaded.battles) or "none"
        raise TcgcError(f"give exactly one battle engine folder (found: {found}), e.g. spec/battle/gen1")
    if args.count < 1:
        raise TcgcError("--count must be at least 1")
    text = random_teams_text(loaded.battles[0], args.count, args.seed)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    print(f"wrote {args.count} random teams to {target}")
    return 0


# ---- parser ------------------------------------------------------------------------------------


# ---- scrape ----------------------------------------------------------------------------------


def _cache_dir(args: argparse.Namespace) -> Path | None:
    if args.no_cache:
        return None
    if args.cache:
        return Path(args.cache)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tcgc" / "http"


def cmd_scrape(args: argparse.Namespace) -> int:
    from tcgc.progress import Progress
    from tcgc.scraper import scrape as sc
    from tcgc.scraper.http import Fetcher
    from tcgc.scraper.write import write_tree

    out = Path(args.out)
    if any(s.startswith("showdown:") for s in args.source):
        return _scrape_showdown(args, out)
    fetcher = Fetcher(
        cache_dir=_cache_dir(args),
        offline=args.offline,
        min_interval=args.rate,
        timeout=args.timeout,
        deadline=args.deadline,
        retries=args.retries,
        max_bytes=args.max_bytes,
    )
    bars: dict[str, Progress] = {}

    def progress(label: str, done: int, total: int) -> None:
        bar = bars.setdefault(label, Progress(f"scrape {label[-40:]}", quiet=args.quiet))
        bar.update(done, total)

    opts = sc.Options(
        fmt=args.source_format, follow=not args.no_follow, limit=args.limit, max_bytes=args.max_bytes
    )
    with fetcher:
        result = sc.scrape_cards(args.source, fetcher, opts, progress)
    for bar in bars.values():
        bar.done()
    written = write_tree(out, result.files)
    summary = {
        **result.summary,
        "out": str(out),
        "written": len(written),
        "http": vars(fetcher.stats),
        "conflict_list": [
            {"card": c.card, "field": c.field, "values": dict(c.values), "kept": c.winner}
            for c in result.conflicts
        ],
        "listed_not_scraped_list": list(result.unlisted),
    }
    report = sc.report_markdown(result, summary)
    if args.compare:
        from tcgc.scraper.compare import compare

        comparison = compare(out, Path(args.compare))
        summary["compare"] = {
            "with": args.compare,
            "identical": len(comparison.identical),
            "different": [{"card": d.card, "diff": list(d.lines)} for d in comparison.different],
            "only_scraped": list(comparison.only_left),
            "only_compared": list(comparison.only_right),
        }
        report += "\n" + comparison.report(str(out), args.compare)
    if args.report:
        Path(args.report).write_text(report, encoding="utf-8")
    if args.json:
        _print_json(summary)
        return 0
    for line in sc.summary_lines(result, summary):
        print(line)
    if args.compare:
        c = summary["compare"]
        print(
            f"compared with {args.compare}: {c['identical']} card(s) identical at the IR level, "
            f"{len(c['different'])} different, {len(c['only_scraped'])} only scraped, "
            f"{len(c['only_compared'])} only in {args.compare}" + ("; see --report" if c["different"] else "")
        )
    return 0


def _scrape_showdown(args: argparse.Namespace, out: Path) -> int:
    from tcgc.scraper import showdown
    from tcgc.scraper.write import write_tree

    if args.source != ["showdown:gen1"]:
        raise TcgcError(f"{' '.join(args.source)}: the Showdown source is `showdown:gen1`, given alone")
    files, _provs, counts = showdown.files_for_cli(None)
    written = write_tree(out, files)
    summary = {"source": "showdown:gen1", **counts, "out": str(out), "written": len(written)}
    if args.json:
        _print_json(summary)
    else:
        print(", ".join(f"{k} {v}" for k, v in counts.items()))
        print(f"wrote {len(written)} file(s) to {out}")
    return 0


# ---- repair ----------------------------------------------------------------------------------


def _provider(args: argparse.Namespace, spec: list[str]):  # noqa: ANN202 - a tcgc.repair Provider
    from tcgc.repair.providers import CommandProvider, OpenAIProvider

    if args.provider == "openai":
        return OpenAIProvider.from_config(model=args.model, base_url=args.base_url, config_path=args.config)
    if args.provider == "command":
        if not args.command_line:
            raise TcgcError(
                "--provider command needs --command 'PROGRAM ARGS...' (it reads the prompt on stdin)"
            )
        return CommandProvider(args.command_line, timeout=args.timeout)
    from tcgc.repair.rules import RulesProvider

    loaded = _load(spec)
    loaded.raise_for_errors()
    games = loaded.games
    return RulesProvider(games[0] if len(games) == 1 else None)


def cmd_repair(args: argparse.Namespace) -> int:
    from tcgc.repair import loop, report

    provider = _provider(args, args.spec)
    settings = loop.Settings(
        max_tries=args.max_tries,
        max_cost=args.max_cost,
        games=args.games,
        seed=args.seed,
        dry_run=args.dry_run,
    )

    def progress(outcome: loop.Outcome, done: int, total: int) -> None:
        if not args.quiet and not args.json:
            h = outcome.hole
            need = f": needs {outcome.missing}" if outcome.missing else ""
            print(
                f"[{done}/{total}] {h.card_name} ({h.where}): {outcome.status}, tries {outcome.tries}{need}",
                file=sys.stderr,
            )

    before = len(loop.find_holes(args.spec))
    outcomes = loop.run(args.spec, provider, settings, progress)
    after = len(loop.find_holes(args.spec))
    data = report.as_json(outcomes, provider, before=before, after=after, settings=settings)
    if args.report:
        Path(args.report).write_text(report.markdown(data), encoding="utf-8")
    if args.json:
        _print_json(data)
    else:
        for line in report.summary_lines(data):
            print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="tcgc",
        description="tcgc compiles card and battle game specs (a typed DSL) into branchless JAX engines.",
        epilog=EPILOG,
    )
    ap.add_argument("--version", action="version", version=f"tcgc {__version__}")
    ap.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "build",
        help="compile specs into engines under generated/",
        description="Parse, check, lower and emit one engine per game folder (a folder with "
        "rules.tcg or rules.battle). Nothing is written when any engine has an error. Holes (`unspecified`) "
        "compile as no-ops and are listed.",
        epilog=EPILOG,
    )
    p.add_argument("spec", nargs="+", help="spec folders or files, e.g. spec/")
    p.add_argument("-o", "--out", default="generated", help="output folder (default: generated/)")
    p.add_argument("--strict", action="store_true", help="refuse to build while any hole remains")
    p.add_argument("--json", action="store_true", help="machine-readable summary")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "check",
        help="diagnostics only",
        description="Parse and check specs; print every problem as file:line:col with a caret, "
        "then a summary per engine.",
        epilog=EPILOG,
    )
    p.add_argument("spec", nargs="+")
    p.add_argument("--json", action="store_true", help='print {"ok", "diagnostics", "engines"}')
    p.add_argument("--strict", action="store_true", help="count unspecified holes as errors")
    p.add_argument("--holes", action="store_true", help="list every unspecified hole (warnings)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "fmt",
        help="rewrite spec files in canonical form",
        description="Print specs back in canonical form (parse(fmt(x)) == x). Leading comment "
        "lines of a file are kept; comments inside items are not.",
        epilog=EPILOG,
    )
    p.add_argument("spec", nargs="+")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not canonical")
    p.add_argument("--stdout", action="store_true", help="print canonical text instead of rewriting files")
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser(
        "verify",
        help="run the verification ladder",
        description="static (parse, check, engine freshness), property (invariants over random "
        "games), interaction (named scenarios on engine and reference), rollout (random games, "
        "engine == reference after every step). A level runs the levels below it unless --only. "
        "conformance runs alone: random battles of fixed team pairs in the battle engine's reference and "
        "in Pokemon Showdown (format gen1customgame, no clauses), compared by two-sample tests.",
        epilog=EPILOG,
    )
    p.add_argument("spec", nargs="+")
    p.add_argument(
        "--level",
        choices=["static", "property", "interaction", "rollout", "conformance"],
        default="rollout",
    )
    p.add_argument("--only", action="store_true", help="run just the given level")
    p.add_argument(
        "--games", type=int, default=100, help="random games for property and rollout (default 100)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--report",
        nargs="?",
        const=True,
        default=None,
        metavar="PATH",
        help="with the interaction level: list every card, whether its effect is expressed or a hole, "
        "and the scenarios that exercise it; with conformance: write the report to PATH (markdown) and "
        "PATH with suffix .json (without PATH: print the markdown)",
    )
    p.add_argument(
        "--battles",
        type=int,
        default=2000,
        help="conformance: battles per team pair on each side (default 2000, the benchmark size)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="conformance: Showdown processes (our side uses a quarter of them); default: the CPUs",
    )
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "bench",
        help="steps/s of an engine and its reference, side by side",
        description="Random-action steps per second of the jitted, vmapped engine (auto-reset "
        "included) at each batch size and of the reference interpreter, in one run.",
        epilog=EPILOG,
    )
    p.add_argument("--engine", default="tcg-classic")
    p.add_argument("--spec", nargs="+", default=["spec"], help="spec folders (default: spec/)")
    p.add_argument("--batch", type=int, nargs="+", default=[1, 1024, 8192])
    p.add_argument("--seconds", type=float, default=5.0, help="time budget per row (default 5)")
    p.add_argument(
        "--generated",
        metavar="DIR",
        help="load the engine from DIR (built with `tcgc build SPEC -o DIR`) instead of generated/",
    )
    p.add_argument(
        "--no-showdown",
        dest="showdown",
        action="store_false",
        help="battle engines: skip Pokemon Showdown's own row (one node process per core, summed)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser(
        "scrape",
        help="web pages, API responses, card files or Showdown data -> spec files",
        description="Read each SOURCE (a URL or a file; `showdown:gen1` for Pokemon Showdown's Gen 1 data) "
        "and write one spec file per card into OUT, each with a provenance header (source, retrieval time, "
        "sha256). Effect text is mapped to primitives by the pattern library; every sentence it cannot map "
        "stays an `unspecified` hole. Cards given by several sources are merged; disagreements are reported "
        "with the source kept (precedence: API/data files, then Limitless, Bulbapedia, Serebii). Nothing is "
        "written unless the whole scrape succeeds. HTTP: cached on disk (conditional requests), one request "
        "a second per host, retries on 429/5xx honouring Retry-After, robots.txt respected.",
        epilog=EPILOG,
    )
    p.add_argument("source", nargs="+", metavar="SOURCE", help="URL, file, or showdown:gen1")
    p.add_argument("-o", "--out", required=True, help="output folder, e.g. spec/tcg/classic/base1/")
    p.add_argument(
        "--from",
        dest="source_format",
        choices=[
            "auto",
            "pokemontcg-api",
            "pokemon-tcg-data",
            "pocket-db",
            "bulbapedia",
            "serebii",
            "limitless",
        ],
        default="auto",
        help="the sources' format (default: by host, then by content)",
    )
    p.add_argument("--cache", help="HTTP cache folder (default: $XDG_CACHE_HOME/tcgc/http)")
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the HTTP cache")
    p.add_argument("--offline", action="store_true", help="send no request; answer from the cache only")
    p.add_argument("--rate", type=float, default=1.0, help="seconds between requests to one host (default 1)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per network operation (default 20)")
    p.add_argument(
        "--deadline",
        type=float,
        default=120.0,
        help="seconds for a whole response, slow drips fail (default 120)",
    )
    p.add_argument("--retries", type=int, default=4, help="retries on 429/5xx/timeouts (default 4)")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=32 * 1024 * 1024,
        help="largest response or file read (default 32 MiB)",
    )
    p.add_argument("--no-follow", action="store_true", help="do not follow the card links of a set-list page")
    p.add_argument("--limit", type=int, help="follow at most N card links of a set-list page")
    p.add_argument(
        "--compare",
        metavar="DIR",
        help="compare the written cards with the cards in DIR at the IR level (diff in --report, --json)",
    )
    p.add_argument("--report", metavar="PATH", help="write the summary and every conflict as markdown")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_scrape)

    p = sub.add_parser(
        "repair",
        help="fill unspecified holes with a provider, accepting only proven fixes",
        description="For each `unspecified` hole of the TCG specs: build a prompt (the text, the card, the "
        "primitive catalogue generated from the grammar, similar solved cards), ask the provider for "
        "statements and an interaction scenario, and accept the fix only if the spec checks, the engine "
        "builds, the scenario passes on the JAX engine and the reference, and random games keep every "
        "invariant; otherwise retry with the diagnostics. Accepted fixes are written back (with a provenance "
        "line: provider, model, tries, tokens, cost) and their scenarios kept in scenarios/repair.toml. "
        "Providers: rules (offline: the pattern library), openai (any OpenAI-compatible endpoint: "
        "TCGC_REPAIR_MODEL, TCGC_REPAIR_BASE_URL, TCGC_REPAIR_API_KEY or OPENAI_API_KEY, "
        "TCGC_REPAIR_PRICE_IN/OUT in USD per million tokens, or tcgc-repair.toml), command (a program "
        "reading the prompt on stdin and answering on stdout).",
        epilog=EPILOG,
    )
    p.add_argument("spec", nargs="+", help="spec folders or files, e.g. spec/tcg/classic")
    p.add_argument("--provider", choices=["rules", "openai", "command"], default="rules")
    p.add_argument("--model", help="openai: the model (default: TCGC_REPAIR_MODEL or the config file)")
    p.add_argument("--base-url", help="openai: the endpoint (default: TCGC_REPAIR_BASE_URL, OPENAI_BASE_URL)")
    p.add_argument("--config", help="openai: a TOML config file (default: ./tcgc-repair.toml if present)")
    p.add_argument("--command", dest="command_line", metavar="CMD", help="command: the program to run")
    p.add_argument("--timeout", type=float, default=300.0, help="command: seconds per answer (default 300)")
    p.add_argument("--max-tries", type=int, default=3, help="tries per hole (default 3)")
    p.add_argument("--max-cost", type=float, default=None, help="stop when this many USD are spent")
    p.add_argument(
        "--games", type=int, default=4, help="random games per check (default 4; 0: scenarios only)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dry-run", action="store_true", help="prove fixes but write nothing")
    p.add_argument("--report", metavar="PATH", help="write the report (markdown)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-hole progress lines")
    p.set_defaults(func=cmd_repair)

    p = sub.add_parser(
        "teams",
        help="random legal teams of a battle game, as spec",
        description="Write COUNT random legal teams of a battle engine (different species, moves from "
        "their learnsets) as battle-dialect spec text; the same seed gives the same teams.",
        epilog=EPILOG,
    )
    p.add_argument("spec", nargs="+", help="the battle engine folder, e.g. spec/battle/gen1")
    p.add_argument("--count", type=int, default=20, help="how many teams (default 20)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("-o", "--out", help="write to this .battle file (default: print)")
    p.set_defaults(func=cmd_teams)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(name)s: %(message)s"
    )
    try:
        return int(args.func(args))
    except SpecError as err:
        print(str(err), file=sys.stderr)
        return 1
    except TcgcError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `tcgc build spec/ | head`
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
