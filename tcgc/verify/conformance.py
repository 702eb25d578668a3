"""Distribution conformance of a battle engine against Pokemon Showdown.

For fixed team pairs (`team_pairs`: every move of the game in at least one pair), battles are played
under uniformly random legal play on both sides: by the reference interpreter here (`play_ours`: each
player picks uniformly among its legal actions, the random words of a step come from the step's JAX
key exactly as `tcgc.verify.battles.play_battles` draws them) and by Pokemon Showdown through
tools/showdown/battles.js (`play_showdown`: each side picks uniformly among the choices Showdown's
request offers). The two samples are then compared by two-sample tests (`compare`):

- per pair, the outcome (player 0 / Showdown's p1 wins, ties, player 1 wins): Pearson chi-square on the
  2x3 table; an outcome column whose smallest expected count is below `MIN_EXPECTED` is dropped
  (typically ties at a small N; the test then compares the remaining columns, and says so);
- per pair, the battle length in turns (move rounds, battles.js's `turns`): two-sample
  Kolmogorov-Smirnov (asymptotic p-value; conservative for integer data);
- per move, pooled over both sides and every pair: the rates hit/used, miss/used, crit/hit,
  status/used and ko/hit, each a Pearson chi-square on the 2x2 table of counts (no continuity
  correction), counted by the rules in battles.js's header comment (the reference reports the same
  events through `step(..., events=...)`).

The rate tests treat each use as an independent trial; uses within one battle are not quite
independent (a Rage or Thrash lock keeps its first turn's accuracy, evasion stages last), so a move
used mostly in long locks has a wider spread than the test assumes.

A test whose smallest expected count is below `MIN_EXPECTED` (or whose samples are empty) is skipped
and listed as skipped. Every performed test is judged at alpha / (number of tests performed)
(Bonferroni). The comparison names its Showdown format; `gen1customgame` has no clauses (no Sleep,
Freeze, Species, OHKO or Evasion Clause; only Showdown's HP Percentage, Cancel and Desync Clause
Mods), and the engine runs under the same clauses: its rules' `clauses` must equal the format's
(`CLAUSES`; checked).

The statistics functions (`chi2_sf`, `chi_square`, `kolmogorov_sf`, `ks_2samp`) are plain Python.
"""

from __future__ import annotations

import bisect
import inspect
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from tcgc import ir_battle as bir

#: the Showdown format each battle engine is compared with, and the clauses both run under
FORMATS = {"battle-gen1": "gen1customgame"}
CLAUSES: dict[str, list[str]] = {"gen1customgame": []}
FORMAT_NOTE = {
    "gen1customgame": "Showdown's gen1customgame has no clauses (no Sleep, Freeze, Species, OHKO or Evasion "
    "Clause; only its HP Percentage, Cancel and Desync Clause Mods); our engine runs with none either "
    "(its rules' `clauses []`, checked)."
}
ALPHA = 0.001
MIN_EXPECTED = 5.0
MIN_PAIRS = 20
#: about how many battles one battles.js request plays (small runs put several pairs in a request)
SHOWDOWN_REQUEST_BATTLES = 200
#: the seed of the generated teams that cover the moves the spec's teams leave out
TEAMS_SEED = 2026
KINDS = ("used", "hit", "miss", "crit", "status", "ko")
#: the per-move rates: (numerator, denominator)
RATES = (("hit", "used"), ("miss", "used"), ("crit", "hit"), ("status", "used"), ("ko", "hit"))
OUTCOMES = ("p1_wins", "ties", "p2_wins")

Progress = Callable[[str, int, int], None]


# ---- statistics ---------------------------------------------------------------------------------


