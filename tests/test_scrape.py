"""`tcgc scrape` end to end: the saved pages and API responses served from 127.0.0.1, scraped through the
real client and parsers, written as spec, checked, built and played; and every kind of bad input.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from tcgc.cli import main
from tests.conftest import SHARED
from tests.scrape_server import Reply, manifest_routes, serve

ROOT = Path(__file__).resolve().parent.parent
CLASSIC = ROOT / "spec" / "tcg" / "classic"
FIXTURES = SHARED / "fixtures" / "web"
API_BASE = "/v2/cards?q=!set.name:%22Base%22%20!set.series:%22Base%22"
ALAKAZAM = "/wiki/Alakazam_(Base_Set_1)"
SET_LIST = "/wiki/Base_Set_(TCG)"
NOT_A_CARD = "/wiki/List_of_Pok%C3%A9mon_Trading_Card_Game_expansions"
BASE1_JSON = SHARED / "data" / "tcg" / "classic" / "base1.json"


def scrape(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict | str, str]:
    """Run `tcgc scrape ... --json`; (exit code, the summary or stdout, stderr)."""
    code = main(["scrape", "--rate", "0", "--timeout", "2", "--retries", "1", "-q", *args])
    out, err = capsys.readouterr()
    if code == 0 and "--json" in args:
        return code, json.loads(out), err
    return code, out, err


@pytest.fixture(scope="module")
def server():  # noqa: ANN201 - a tests.scrape_server.Server
    with serve(manifest_routes()) as srv:
        yield srv


def test_base_set_end_to_end(tmp_path: Path, server, capsys: pytest.CaptureFixture[str]) -> None:
    """API pages + Bulbapedia card page + set list -> spec -> check -> build -> random games."""
    spec = tmp_path / "spec" / "tcg" / "classic"
    out = spec / "base1"
    report = tmp_path / "report.md"
    code, summary, err = scrape(
        capsys,
        server.url(API_BASE),
        server.url(ALAKAZAM),
        server.url(SET_LIST),
        "--no-follow",
        "-o", str(out),
        "--cache", str(tmp_path / "cache"),
        "--compare", str(CLASSIC / "base1"),
        "--report", str(report),
        "--json",
    )  # fmt: skip
    assert code == 0, err
    total = summary["total"]
    assert (total["cards"], total["pokemon"], total["trainers"], total["energies"]) == (102, 69, 26, 7)
    assert (total["attacks"], total["attacks_with_text"], total["powers"]) == (114, 83, 6)
    share = total["effects_mapped"] / total["effects"]
    print(
        f"\nBase Set mapped fully: {total['effects_mapped']}/{total['effects']} effects ({100 * share:.1f}%)"
    )
    assert share >= 0.85
    kinds = [s["kind"] for s in summary["sources"]]
    assert kinds == ["pokemontcg-api-v2", "bulbapedia-card-page", "bulbapedia-card-page"]
    assert summary["sources"][1]["cards"] == 1  # Alakazam's page
    assert summary["listed_not_scraped"] == 0  # the set list names no card the API lacks
    assert summary["compare"]["identical"] == 102, summary["compare"]["different"]
    text = (out / "001-alakazam.tcg").read_text(encoding="utf-8")
    assert text.startswith("# Source: " + server.url(API_BASE) + " (pokemontcg-api-v2)\n#   retrieved ")
    assert f"# Source: {server.url(ALAKAZAM)} (bulbapedia-card-page)" in text
    assert "102 card(s) identical" in report.read_text(encoding="utf-8")

    shutil.copy(CLASSIC / "rules.tcg", spec / "rules.tcg")
    shutil.copytree(CLASSIC / "decks", spec / "decks")
    assert main(["check", str(tmp_path / "spec")]) == 0
    assert main(["build", str(tmp_path / "spec"), "-o", str(tmp_path / "gen")]) == 0
    assert (tmp_path / "gen" / "tcg_classic.py").exists()
    assert main(["verify", str(tmp_path / "spec"), "--level", "rollout", "--only", "--games", "100"]) == 0
    assert "ok   rollout" in capsys.readouterr().out


def test_a_second_run_sends_only_conditional_requests(tmp_path: Path, server, capsys) -> None:
    cache = str(tmp_path / "cache")
    args = (server.url(ALAKAZAM), "--cache", cache, "--json")
    code, first, _ = scrape(capsys, *args, "-o", str(tmp_path / "a"))
    assert code == 0 and first["http"]["requests"] >= 1
    code, second, _ = scrape(capsys, *args, "-o", str(tmp_path / "b"))
    assert code == 0 and second["http"]["revalidated"] == 1  # one If-None-Match, answered 304
    code, third, _ = scrape(capsys, *args, "-o", str(tmp_path / "c"), "--offline")
    assert code == 0 and third["http"]["requests"] == 0 and third["http"]["cache_hits"] == 1
    a, c = (tmp_path / "a" / "001-alakazam.tcg"), (tmp_path / "c" / "001-alakazam.tcg")
    assert a.read_text(encoding="utf-8") == c.read_text(encoding="utf-8")  # same bytes, same fetch time


def test_a_set_list_is_followed(tmp_path: Path, server, capsys) -> None:
    code, summary, err = scrape(
        capsys, server.url(SET_LIST), "--limit", "1", "-o", str(tmp_path / "o"), "--no-cache", "--json"
    )
    assert code == 0, err
    assert summary["total"]["cards"] == 1 and summary["listed_not_scraped"] == 101
    assert (tmp_path / "o" / "001-alakazam.tcg").exists()


def test_a_card_file_any_set(tmp_path: Path, capsys) -> None:
    code, summary, err = scrape(capsys, str(BASE1_JSON), "-o", str(tmp_path / "o"), "--json", "--compare",
                                str(CLASSIC / "base1"))  # fmt: skip
    assert code == 0, err
    assert summary["compare"]["identical"] == 102 and summary["total"]["files"] == 102


def test_other_sets_scrape_and_report_their_holes(tmp_path: Path, server, capsys) -> None:
    """Generations (a later set, other text): whatever the patterns cannot map is a hole, never dropped."""
    url = server.url("/v2/cards?q=supertype:pokemon%20subtypes:basic%20set.name:generations")
    code, summary, err = scrape(capsys, url, "-o", str(tmp_path / "g"), "--no-cache", "--json")
    assert code == 0, err
    total = summary["total"]
    assert total["cards"] == 59 and total["files"] == 59
    raw = json.loads((FIXTURES / "pokemontcg_api" / _fixture_name(url)).read_text(encoding="utf-8"))
    texts = [a["text"] for c in raw["data"] for a in c.get("attacks", []) if a.get("text")]
    spec = "\n".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "g").rglob("*.tcg")))
    holes = spec.count("unspecified ")
    assert holes == total["holes"] > 0
    assert total["attacks_with_text"] == len(texts)


def _fixture_name(url: str) -> str:
    from urllib.parse import unquote

    rows = (FIXTURES / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    path = unquote(url.split("127.0.0.1", 1)[1].split("/", 1)[1])
    for row in rows:
        file, original = row.split("\t")[:2]
        if unquote(original).endswith(path):
            return file.split("/", 1)[1]
    raise AssertionError(url)


def test_pocket_sources_merge_with_conflicts_reported(tmp_path: Path, server, capsys) -> None:
    a1 = SHARED / "data" / "tcg" / "pocket" / "a1.json"
    code, summary, err = scrape(
        capsys,
        str(a1),
        server.url("/tcgpocket/geneticapex/001.shtml"),
        server.url("/cards/A1/1"),
        "-o", str(tmp_path / "p"),
        "--no-cache",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    assert summary["total"]["cards"] == 286  # the two pages describe A1 #1, merged into it
    kinds = [s["kind"] for s in summary["sources"]]
    assert kinds == ["pocket-db", "serebii-card-page", "limitless-card-page"]
    text = (tmp_path / "p" / "001-bulbasaur.tcg").read_text(encoding="utf-8")
    assert text.count("# Source: ") == 3
    assert 'card "Bulbasaur" id a1-001' in text
    for conflict in summary["conflict_list"]:
        assert conflict["kept"] == "pocket-db"  # structured data first (scraper/merge.py)


# ---- bad input: a clear error naming the URL or file, and nothing written -------------------------


def _cut(path: str) -> bytes:
    raw = (FIXTURES / path).read_bytes()
    return raw[: len(raw) // 3]


def _without_infobox() -> bytes:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((FIXTURES / "bulbapedia" / "Alakazam_(Base_Set_1).html").read_bytes(), "html.parser")
    label = next(th for th in soup.find_all("th") if th.get_text(" ").strip().lower() == "card name")
    label.find_parents("table")[-1].decompose()  # the whole infobox
    return str(soup).encode()


JSON_TYPE = {"Content-Type": "application/json"}
BAD = [
    ("truncated", lambda: Reply(200, _cut("bulbapedia/Alakazam_(Base_Set_1).html")), "truncated"),
    ("no infobox", lambda: Reply(200, _without_infobox()), "neither a TCG card page (no card infobox)"),
    ("404", lambda: Reply(404, b"gone"), "HTTP 404 Not Found"),
    ("500", lambda: Reply(500, b"oops"), "HTTP 500 Internal Server Error"),
    ("timeout", lambda: Reply(200, b"{}", stall=3.0), "timed out"),
    ("slow drip", lambda: Reply(200, b"[" + b" " * 4000 + b"]", drip=0.002), "response too slow"),
    ("invalid JSON", lambda: Reply(200, b'{"data": [{"id": "x-1",', JSON_TYPE), "invalid JSON"),
    ("not UTF-8", lambda: Reply(200, b'[{"id": "x-1", "name": "\xff\xfe"}]', JSON_TYPE), "not UTF-8"),
    ("50 MB", lambda: Reply(200, b"x" * (50 * 1024 * 1024)), "exceeds the 33,554,432-byte limit"),
]  # fmt: skip


@pytest.mark.parametrize("name,reply,expect", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path: Path, capsys, name, reply, expect) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.tcg").write_text("# untouched\n", encoding="utf-8")
    with serve({"/bad": reply()}) as srv:
        extra = ["--from", "bulbapedia"] if name in ("truncated", "no infobox") else ["--deadline", "1"]
        code, _, err = scrape(capsys, srv.url("/bad"), "-o", str(out), "--no-cache", "--retries", "0", *extra)
    assert code == 1
    assert srv.url("/bad") in err and expect in err, err
    assert sorted(p.name for p in out.iterdir()) == ["keep.tcg"]


def test_a_non_card_page(tmp_path: Path, server, capsys) -> None:
    code, _, err = scrape(capsys, server.url(NOT_A_CARD), "-o", str(tmp_path / "o"), "--no-cache")
    assert code == 1 and "not a TCG card page" in err or "neither a TCG card page" in err, err
    assert not (tmp_path / "o").exists()


def test_one_bad_source_among_good_ones_writes_nothing(tmp_path: Path, server, capsys) -> None:
    code, _, err = scrape(capsys, str(BASE1_JSON), server.url("/wiki/Nowhere"), "-o", str(tmp_path / "o"))
    assert code == 1 and "/wiki/Nowhere: HTTP 404" in err
    assert not (tmp_path / "o").exists()


def test_a_missing_file_and_an_unknown_format(tmp_path: Path, capsys) -> None:
    code, _, err = scrape(capsys, str(tmp_path / "nope.json"), "-o", str(tmp_path / "o"))
    assert code == 1 and "nope.json: no such file" in err
    odd = tmp_path / "odd.json"
    odd.write_text('{"hello": 1}', encoding="utf-8")
    code, _, err = scrape(capsys, str(odd), "-o", str(tmp_path / "o"))
    assert code == 1 and "odd.json: no 'data' field" in err or "odd.json: JSON, but neither" in err, err


# ---- untrusted text stays an inert literal, through tcgc build -------------------------------------

EVIL = [
    'Quote "Mon" } } card "X" id x-9 {',
    "Two\nLines\n",
    "{{ 7 * 7 }} {% if 1 %}x{% endif %}",
    '"); import os; os.system("x") #',
    "''' + __import__('os').system('x') + '''",
    "Back\\slash\\",
]


def test_crafted_names_and_text_stay_inert_through_build(tmp_path: Path, capsys) -> None:
    from tests.test_codegen_safety import NORMAL_IMPORTS, imports_of, string_constant_mask

    cards = []
    for i, evil in enumerate(EVIL, start=1):
        cards.append(
            {
                "id": f"evil-{i}", "name": f"Mon {evil}", "supertype": "Pokémon", "subtypes": ["Basic"],
                "number": str(i), "hp": "50", "types": ["Grass"], "retreatCost": ["Colorless"],
                "attacks": [{"name": evil, "cost": ["Grass"], "damage": "10", "text": "Flip. " + evil}],
            }
        )  # fmt: skip
    cards.append({"id": "evil-99", "name": "Grass Energy", "supertype": "Energy", "subtypes": ["Basic"],
                  "number": "99"})  # fmt: skip
    src = tmp_path / "evil.json"
    src.write_text(json.dumps(cards), encoding="utf-8")
    spec = tmp_path / "spec" / "tcg" / "evil"
    code, _, err = scrape(capsys, str(src), "-o", str(spec / "set1"))
    assert code == 0, err
    shutil.copy(CLASSIC / "rules.tcg", spec / "rules.tcg")
    entries = "".join(f"  4 id evil-{i}\n" for i in range(1, len(EVIL) + 1))
    deck = f'deck "Evil" {{\n{entries}  {60 - 4 * len(EVIL)} id evil-99\n}}\n'
    (spec / "decks.tcg").write_text(deck, encoding="utf-8")
    assert main(["build", str(tmp_path / "spec"), "-o", str(tmp_path / "gen")]) == 0, capsys.readouterr().err
    source = (tmp_path / "gen" / "tcg_evil.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    masked = string_constant_mask(source, tree)
    assert "import os" not in masked and "__import__" not in masked and "system(" not in masked
    assert imports_of(list(ast.walk(tree))) <= NORMAL_IMPORTS
    from tcgc.load import load

    loaded = load([str(tmp_path / "spec")])
    (game,) = loaded.games
    assert sorted(c.name for c in game.cards if c.name.startswith("Mon ")) == sorted(
        f"Mon {e}".strip() for e in EVIL
    )
    holes = [h.text for h in game.holes]
    assert all(any(" ".join(e.split()) in h for h in holes) for e in EVIL), holes


@pytest.mark.parametrize(
    "path,expect",
    [
        ("/v2/cards/zzzz", "/v2/cards/zzzz: HTTP 404 Not Found"),
        ("/v2/sets", "/v2/sets: data[0]: card object without supertype"),
        ("/v2/cards/xy7-57", None),  # one card: `data` is an object
    ],
)
def test_other_api_answers(tmp_path: Path, server, capsys, path: str, expect: str | None) -> None:
    code, summary, err = scrape(capsys, server.url(path), "-o", str(tmp_path / "o"), "--no-cache", "--json")
    if expect is None:
        assert code == 0, err
        assert summary["total"]["cards"] == 1 and summary["total"]["files"] == 1
    else:
        assert code == 1 and expect in err, err
        assert not (tmp_path / "o").exists()


def test_a_card_file_by_url(tmp_path: Path, capsys) -> None:
    """The pokemon-tcg-data format as a URL: recognised by its content, not by its host."""
    with serve({"/cards/en/base1.json": Reply(200, BASE1_JSON.read_bytes(), JSON_TYPE)}) as srv:
        url = srv.url("/cards/en/base1.json")
        code, summary, err = scrape(capsys, url, "-o", str(tmp_path / "o"), "--no-cache", "--json")
    assert code == 0, err
    assert summary["sources"][0]["kind"] == "pokemon-tcg-data" and summary["total"]["cards"] == 102
    assert (tmp_path / "o" / "058-pikachu.tcg").read_text(encoding="utf-8").startswith(f"# Source: {url} ")
