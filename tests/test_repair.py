"""`tcgc repair`: the loop against a fake OpenAI-compatible server, a command, and the rules provider.

Every fix is proven on a small engine (tests/helpers_spec.py) with holes put in its cards: the spec
checks, the engine builds, the proposed scenario passes on the JAX engine and the reference, and two
random games keep the invariants. A rejected fix changes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tcgc.cli import main
from tcgc.load import load
from tcgc.repair import loop
from tcgc.repair.providers import OpenAIProvider, ProviderError
from tcgc.repair.rules import RulesProvider
from tests.fake_openai import completion, error, garbage, serve_fake, stall
from tests.helpers_spec import MAXIMON, MINIMON, write_engine

KEY = "sk-test-SECRET-123"
PARALYZE = "Flip a coin. If heads, the Defending Pokémon is now Paralyzed."
SELF = "Maximon does 10 damage to itself."
ODD = "Shuffle the Defending Pokémon into its owner's deck, then fold it into a paper crane."

HOLED_MINIMON = MINIMON.replace(
    "    if flip heads {\n      inflict paralyzed on defending\n    }", f'    unspecified "{PARALYZE}"'
)
HOLED_MAXIMON = MAXIMON.replace(
    'attack "Slam" cost [grass colorless] damage 30',
    f'attack "Slam" cost [grass colorless] damage 30 {{\n    unspecified "{SELF}"\n  }}\n'
    f'  attack "Fold" cost [grass] damage 10 {{\n    unspecified "{ODD}"\n  }}',
)
SETTINGS = loop.Settings(max_tries=3, games=2)

SCENARIO = """[[scenario]]
name = "Tackle paralyzes on heads"
covers = ["card:mini-1"]
me = { active = { card = "Minimon", attached = ["Grass Energy"] } }
opponent = { active = "Maximon" }
do = [{ action = "attack 0", coins = { "effect:0" = "heads" } }]
expect = { "opponent.active.status" = ["paralyzed"], "opponent.active.damage" = 10 }
"""
RIGHT = f"```tcgc\nif flip heads {{\n  inflict paralyzed on defending\n}}\n```\n\n```toml\n{SCENARIO}```\n"
WRONG = f"```tcgc\ninflict poisoned on defending\n```\n\n```toml\n{SCENARIO}```\n"


def engine(tmp_path: Path, odd: bool = False) -> Path:
    maximon = HOLED_MAXIMON if odd else MAXIMON
    return write_engine(tmp_path, {"set1/001-minimon.tcg": HOLED_MINIMON, "set1/002-maximon.tcg": maximon})


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def openai(url: str, waits: list[float] | None = None) -> OpenAIProvider:
    return OpenAIProvider("fake-model", KEY, url, price_in=1000.0, price_out=2000.0, retries=2, timeout=1.0,
                          sleep=(waits if waits is not None else []).append)  # fmt: skip


def test_prompt_holds_the_text_card_catalogue_and_examples(tmp_path: Path) -> None:
    root = engine(tmp_path)
    (game,) = load([str(root)]).games
    (hole,) = loop.find_holes([str(root)])
    prompt = loop.render_prompt(game, hole)
    assert PARALYZE in prompt and 'card "Minimon" id mini-1' in prompt
    assert '- inflict: `"inflict" NAME "on" NAME`' in prompt  # generated from grammar/tcg.lark
    assert "- switch: `" in prompt and "unspecified: `" not in prompt.split("## Primitives")[1].split("##")[0]
    assert "conditions asleep, confused, paralyzed, poisoned" in prompt
    assert "Cards of this game whose effects" not in prompt  # no expressed card shares a word with it
    assert "Your previous answer" not in prompt
    again = loop.render_prompt(game, hole, loop.Attempt("old answer", ["it failed like this"], 0, 0.0))
    assert "old answer" in again and "- it failed like this" in again


def test_nearest_examples_share_the_most_words(classic_game) -> None:
    hole = loop.Hole("tcg-classic", Path("."), Path("x.tcg"), "x-1", "X", "attack Y", PARALYZE, 1, 1, "")
    examples = loop.nearest_examples(classic_game, hole)
    assert len(examples) == 3
    assert all("if flip heads {\n      inflict paralyzed on defending" in e for e in examples), examples


def test_wrong_then_right_is_retried_with_the_diagnostics(tmp_path: Path) -> None:
    root = engine(tmp_path)
    with serve_fake([completion(WRONG, 300, 50), completion(RIGHT, 400, 60)]) as srv:
        (outcome,) = loop.run([str(root)], openai(srv.base_url), SETTINGS)
    assert outcome.status == "accepted" and outcome.tries == 2
    assert "opponent.active.status" in outcome.attempts[0].problems[0]  # the interaction check caught it
    retry_prompt = srv.requests[1].body["messages"][-1]["content"]
    assert (
        "Your previous answer was rejected" in retry_prompt
        and outcome.attempts[0].problems[0] in retry_prompt
    )
    text = (root / "set1" / "001-minimon.tcg").read_text(encoding="utf-8")
    assert "unspecified" not in text and "inflict paralyzed on defending" in text
    assert text.startswith("# Repaired: mini-1 attack Tackle:")
    assert "provider openai, model fake-model, 2 tries, 810 tokens, $0.9200" in text.splitlines()[0]
    kept = (root / "scenarios" / "repair.toml").read_text(encoding="utf-8")
    assert 'name = "Tackle paralyzes on heads"' in kept and '"card:mini-1"' in kept
    loaded = load([str(root)])
    assert not loaded.errors and not loaded.games[0].holes
    assert KEY not in text + kept + json.dumps([o.as_dict() for o in [outcome]])


BAD_ANSWERS = [
    ("garbage", [completion("I think you should heal it.")] * 3, "rejected", "exactly one ```tcgc block"),
    ("invalid JSON", [garbage()], "error", "answer is not JSON"),
    ("fails its scenario", [completion(WRONG)] * 2, "rejected", "opponent.active.status"),
    ("a second card", [completion(
        '```tcgc\ninflict paralyzed on defending } } card "Evil" id evil-1 { trainer { draw 7 } }\n'
        'card "x" id x-1 { trainer { draw 1\n```\n```toml\n' + SCENARIO + "```")] * 3,
     "rejected", "statements for this one hole only"),
    ("python code", [completion('```tcgc\n__import__("os").system("touch /tmp/pwned")\n```\n```toml\n'
                                + SCENARIO + "```")] * 3, "rejected", "do not parse"),
    ("a hole again", [completion(f'```tcgc\nunspecified "x"\n```\n```toml\n{SCENARIO}```')] * 3, "rejected",
     "still hold an `unspecified`"),
    ("timeout", [stall(3.0)], "error", "timed out"),
]  # fmt: skip


@pytest.mark.parametrize("name,script,status,why", BAD_ANSWERS, ids=[b[0] for b in BAD_ANSWERS])
def test_a_rejected_fix_changes_nothing(tmp_path: Path, name, script, status, why) -> None:
    root = engine(tmp_path)
    before = snapshot(root)
    with serve_fake(script) as srv:
        (outcome,) = loop.run([str(root)], openai(srv.base_url), loop.Settings(max_tries=2, games=2))
    assert outcome.status == status
    assert any(why in p for a in outcome.attempts for p in a.problems), outcome.attempts
    assert snapshot(root) == before
    assert not Path("/tmp/pwned").exists()


def test_429_then_success(tmp_path: Path) -> None:
    root = engine(tmp_path)
    waits: list[float] = []
    with serve_fake([error(429, "slow down", retry_after=3), completion(RIGHT)]) as srv:
        (outcome,) = loop.run([str(root)], openai(srv.base_url, waits), SETTINGS)
    assert outcome.status == "accepted" and waits == [3.0]


def test_budget_runs_out_mid_run(tmp_path: Path) -> None:
    """Three holes, each answer costs $0.6 (600 + 0 tokens at $1000/M), budget $1: two asked, one skipped."""
    root = engine(tmp_path, odd=True)
    before = (root / "set1" / "002-maximon.tcg").read_bytes()
    with serve_fake([completion(RIGHT, 600, 0), completion("nothing useful", 600, 0)]) as srv:
        outcomes = loop.run(
            [str(root)], openai(srv.base_url), loop.Settings(max_tries=3, max_cost=1.0, games=2)
        )
    assert [o.status for o in outcomes] == ["accepted", "rejected", "skipped"]
    assert [o.tries for o in outcomes] == [1, 1, 0]
    assert "the budget of $1 is spent" in outcomes[1].attempts[-1].problems
    assert round(sum(o.cost_usd for o in outcomes), 6) == 1.2
    assert (root / "set1" / "002-maximon.tcg").read_bytes() == before


def test_an_interrupted_run_leaves_every_file_valid(tmp_path: Path) -> None:
    root = engine(tmp_path, odd=True)

    class Interrupting(RulesProvider):
        calls = 0

        def ask(self, prompt: str, hole: object):  # noqa: ANN201
            Interrupting.calls += 1
            if Interrupting.calls == 2:
                raise KeyboardInterrupt
            return super().ask(prompt, hole)

    (game,) = load([str(root)]).games
    with pytest.raises(KeyboardInterrupt):
        loop.run([str(root)], Interrupting(game), SETTINGS)
    loaded = load([str(root)])
    assert not loaded.errors
    assert [h.text for h in loaded.games[0].holes] == [SELF, ODD]  # the first fix landed, whole
    assert not list(root.rglob(".*"))  # no temporary file left behind


def test_rules_provider_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = engine(tmp_path, odd=True)
    report = tmp_path / "report.md"
    code = main(["repair", str(root), "--games", "2", "--json", "--report", str(report)])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    print(f"\nrules provider on the mini engine: holes {data['holes_before']} -> {data['holes_after']}")
    assert (data["holes_before"], data["holes_after"]) == (3, 1)
    assert data["counts"] == {"accepted": 2, "missing": 1}
    assert list(data["missing_capabilities"]) == ["a primitive for this text"]
    assert "## Missing capabilities" in report.read_text(encoding="utf-8")
    text = (root / "set1" / "002-maximon.tcg").read_text(encoding="utf-8")
    assert "damage 10 to self" in text and f'unspecified "{ODD}"' in text


def test_command_provider_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = engine(tmp_path)
    script = tmp_path / "answer.py"
    script.write_text(f"import sys\nsys.stdin.read()\nprint({RIGHT!r})\n", encoding="utf-8")
    code = main(["repair", str(root), "--provider", "command", "--command", f"{sys.executable} {script}",
                 "--games", "0", "--json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["counts"] == {"accepted": 1} and data["holes_after"] == 0
    assert data["provider"] == "command"


def test_openai_provider_needs_a_model(tmp_path: Path, capsys, monkeypatch) -> None:
    for var in ("TCGC_REPAIR_MODEL", "TCGC_REPAIR_API_KEY", "OPENAI_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)
    root = engine(tmp_path)
    assert main(["repair", str(root), "--provider", "openai"]) == 1
    assert "TCGC_REPAIR_MODEL" in capsys.readouterr().err
    with pytest.raises(ProviderError):
        OpenAIProvider.from_config(env={})


def test_rules_provider_on_the_base_set_scrape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Base Set as scraped (tcgc scrape of the card file), repaired offline: holes before and after."""
    import shutil

    from tests.conftest import SHARED

    spec = tmp_path / "spec" / "tcg" / "classic"
    base1 = SHARED / "data" / "tcg" / "classic" / "base1.json"
    assert main(["scrape", str(base1), "-o", str(spec / "base1"), "-q"]) == 0
    shutil.copy(Path(__file__).resolve().parents[1] / "spec" / "tcg" / "classic" / "rules.tcg", spec)
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "spec" / "tcg" / "classic" / "decks", spec / "decks"
    )
    capsys.readouterr()
    assert main(["repair", str(spec), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    print(f"\nrules provider on the Base Set scrape: holes {data['holes_before']} -> {data['holes_after']}")
    assert data["holes_before"] == data["holes_after"] == 0  # the scrape maps every Base Set text