def _gamma_q(a: float, x: float) -> float:
    """The regularized upper incomplete gamma function Q(a, x) (series or continued fraction)."""
    if x <= 0:
        return 1.0
    log_front = -x + a * math.log(x) - math.lgamma(a)
    if x < a + 1:
        term = total = 1.0 / a
        ap = a
        for _ in range(100_000):
            ap += 1
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-16:
                break
        return min(1.0, max(0.0, 1.0 - total * math.exp(log_front)))
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 100_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return min(1.0, max(0.0, math.exp(log_front) * h))


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for X chi-square distributed with `df` degrees of freedom."""
    if df < 1:
        raise ValueError(f"degrees of freedom must be >= 1, got {df}")
    if x <= 0:
        return 1.0
    if df == 1:
        return math.erfc(math.sqrt(x / 2))
    if df == 2:
        return math.exp(-x / 2)
    return _gamma_q(df / 2, x / 2)


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    df: int
    p: float
    #: the smallest expected count of the table
    min_expected: float


def chi_square(table: Sequence[Sequence[float]]) -> ChiSquare:
    """Pearson's chi-square test of independence on an r x c table of counts (no continuity correction;
    scipy.stats.chi2_contingency(table, correction=False)). A cell with expected count 0 (a zero row or
    column) contributes nothing; p is 1 when the table has fewer than 2 non-empty rows or columns."""
    rows = [[float(v) for v in row] for row in table]
    if not rows or any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("chi_square needs a rectangular, non-empty table")
    if any(v < 0 for row in rows for v in row):
        raise ValueError("counts must be >= 0")
    row_sums = [sum(row) for row in rows]
    col_sums = [sum(col) for col in zip(*rows)]
    total = sum(row_sums)
    expected = [[r * c / total if total else 0.0 for c in col_sums] for r in row_sums]
    stat = sum((o - e) ** 2 / e for row, erow in zip(rows, expected) for o, e in zip(row, erow) if e > 0)
    df = (sum(r > 0 for r in row_sums) - 1) * (sum(c > 0 for c in col_sums) - 1)
    min_expected = min(e for erow in expected for e in erow)
    return ChiSquare(stat, df, chi2_sf(stat, df) if df > 0 else 1.0, min_expected)


def kolmogorov_sf(lam: float) -> float:
    """Q_KS(lam) = P(sqrt(n) D_n > lam) in the limit: 2 sum_k (-1)^(k-1) exp(-2 k^2 lam^2)."""
    if lam <= 0:
        return 1.0
    if lam < 1.18:  # the Jacobi-theta form converges fast for small lam
        y = math.exp(-(math.pi**2) / (8 * lam * lam))
        total = sum(y ** ((2 * k - 1) ** 2) for k in range(1, 20))
        return min(1.0, max(0.0, 1.0 - math.sqrt(2 * math.pi) / lam * total))
    total = 0.0
    for k in range(1, 101):
        term = math.exp(-2 * k * k * lam * lam)
        total += term if k % 2 else -term
        if term < 1e-300:
            break
    return min(1.0, max(0.0, 2 * total))


@dataclass(frozen=True)
class KS:
    statistic: float
    p: float


def ks_2samp(a: Sequence[float], b: Sequence[float]) -> KS:
    """The two-sample Kolmogorov-Smirnov test (two-sided): D = max |F_a - F_b| and the asymptotic
    p-value Q_KS((sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) D), ne = n m / (n + m) (Stephens' correction, as
    in Numerical Recipes)."""
    if not a or not b:
        raise ValueError("ks_2samp needs two non-empty samples")
    xs, ys = sorted(a), sorted(b)
    n, m = len(xs), len(ys)
    d = 0.0
    for v in sorted(set(xs) | set(ys)):
        d = max(d, abs(bisect.bisect_right(xs, v) / n - bisect.bisect_right(ys, v) / m))
    en = math.sqrt(n * m / (n + m))
    return KS(d, kolmogorov_sf((en + 0.12 + 0.11 / en) * d))


# ---- team pairs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamPair:
    index: int
    teams: tuple[bir.BattleTeam, bir.BattleTeam]
    #: "spec": both teams are the spec's; "generated": written here to cover the moves the spec's miss
    origin: str

    @property
    def names(self) -> tuple[str, str]:
        return (self.teams[0].name, self.teams[1].name)


def _pair_moves(pair: TeamPair) -> set[int]:
    return {k for team in pair.teams for member in team.members for k in member.moves}


def coverable_moves(game: bir.BattleGame) -> list[str]:
    """The moves a team can hold: every move some species learns (Struggle is no move slot)."""
    learnt = {name for species in game.species for name in species.learns}
    return [m.name for m in game.moves if m.name in learnt and m.name != game.rules.struggle]


def _covering_team(
    game: bir.BattleGame, uses: dict[int, int], gen: random.Random, name: str
) -> bir.BattleTeam:
    """A legal team built around the least-used moves: each member is a species learning the least-used
    move that a species not yet in the team learns, with that move and the least-used of the rest of its
    learnset (ties broken by `gen`)."""
    rules = game.rules
    index = {m.name: k for k, m in enumerate(game.moves)}
    learners: dict[int, list[int]] = {}
    for s, species in enumerate(game.species):
        for move in species.learns:
            if move in index and move != rules.struggle:
                learners.setdefault(index[move], []).append(s)
    members: list[bir.TeamMember] = []
    taken: set[int] = set()
    for _ in range(rules.team_size):
        open_moves = [k for k, who in learners.items() if any(s not in taken for s in who)]
        if not open_moves:
            break
        ties = {k: gen.random() for k in sorted(open_moves)}
        target = min(sorted(open_moves), key=lambda k: (uses[k], ties[k]))
        species = gen.choice(sorted(s for s in learners[target] if s not in taken))
        own = sorted({index[mv] for mv in game.species[species].learns if mv in index} - {target})
        own = [k for k in own if game.moves[k].name != rules.struggle]
        ties = {k: gen.random() for k in own}
        rest = sorted(own, key=lambda k: (uses[k], ties[k]))[: rules.moves_per_pokemon - 1]
        chosen = (target, *rest)
        for k in chosen:
            uses[k] += 1
        taken.add(species)
        members.append(bir.TeamMember(species=species, moves=chosen))
    return bir.BattleTeam(name=name, members=tuple(members))


def team_pairs(game: bir.BattleGame, *, min_pairs: int = MIN_PAIRS, seed: int = TEAMS_SEED) -> list[TeamPair]:
    """The fixed team pairs of the conformance run, deterministic for a spec.

    First the spec's own teams, in spec order, two by two (team 2i against team 2i+1; an odd last team
    is left out). Then, until every move a team can hold (`coverable_moves`) is in some pair and there
    are at least `min_pairs` pairs, pairs of generated teams ("Cover N"): legal teams (species of the
    spec, moves from their learnsets) built around the moves used least so far (`_covering_team`,
    `random.Random(seed)`)."""
    pairs = [
        TeamPair(i, (game.teams[2 * i], game.teams[2 * i + 1]), "spec") for i in range(len(game.teams) // 2)
    ]
    uses = {k: 0 for k in range(len(game.moves))}
    for pair in pairs:
        for team in pair.teams:
            for member in team.members:
                for k in member.moves:
                    uses[k] += 1
    index = {m.name: k for k, m in enumerate(game.moves)}
    wanted = {index[name] for name in coverable_moves(game)}
    gen = random.Random(seed)
    made = 0
    while len(pairs) < min_pairs or any(uses[k] == 0 for k in wanted):
        teams = []
        for _ in range(2):
            made += 1
            teams.append(_covering_team(game, uses, gen, f"Cover {made}"))
        pairs.append(TeamPair(len(pairs), (teams[0], teams[1]), "generated"))
        if made > 4 * len(wanted) + 2 * min_pairs:  # a move no species learns would loop forever
            break
    return pairs


def uncovered_moves(game: bir.BattleGame, pairs: Sequence[TeamPair]) -> list[str]:
    """The game's moves held by no team of `pairs` (Struggle is no move slot and is not listed)."""
    held = set().union(*(_pair_moves(p) for p in pairs)) if pairs else set()
    return [m.name for k, m in enumerate(game.moves) if k not in held and m.name != game.rules.struggle]


