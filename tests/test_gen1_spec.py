"""The Generation 1 battle spec (spec/battle/gen1) and its scraper, tcgc.scraper.showdown.

The regeneration tests run `node tools/showdown/export_gen1.js`; they need Node.js and
`npm ci --prefix tools/showdown` and fail (they are not skipped) without them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tcgc.scraper import showdown

from tcgc import ir
from tcgc import ir_battle as bir
from tcgc.diagnostics import Diagnostic
from tcgc.errors import ScrapeError
from tcgc.load import load
from tcgc.parse_battle import parse_battle_text
from tcgc.summary import battle_summary

ROOT = Path(__file__).resolve().parent.parent
GEN1 = ROOT / "spec" / "battle" / "gen1"
GENERATED = ("types.battle", "species.battle", "moves.battle")
SCRAPED = (*GENERATED, "teams/sample.battle", "random_sets.battle")
TYPE_ORDER = [
    "normal", "fire", "water", "electric", "grass", "ice", "fighting", "poison", "ground", "flying",
    "psychic", "bug", "rock", "ghost", "dragon",
]  # fmt: skip
SOURCE = "# Source: npm pokemon-showdown 0.11.11 (Dex.mod('gen1')) (showdown-npm)"
WRITTEN_BY = "# Written by `tcgc scrape showdown:gen1`; do not edit by hand."
INSTALL = "run `npm ci --prefix tools/showdown` first (pokemon-showdown is missing)"
SHOWDOWN_PACKAGE = ROOT / "tools" / "showdown" / "node_modules" / "pokemon-showdown" / "package.json"
RANDOM_DATA = SHOWDOWN_PACKAGE.parent / "dist" / "data" / "random-battles" / "gen1" / "data.json"


def parse(path: Path) -> bir.BattleFile:
    result = parse_battle_text(path.read_text(encoding="utf-8"), str(path))
    assert not isinstance(result, Diagnostic), str(result)
    return result


def items(name: str) -> tuple[bir.BattleItem, ...]:
    return parse(GEN1 / name).items


def moves() -> dict[str, bir.MoveDef]:
    return {m.name: m for m in items("moves.battle") if isinstance(m, bir.MoveDef)}


def type_entries() -> dict[str, bir.TypeEntry]:
    (types,) = items("types.battle")
    assert isinstance(types, bir.Types)
    return {e.name: e for e in types.entries}


def matchup(entry: bir.TypeEntry, how: str) -> tuple[str, ...]:
    return next((m.defenders for m in entry.matchups if m.how == how), ())


def test_every_gen1_file_parses() -> None:
    paths = sorted(GEN1.rglob("*.battle"))
    names = {p.relative_to(GEN1).as_posix() for p in paths}
    assert names >= {*SCRAPED, "rules.battle"}
    for path in paths:
        parse(path)


def test_generated_files_name_their_source() -> None:
    epoch = f"SOURCE_DATE_EPOCH={showdown.CHECKED_IN_SOURCE_DATE_EPOCH} "
    for name in SCRAPED:
        head = parse(GEN1 / name).header
        assert SOURCE in head and WRITTEN_BY in head, name
        assert "#   retrieved 2026-08-10T15:09:46Z, sha256 " in "\n".join(head), name
        assert any(epoch in line for line in head), name


def test_counts() -> None:
    species = [s for s in items("species.battle") if isinstance(s, bir.SpeciesDef)]
    assert [s.num for s in species] == list(range(1, 152))
    assert all(len(s.base) == 5 for s in species)
    all_moves = [m for m in items("moves.battle") if isinstance(m, bir.MoveDef)]
    assert len(all_moves) == 165
    assert [m.num for m in all_moves] == sorted(m.num for m in all_moves)
    assert "Struggle" in {m.name for m in all_moves}
    assert list(type_entries()) == TYPE_ORDER


def run_scraper(out: Path, *extra: str) -> None:
    """`python -m tcgc.scraper.showdown --out OUT` with the checked-in files' SOURCE_DATE_EPOCH."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(showdown.CHECKED_IN_SOURCE_DATE_EPOCH)}
    done = subprocess.run(
        [sys.executable, "-m", "tcgc.scraper.showdown", "--out", str(out), *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_regenerating_reproduces_the_files(tmp_path: Path) -> None:
    assert SHOWDOWN_PACKAGE.is_file(), INSTALL
    run_scraper(tmp_path)
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == set(SCRAPED)
    for name in SCRAPED:
        assert (tmp_path / name).read_bytes() == (GEN1 / name).read_bytes(), name


def test_an_export_file_gives_the_same_bytes_as_node(tmp_path: Path) -> None:
    """The header's sha256 is that of export_gen1.js's output, whether node runs or a saved export is read."""
    assert SHOWDOWN_PACKAGE.is_file(), INSTALL
    export = tmp_path / "gen1.json"
    done = subprocess.run(
        ["node", str(ROOT / "tools" / "showdown" / "export_gen1.js")],
        cwd=ROOT / "tools" / "showdown",
        capture_output=True,
        timeout=300,
        check=True,
    )
    export.write_bytes(done.stdout)
    run_scraper(tmp_path / "out", "--export", str(export))
    for name in SCRAPED:
        assert (tmp_path / "out" / name).read_bytes() == (GEN1 / name).read_bytes(), name


def test_a_bad_export_names_the_file(tmp_path: Path) -> None:
    cases = {
        "not-json.json": ("[1", "not a JSON export"),
        "list.json": ("[]", "expected an object"),
        "no-version.json": ('{"meta": {}}', "no meta.version"),
        "no-species.json": ('{"meta": {"version": "0.11.11"}}', "no 'species' list"),
    }
    for name, (text, problem) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ScrapeError, match=problem) as caught:
            showdown.scrape(path)
        assert caught.value.source == str(path) and str(caught.value).startswith(f"{path}: ")
    with pytest.raises(ScrapeError, match="cannot read the export"):
        showdown.scrape(tmp_path / "missing.json")
    bad = {"meta": {"version": "0.11.11"}, "species": [], "moves": [], "types": [], "typechart": {}}
    with pytest.raises(ScrapeError, match="no 'statusImmunity' dict"):
        showdown.render({**bad, "learnsets": {}}, source="x.json")
    with pytest.raises(ScrapeError, match="no 'randomSets' dict"):
        showdown.render({**bad, "statusImmunity": {}, "learnsets": {}}, source="x.json")
    with pytest.raises(ScrapeError, match="export has 0 species, expected 151"):
        showdown.render({**bad, "statusImmunity": {}, "learnsets": {}, "randomSets": {}}, source="x.json")


def test_a_bad_random_set_in_the_export_names_the_problem() -> None:
    species = {"num": 3, "id": "venusaur", "name": "Venusaur"}
    names = {"bodyslam": "Body Slam"}
    assert showdown.random_set_item(species, {"level": 73, "moves": ["bodyslam"]}, names).splitlines() == [
        'random_set "Venusaur" level 73 {',
        '  moves "Body Slam";',
        "}",
    ]
    for entry, problem in (
        ({"level": 73, "moves": ["bodyslamm"]}, "moves has moves that are not Gen 1 moves: ['bodyslamm']"),
        ({"level": 0, "moves": ["bodyslam"]}, "level 0 is not 1..100"),
        ({"level": 73, "moves": ["bodyslam"], "items": ["leftovers"]}, "unknown fields ['items']"),
        ({"level": 73}, "no moves"),
    ):
        with pytest.raises(showdown.BadExport, match=re.escape(problem)):
            showdown.random_set_item(species, entry, names)


def test_moves_spot_checks() -> None:
    by_name = moves()
    slam = by_name["Body Slam"]
    assert (slam.num, slam.type, slam.power, slam.accuracy, slam.pp) == (34, "normal", 85, 100, 15)
    (chance,) = slam.effect
    assert isinstance(chance, bir.Chance) and chance.percent == 30
    assert chance.body == bir.InflictStatus(span=chance.body.span, status="par", target="foe")

    (psychic,) = by_name["Psychic"].effect
    assert isinstance(psychic, bir.Chance) and psychic.percent == 33
    assert isinstance(psychic.body, bir.StageChange)
    assert (psychic.body.stat, psychic.body.delta, psychic.body.target) == ("spc", -1, "foe")

    dance = by_name["Swords Dance"]
    assert dance.target == "self" and dance.power is None and dance.accuracy is None
    (raise_atk,) = dance.effect
    assert isinstance(raise_atk, bir.StageChange)
    assert (raise_atk.stat, raise_atk.delta, raise_atk.target) == ("atk", 2, "self")

    (amnesia,) = by_name["Amnesia"].effect
    assert isinstance(amnesia, bir.StageChange) and (amnesia.stat, amnesia.delta) == ("spc", 2)

    toss = by_name["Seismic Toss"]
    assert toss.power is None
    assert toss.effect == (bir.FixedDamage(span=toss.effect[0].span, mode="level"),)
    assert [st.kind for st in by_name["Explosion"].effect] == ["halve_defense", "user_faints"]
    assert [st.kind for st in by_name["Hyper Beam"].effect] == ["recharge"]
    assert [st.kind for st in by_name["Struggle"].effect] == ["recoil"]
    assert [st.kind for st in by_name["Bite"].effect] == ["chance"]
    assert [type(s) for s in by_name["Substitute"].effect] == [bir.Substitute]
    assert [st.kind for st in by_name["Transform"].effect] == ["transform", "reaches"]
    (call,) = by_name["Metronome"].effect
    assert isinstance(call, bir.CallRandom) and call.excluded == ("Metronome", "Struggle")

    thunder = by_name["Thunder"]
    assert len(thunder.effect) == 1 and isinstance(thunder.effect[0], bir.Chance)
    assert by_name["Tri Attack"].effect == ()
    assert by_name["Quick Attack"].priority == 1 and by_name["Counter"].priority == -1
    assert by_name["Slash"].crit == "high"
    assert by_name["Bide"].type == "normal"  # typeless in Showdown: its release is fixed damage
    assert [type(s) for s in by_name["Bide"].effect] == [bir.Bide]
    assert by_name["Toxic"].effect[0] == bir.InflictStatus(
        span=by_name["Toxic"].effect[0].span, status="tox", target="foe"
    )


def test_at_most_one_hole_per_move() -> None:
    for move in moves().values():
        holes = [s for s in move.effect if isinstance(s, ir.Unspecified)]
        assert len(holes) <= 1, move.name
        assert all(h.text for h in holes), move.name


def test_types_spot_checks() -> None:
    entries = type_entries()
    assert matchup(entries["normal"], "immune") == ("ghost",)
    assert matchup(entries["fighting"], "immune") == ("ghost",)
    # Gen 1: Ghost moves do nothing to Psychic; Bug and Poison hit each other x2; Ice -> Fire x1.
    assert matchup(entries["ghost"], "immune") == ("normal", "psychic")
    assert "poison" in matchup(entries["bug"], "super")
    assert "bug" in matchup(entries["poison"], "super")
    assert "fire" not in matchup(entries["ice"], "resisted")
    assert entries["fire"].matchups[0].defenders == ("grass", "ice", "bug")
    assert entries["poison"].status_immunity == ("psn", "tox")


def test_sample_teams_are_legal() -> None:
    learns = {s.name: set(s.learns) for s in items("species.battle") if isinstance(s, bir.SpeciesDef)}
    teams = [t for t in items("teams/sample.battle") if isinstance(t, bir.Team)]
    assert len(teams) == 4
    for team in teams:
        assert len(team.members) == 6
        for member in team.members:
            assert 1 <= len(member.moves) <= 4 and len(set(member.moves)) == len(member.moves)
            assert set(member.moves) <= learns[member.species], (team.name, member.species)


@pytest.mark.parametrize("name", ["Bulbasaur", "Mew", "Mr. Mime"])
def test_species_spot_checks(name: str) -> None:
    species = {s.name: s for s in items("species.battle") if isinstance(s, bir.SpeciesDef)}
    s = species[name]
    assert list(s.learns) == sorted(s.learns)
    if name == "Bulbasaur":
        assert (s.num, s.types, s.base) == (1, ("grass", "poison"), (45, 49, 49, 65, 45))
        assert "Body Slam" in s.learns
    if name == "Mew":
        assert s.num == 151 and len(s.learns) > 50


def random_sets() -> list[bir.RandomSet]:
    return [r for r in items("random_sets.battle") if isinstance(r, bir.RandomSet)]


def to_id(name: str) -> str:
    """Showdown's id of a name (`Body Slam` -> `bodyslam`, `Mr. Mime` -> `mrmime`)."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def test_random_sets_are_showdowns() -> None:
    """146 sets in dex order; each field holds data.json's move list, order and duplicates kept."""
    assert RANDOM_DATA.is_file(), INSTALL
    data = json.loads(RANDOM_DATA.read_text(encoding="utf-8"))
    sets = random_sets()
    assert len(sets) == len(data) == 146
    dex = {s.name: s.num for s in items("species.battle") if isinstance(s, bir.SpeciesDef)}
    nums = [dex[r.species] for r in sets]
    assert nums == sorted(nums) and len(set(nums)) == 146
    for r in sets:
        entry = data[to_id(r.species)]
        assert r.level == entry["level"], r.species
        for key, pool in showdown.RANDOM_POOLS:
            assert [to_id(n) for n in r.names(pool)] == entry.get(key, []), (r.species, pool)
        assert [p.pool for p in r.pools] == [pool for key, pool in showdown.RANDOM_POOLS if key in entry]
    venusaur = next(r for r in sets if r.species == "Venusaur")
    assert venusaur.level == 73
    assert venusaur.names("moves") == ("Body Slam", "Razor Leaf", "Sleep Powder")
    assert venusaur.names("exclusive") == ("Hyper Beam", "Swords Dance", "Swords Dance")
    assert venusaur.names("essential") == venusaur.names("combo") == ()
    assert "Magikarp" not in {r.species for r in sets}  # Showdown gives it no random set
    parsed = {name: parse(GEN1 / name) for name in SCRAPED}
    assert showdown.summarize(parsed) == {
        "species": 151, "moves": 165, "moves_with_holes": 0, "types": 15, "teams": 4, "random_sets": 146,
    }  # fmt: skip


def test_random_sets_check() -> None:
    loaded = load([GEN1])
    assert loaded.errors == [] and not [d for d in loaded.diagnostics if d.code == "W402"]
    (game,) = loaded.battles
    assert battle_summary(game)["random_sets"] == len(game.random_sets) == 146
    by_species = {game.species[r.species].name: r for r in game.random_sets}
    venusaur = by_species["Venusaur"]
    assert venusaur.level == 73
    assert [game.moves[m].name for m in venusaur.exclusive] == ["Hyper Beam", "Swords Dance", "Swords Dance"]
    assert [game.moves[m].name for m in by_species["Charmander"].combo] == [
        "Body Slam", "Fire Blast", "Submission", "Swords Dance",
    ]  # fmt: skip