def showdown_team(game: bir.BattleGame, team: bir.BattleTeam) -> list[dict[str, Any]]:
    """A team as battles.js takes it: [{"species", "moves"}]."""
    return [
        {"species": game.species[m.species].name, "moves": [game.moves[k].name for k in m.moves]}
        for m in team.members
    ]


def team_text(game: bir.BattleGame, team: bir.BattleTeam) -> str:
    """One line: `Species (Move, Move, ...); ...`."""
    return "; ".join(
        f"{game.species[m.species].name} ({', '.join(game.moves[k].name for k in m.moves)})"
        for m in team.members
    )


# ---- playing: our side --------------------------------------------------------------------------


def events_supported() -> bool:
    """Whether the reference interpreter reports per-move events (`step(..., events=[...])`)."""
    from tcgc.reference.battle import BattleReference

    return "events" in inspect.signature(BattleReference.step).parameters


def empty_counts(game: bir.BattleGame, pair: TeamPair, battles: int) -> dict[str, Any]:
    """A pair's tally before any battle, in battles.js's shape; every move of the pair's teams is listed."""
    return {
        "battles": battles,
        "p1_wins": 0,
        "p2_wins": 0,
        "ties": 0,
        "truncated": 0,
        "turns": [],
        "steps": [],
        "moves": {game.moves[k].name: dict.fromkeys(KINDS, 0) for k in sorted(_pair_moves(pair))},
    }


def count_events(game: bir.BattleGame, events: Sequence[tuple[int, int, str]], moves: dict[str, Any]) -> None:
    """Add the reference's events (player, move index in the game, kind) to per-move counts."""
    for _player, move, kind in events:
        if kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        row = moves.setdefault(game.moves[move].name, dict.fromkeys(KINDS, 0))
        row[kind] += 1


_WORKER: dict[str, Any] = {}


def _jax_fns() -> tuple[Any, Any]:
    if "fns" not in _WORKER:
        import jax

        from tcgc.reference.battle import NUM_WORDS
        from tcgc.runtime import rng

        words_of = jax.jit(jax.vmap(lambda k: rng.step_random(k, 0, NUM_WORDS)[1]))
        step_keys_of = jax.jit(jax.vmap(rng.game_step_key, in_axes=(0, None)))
        _WORKER["fns"] = (words_of, step_keys_of)
    return _WORKER["fns"]


def play_pair(
    game: bir.BattleGame, pair: TeamPair, battles: int, seed: int, *, max_steps: int = 100_000
) -> dict[str, Any]:
    """`battles` random battles of one pair on the reference interpreter (player 0 = `pair.teams[0]`).

    Actions: each player uniformly among its legal actions, legal[floor(u * len(legal))] with u from
    `numpy.random.default_rng((seed, index)).random((battles, 2))` drawn each step; both players every
    step as in `play_battles` (a waiting player's only action is wait). Random words:
    battle g's step t has the words of `rng.game_step_key(keys[g], t + 1)`, keys =
    `jax.random.split(jax.random.fold_in(PRNGKey(seed), index), battles)`. Returns the pair's tally in
    battles.js's shape (turns = move rounds, steps = resolved choice rounds)."""
    import jax
    import numpy as np

    from tcgc.reference.battle import BattleReference

    cached = _WORKER.get("reference")
    if cached is None or cached[0] is not game:
        cached = _WORKER["reference"] = (game, BattleReference(game))
    ref = cached[1]
    words_of, step_keys_of = _jax_fns()
    with_events = events_supported()
    counts = empty_counts(game, pair, battles)
    if battles == 0:
        return counts
    arrays = [team_arrays_of(game, team) for team in pair.teams]
    gen = np.random.default_rng((seed, pair.index))
    keys = jax.random.split(jax.random.fold_in(jax.random.PRNGKey(seed), pair.index), battles)
    species = [arrays[0][0], arrays[1][0]]
    moves = [arrays[0][1], arrays[1][1]]
    states = [ref.init(species, moves) for _ in range(battles)]
    steps = [0] * battles
    live = list(range(battles))
    t = 0
    while live and t < max_steps:
        words = np.asarray(words_of(step_keys_of(keys, t + 1))).tolist()
        uniform = gen.random((battles, 2)).tolist()
        for g in live:
            s = states[g]
            actions = []
            for p in range(2):
                legal = [a for a, ok in enumerate(s.legal_action_mask[p]) if ok]
                actions.append(legal[int(uniform[g][p] * len(legal))])
            w = words[g]
            if with_events:
                events: list[tuple[int, int, str]] = []
                states[g] = ref.step(s, actions, w, events=events)
                count_events(game, events, counts["moves"])
            else:
                states[g] = ref.step(s, actions, w)
            steps[g] += 1
        live = [g for g in live if not (states[g].terminated or states[g].truncated)]
        t += 1
    for g, s in enumerate(states):
        if s.truncated or not s.terminated:
            counts["ties"] += 1
            counts["truncated"] += 1
        elif s.rewards[0] > 0:
            counts["p1_wins"] += 1
        elif s.rewards[1] > 0:
            counts["p2_wins"] += 1
        else:
            counts["ties"] += 1
        counts["turns"].append(s.turn)
        counts["steps"].append(steps[g])
    return counts


def team_arrays_of(game: bir.BattleGame, team: bir.BattleTeam) -> tuple[list[int], list[list[int]]]:
    """The `species [T]` and `moves [T][M]` rows of a team (-1 padded), as `team_arrays` gives them for
    the spec's teams."""
    t, m = game.rules.team_size, game.rules.moves_per_pokemon
    species = [-1] * t
    moves = [[-1] * m for _ in range(t)]
    for j, member in enumerate(team.members):
        species[j] = member.species
        for k, move in enumerate(member.moves):
            moves[j][k] = move
    return species, moves


def _play_pair_job(game: bir.BattleGame, pair: TeamPair, battles: int, seed: int) -> dict[str, Any]:
    return play_pair(game, pair, battles, seed)


def _run_jobs(
    jobs: Sequence[tuple[Callable[..., Any], tuple[Any, ...]]],
    pool: Any,
    label: str,
    progress: Progress | None,
) -> list[Any]:
    """Run `fn(*args)` for every job in `pool`; the results in job order, progress as jobs finish."""
    futures: dict[Future[Any], int] = {pool.submit(fn, *args): i for i, (fn, args) in enumerate(jobs)}
    out: list[Any] = [None] * len(jobs)
    pending = set(futures)
    if progress:
        progress(label, 0, len(jobs))
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            out[futures[future]] = future.result()
        if progress:
            progress(label, len(jobs) - len(pending), len(jobs))
    return out


def play_ours(
    game: bir.BattleGame,
    pairs: Sequence[TeamPair],
    battles: int,
    *,
    seed: int = 0,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """`play_pair` for every pair; with `workers` > 1 in that many spawned processes."""
    jobs = [(_play_pair_job, (game, pair, battles, seed)) for pair in pairs]
    if workers <= 1:
        out = []
        for i, (fn, args) in enumerate(jobs):
            if progress:
                progress("ours", i, len(jobs))
            out.append(fn(*args))
        if progress:
            progress("ours", len(jobs), len(jobs))
        return out
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        return _run_jobs(jobs, pool, "ours", progress)


# ---- playing: Showdown --------------------------------------------------------------------------


def showdown_seed(seed: int, pair: int) -> int:
    """The battles.js request seed of the request whose first pair is `pair`."""
    return (seed * 1_000_003 + pair) % 2**53


def showdown_chunks(pairs: Sequence[TeamPair], battles: int) -> list[list[TeamPair]]:
    """The pairs of each battles.js request: consecutive pairs, about `SHOWDOWN_REQUEST_BATTLES` battles a
    request (one pair a request from that many battles per pair up), so that node's start-up (about a
    second) does not dominate small runs."""
    size = max(1, min(len(pairs), SHOWDOWN_REQUEST_BATTLES // max(1, battles)))
    return [list(pairs[i : i + size]) for i in range(0, len(pairs), size)]


def _showdown_job(request: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
    from tcgc.oracle.showdown import run_battles

    return run_battles(request, timeout=timeout)["pairs"]


def play_showdown(
    game: bir.BattleGame,
    pairs: Sequence[TeamPair],
    battles: int,
    *,
    seed: int = 0,
    format: str = "gen1customgame",
    processes: int = 1,
    progress: Progress | None = None,
) -> list[dict[str, Any]]:
    """The same pairs in Pokemon Showdown (p1 = `pair.teams[0]`): one battles.js stats request per chunk
    of pairs (`showdown_chunks`; seed `showdown_seed(seed, index of its first pair)`, turn limit the
    rules'), `processes` node processes at a time. Returns each pair's tally, in pair order."""
    from tcgc.oracle.node import SHOWDOWN_PACKAGE, _check_installed, _find_node, harness_dir
    from tcgc.oracle.showdown import SCRIPT

    _find_node("node")  # fail early, once, if node or the packages are missing
    _check_installed(harness_dir(), SCRIPT, SHOWDOWN_PACKAGE)
    jobs = []
    for chunk in showdown_chunks(pairs, battles):
        request = {
            "mode": "stats",
            "format": format,
            "teams": [[showdown_team(game, p.teams[0]), showdown_team(game, p.teams[1])] for p in chunk],
            "battles": battles,
            "seed": showdown_seed(seed, chunk[0].index),
            "turnLimit": game.rules.turn_limit,
        }
        jobs.append((_showdown_job, (request, 120.0 + 2.0 * battles * len(chunk))))
    with ThreadPoolExecutor(max_workers=max(1, processes)) as pool:
        return [row for rows in _run_jobs(jobs, pool, "showdown", progress) for row in rows]


# ---- comparing ----------------------------------------------------------------------------------


def _outcome_values(row: dict[str, Any]) -> dict[str, Any]:
    n = row["battles"]
    out: dict[str, Any] = {key: row[key] for key in OUTCOMES}
    out["truncated"] = row["truncated"]
    for key in OUTCOMES:
        out[f"{key}_rate"] = row[key] / n if n else None
    return out


def _turn_values(row: dict[str, Any]) -> dict[str, Any]:
    turns, steps = sorted(row["turns"]), row["steps"]
    if not turns:
        return {"n": 0, "mean": None, "median": None, "min": None, "max": None, "mean_steps": None}
    mid = len(turns) // 2
    median = turns[mid] if len(turns) % 2 else (turns[mid - 1] + turns[mid]) / 2
    return {
        "n": len(turns),
        "mean": sum(turns) / len(turns),
        "median": median,
        "min": turns[0],
        "max": turns[-1],
        "mean_steps": sum(steps) / len(steps),
    }


def _outcome_test(pair: TeamPair, ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    test: dict[str, Any] = {
        "id": f"pair {pair.index} outcome",
        "kind": "outcome",
        "pair": pair.index,
        "move": None,
        "rate": None,
        "ours": _outcome_values(ours),
        "showdown": _outcome_values(theirs),
        "test": "chi-square",
    }
    full = chi_square([[ours[k] for k in OUTCOMES], [theirs[k] for k in OUTCOMES]])
    keep = [k for k in OUTCOMES if ours[k] + theirs[k] > 0]
    total = [sum(row[k] for k in OUTCOMES) for row in (ours, theirs)]
    grand = sum(total)
    dropped = []
    if grand:
        for k in list(keep):
            col = ours[k] + theirs[k]
            if min(col * t / grand for t in total) < MIN_EXPECTED:
                keep.remove(k)
                dropped.append(k)
    test["note"] = (
        f"column(s) {', '.join(dropped)} dropped (expected count < {MIN_EXPECTED:g})" if dropped else ""
    )
    if len(keep) < 2:
        test.update(
            statistic=None,
            df=None,
            p=None,
            min_expected=full.min_expected,
            result="skipped",
            reason=f"fewer than 2 outcome columns with expected counts >= {MIN_EXPECTED:g}",
        )
        return test
    chi = chi_square([[ours[k] for k in keep], [theirs[k] for k in keep]])
    test.update(statistic=chi.statistic, df=chi.df, p=chi.p, min_expected=chi.min_expected, result=None)
    return test


def _turns_test(pair: TeamPair, ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    test: dict[str, Any] = {
        "id": f"pair {pair.index} turns",
        "kind": "turns",
        "pair": pair.index,
        "move": None,
        "rate": None,
        "ours": _turn_values(ours),
        "showdown": _turn_values(theirs),
        "test": "ks",
        "note": "",
        "df": None,
        "min_expected": None,
    }
    if not ours["turns"] or not theirs["turns"]:
        test.update(statistic=None, p=None, result="skipped", reason="no battles on one side")
        return test
    ks = ks_2samp(ours["turns"], theirs["turns"])
    test.update(statistic=ks.statistic, p=ks.p, result=None)
    return test


def _rate_test(
    move: str, num_kind: str, den_kind: str, ours: dict[str, int] | None, theirs: dict[str, int]
) -> dict[str, Any]:
    def values(row: dict[str, int] | None) -> dict[str, Any] | None:
        if row is None:
            return None
        num, den = row[num_kind], row[den_kind]
        return {"num": num, "den": den, "rate": num / den if den else None, "used": row["used"]}

    test: dict[str, Any] = {
        "id": f"move {move} {num_kind}/{den_kind}",
        "kind": "rate",
        "pair": None,
        "move": move,
        "rate": f"{num_kind}/{den_kind}",
        "ours": values(ours),
        "showdown": values(theirs),
        "test": "chi-square",
        "note": "",
        "statistic": None,
        "df": None,
        "p": None,
        "min_expected": None,
        "result": "skipped",
    }
    if ours is None:
        test["reason"] = "the reference interpreter reports no per-move events"
        return test
    rows = []
    for row in (ours, theirs):
        num, den = row[num_kind], row[den_kind]
        if num > den:  # e.g. a crit whose damage rounds to 0 (no hit): counted as a hit here
            test["note"] = f"{num_kind} > {den_kind} on one side; the denominator is raised to {num_kind}"
            den = num
        rows.append([num, den - num])
    if rows[0] == [0, 0] or rows[1] == [0, 0]:
        side = "either side" if rows[0] == rows[1] else "ours" if rows[0] == [0, 0] else "Showdown"
        test["reason"] = f"no {den_kind} in {side}"
        return test
    if rows[0][0] + rows[1][0] == 0 or rows[0][1] + rows[1][1] == 0:
        test["reason"] = f"rate {'0' if rows[0][0] + rows[1][0] == 0 else '1'} on both sides"
        return test
    chi = chi_square(rows)
    test["min_expected"] = chi.min_expected
    if chi.min_expected < MIN_EXPECTED:
        test["reason"] = f"expected count {chi.min_expected:.2f} < {MIN_EXPECTED:g}"
        return test
    test.update(statistic=chi.statistic, df=chi.df, p=chi.p, result=None)
    return test


def pooled_moves(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Per-move counts summed over pairs (both sides pooled already in battles.js's and our tallies)."""
    out: dict[str, dict[str, int]] = {}
    for row in rows:
        for move, counts in row["moves"].items():
            acc = out.setdefault(move, dict.fromkeys(KINDS, 0))
            for kind in KINDS:
                acc[kind] += counts.get(kind, 0)
    return out


def compare(
    pairs: Sequence[TeamPair],
    ours: Sequence[dict[str, Any]],
    theirs: Sequence[dict[str, Any]],
    *,
    per_move: bool,
    alpha: float = ALPHA,
) -> dict[str, Any]:
    """Every test of the run, judged with the Bonferroni threshold alpha / (tests performed).

    Returns {"alpha", "threshold", "performed", "passed", "failed", "skipped", "ok", "tests"}; each test:
    {"id", "kind" (outcome | turns | rate), "pair", "move", "rate", "ours", "showdown" (the statistic's
    values on each side), "test" (chi-square | ks), "statistic", "df", "p", "min_expected", "note",
    "result" (pass | fail | skipped), "reason" (why skipped)}."""
    tests: list[dict[str, Any]] = []
    for pair, a, b in zip(pairs, ours, theirs, strict=True):
        tests.append(_outcome_test(pair, a, b))
        tests.append(_turns_test(pair, a, b))
    ours_moves = pooled_moves(ours) if per_move else {}
    theirs_moves = pooled_moves(theirs)
    for move in sorted(set(theirs_moves) | set(ours_moves)):
        theirs_row = theirs_moves.get(move, dict.fromkeys(KINDS, 0))
        ours_row = ours_moves.get(move, dict.fromkeys(KINDS, 0)) if per_move else None
        for num_kind, den_kind in RATES:
            tests.append(_rate_test(move, num_kind, den_kind, ours_row, theirs_row))
    performed = [t for t in tests if t["result"] != "skipped"]
    threshold = alpha / len(performed) if performed else alpha
    for t in performed:
        t["result"] = "fail" if t["p"] < threshold else "pass"
    failed = sum(t["result"] == "fail" for t in tests)
    return {
        "alpha": alpha,
        "threshold": threshold,
        "performed": len(performed),
        "passed": len(performed) - failed,
        "failed": failed,
        "skipped": len(tests) - len(performed),
        "ok": failed == 0 and bool(performed),
        "tests": tests,
    }


def _histogram(values: Sequence[int]) -> dict[str, int]:
    out: dict[int, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return {str(k): out[k] for k in sorted(out)}


def _tally_json(row: dict[str, Any]) -> dict[str, Any]:
    """A pair's tally for the JSON report: turn and step lists as histograms {value: count}."""
    out = {k: v for k, v in row.items() if k not in ("turns", "steps")}
    out["turns"] = _histogram(row["turns"])
    out["steps"] = _histogram(row["steps"])
    return out


def run_conformance(
    game: bir.BattleGame,
    *,
    battles: int,
    seed: int = 0,
    workers: int | None = None,
    progress: Progress | None = None,
    alpha: float = ALPHA,
    min_pairs: int = MIN_PAIRS,
) -> dict[str, Any]:
    """Play every pair `battles` times in our engine (the reference interpreter) and in Showdown, both at
    once, and compare. Showdown runs in `workers` node processes (default: the number of CPUs), our side
    in max(1, workers // 4) (a Showdown battle costs about 4 times ours). Returns the report (JSON
    ready); `render_markdown` prints it."""
    if game.engine not in FORMATS:
        raise ValueError(
            f"no Showdown format is known for engine {game.engine!r}; known: {', '.join(FORMATS)}"
        )
    if battles < 1:
        raise ValueError(f"battles must be >= 1, got {battles}")
    fmt = FORMATS[game.engine]
    if sorted(game.rules.clauses) != sorted(CLAUSES[fmt]):
        raise ValueError(
            f"{game.engine} plays clauses [{' '.join(game.rules.clauses)}] but Showdown's {fmt} plays "
            f"[{' '.join(CLAUSES[fmt])}]: the comparison needs the same clauses (the rules' `clauses`)"
        )
    workers = workers or os.cpu_count() or 1
    ours_workers = max(1, workers // 4)
    pairs = team_pairs(game, min_pairs=min_pairs)
    per_move = events_supported()
    timings: dict[str, float] = {}
    start = time.monotonic()

    def showdown_side() -> list[dict[str, Any]]:
        t0 = time.monotonic()
        rows = play_showdown(
            game, pairs, battles, seed=seed, format=fmt, processes=workers, progress=progress
        )
        timings["showdown_s"] = time.monotonic() - t0
        return rows

    with ThreadPoolExecutor(max_workers=1) as background:
        showdown_future = background.submit(showdown_side)
        t0 = time.monotonic()
        ours = play_ours(game, pairs, battles, seed=seed, workers=ours_workers, progress=progress)
        timings["ours_s"] = time.monotonic() - t0
        theirs = showdown_future.result()
    timings["total_s"] = time.monotonic() - start
    result = compare(pairs, ours, theirs, per_move=per_move, alpha=alpha)
    for test in result["tests"]:
        test["format"] = fmt
    unattributed = dict.fromkeys(("damage", "status", "crit"), 0)
    for row in theirs:
        for key, value in row.get("unattributed", {}).items():
            unattributed[key] = unattributed.get(key, 0) + value
    return {
        "engine": game.engine,
        "format": fmt,
        "clauses": CLAUSES[fmt],
        "format_note": FORMAT_NOTE[fmt],
        "battles_per_pair": battles,
        "seed": seed,
        "per_move": per_move,
        "pairs": [
            {
                "index": pair.index,
                "origin": pair.origin,
                "teams": list(pair.names),
                "members": [showdown_team(game, team) for team in pair.teams],
                "ours": _tally_json(a),
                "showdown": _tally_json(b),
            }
            for pair, a, b in zip(pairs, ours, theirs, strict=True)
        ],
        "coverage": {
            "moves": len(game.moves),
            "coverable": len(coverable_moves(game)),
            "uncovered": uncovered_moves(game, pairs),
        },
        "showdown_unattributed": unattributed,
        "timings": timings,
        "workers": {"ours": ours_workers, "showdown": workers},
        **result,
    }


# ---- the markdown report ------------------------------------------------------------------------


def _p(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def _rate_cell(values: dict[str, Any] | None) -> str:
    if values is None:
        return "n/a"
    rate = "-" if values["rate"] is None else f"{values['rate']:.4f}"
    return f"{values['num']}/{values['den']} = {rate}"


def _result(test: dict[str, Any]) -> str:
    if test["result"] == "skipped":
        return f"skipped ({test['reason']})"
    verdict = "**FAIL**" if test["result"] == "fail" else "pass"
    return f"{verdict} ({test['note']})" if test["note"] else verdict


def _outcome_cell(values: dict[str, Any]) -> str:
    rates = "/".join("-" if values[f"{k}_rate"] is None else f"{values[f'{k}_rate']:.3f}" for k in OUTCOMES)
    return f"{values['p1_wins']}/{values['ties']}/{values['p2_wins']} ({rates})"


def _turns_cell(values: dict[str, Any]) -> str:
    if not values["n"]:
        return "-"
    return (
        f"mean {values['mean']:.1f}, median {values['median']:g}, {values['min']}-{values['max']} "
        f"(steps mean {values['mean_steps']:.1f})"
    )


def render_markdown(report: dict[str, Any]) -> str:
    """The report as markdown: the setting, the verdict, then every statistic with both values."""
    tests = report["tests"]
    lines = [
        f"# Distribution conformance: {report['engine']} vs Pokemon Showdown ({report['format']})",
        "",
        f"- Format: `{report['format']}`, clauses: {', '.join(report['clauses']) or 'none'}. "
        f"{report['format_note']}",
        f"- {len(report['pairs'])} team pairs, {report['battles_per_pair']} battles per pair on each side, "
        f"seed {report['seed']}; uniformly random legal play on both sides (p1 = our player 0).",
        f"- Tests: {report['performed']} performed, {report['passed']} passed, {report['failed']} failed, "
        f"{report['skipped']} skipped; alpha {report['alpha']:g} / {report['performed']} "
        f"(Bonferroni) = {report['threshold']:.3g}. Verdict: {'PASS' if report['ok'] else 'FAIL'}.",
        "- Per-move statistics: "
        + (
            "counted on both sides."
            if report["per_move"]
            else "NOT AVAILABLE on our side (the reference interpreter reports no per-move events); "
            "Showdown's values are listed, the tests skipped."
        ),
        f"- Showdown events no move use was credited with: {report['showdown_unattributed']}.",
        f"- Moves held by no pair: {', '.join(report['coverage']['uncovered']) or 'none'} "
        f"({report['coverage']['coverable']} moves can be held; Struggle is no move slot).",
        "- Time: "
        + ", ".join(f"{k.removesuffix('_s')} {v:.1f} s" for k, v in report["timings"].items())
        + f" (our side in {report['workers']['ours']} process(es), Showdown in "
        f"{report['workers']['showdown']} node process(es) at a time).",
        "",
    ]
    failed = [t for t in tests if t["result"] == "fail"]
    lines += ["## Failed tests", ""]
    if failed:
        lines += ["| test | ours | Showdown | statistic | p |", "|---|---|---|---|---|"]
        for t in failed:
            if t["kind"] == "outcome":
                a, b = _outcome_cell(t["ours"]), _outcome_cell(t["showdown"])
            elif t["kind"] == "turns":
                a, b = _turns_cell(t["ours"]), _turns_cell(t["showdown"])
            else:
                a, b = _rate_cell(t["ours"]), _rate_cell(t["showdown"])
            lines.append(f"| {t['id']} | {a} | {b} | {t['statistic']:.4g} | {_p(t['p'])} |")
    else:
        lines.append("none")
    lines += ["", "## Pairs", "", "| pair | origin | player 0 / p1 | player 1 / p2 |", "|---|---|---|---|"]
    for pair in report["pairs"]:
        teams = [
            f"{name}: " + "; ".join(f"{m['species']} ({', '.join(m['moves'])})" for m in members)
            for name, members in zip(pair["teams"], pair["members"])
        ]
        lines.append(f"| {pair['index']} | {pair['origin']} | {teams[0]} | {teams[1]} |")
    lines += [
        "",
        "## Outcomes per pair (p1 wins / ties / p2 wins; chi-square)",
        "",
        "| pair | ours | Showdown | chi2 | df | p | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in tests:
        if t["kind"] == "outcome":
            stat = "-" if t["statistic"] is None else f"{t['statistic']:.3f}"
            lines.append(
                f"| {t['pair']} | {_outcome_cell(t['ours'])} | {_outcome_cell(t['showdown'])} | {stat} | "
                f"{t['df'] if t['df'] is not None else '-'} | {_p(t['p'])} | {_result(t)} |"
            )
    lines += [
        "",
        "## Battle length per pair (turns = move rounds; two-sample KS)",
        "",
        "| pair | ours | Showdown | D | p | result |",
        "|---|---|---|---|---|---|",
    ]
    for t in tests:
        if t["kind"] == "turns":
            stat = "-" if t["statistic"] is None else f"{t['statistic']:.4f}"
            lines.append(
                f"| {t['pair']} | {_turns_cell(t['ours'])} | {_turns_cell(t['showdown'])} | {stat} | "
                f"{_p(t['p'])} | {_result(t)} |"
            )
    lines += [
        "",
        "## Per-move rates (pooled over sides and pairs; chi-square on the 2x2 counts)",
        "",
        "| move | rate | ours | Showdown | chi2 | p | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in tests:
        if t["kind"] == "rate":
            stat = "-" if t["statistic"] is None else f"{t['statistic']:.3f}"
            lines.append(
                f"| {t['move']} | {t['rate']} | {_rate_cell(t['ours'])} | {_rate_cell(t['showdown'])} | "
                f"{stat} | {_p(t['p'])} | {_result(t)} |"
            )
    return "\n".join(lines) + "\n"
