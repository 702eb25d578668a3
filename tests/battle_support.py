"""Helpers of the battle reference's tests: chosen random words and hand-made duels (the fixtures `game`,
`ref`, `sp`, `mv`, `duel` are in conftest.py)."""

from __future__ import annotations

from tcgc.reference.battle import BattleReference, BattleState

#: the random words per player of the battle engines
WORDS_PER_PLAYER = 10
# one player's words for a plain turn: no full paralysis (roll256 255 >= 63), the move hits (0), no crit
# (255), the top damage roll (217 + 38 = R 255), no secondary effect (255), sleep 1 + 0 turns, hits word 0
# (2 hits of a 2-to-5 move), confusion for 2 + 0 turns, a confused Pokemon acts (0 < 128), call word 0
P_WORDS = [255, 0, 255, 38, 255, 0, 0, 0, 0, 0]
NAMES = ("par", "acc", "crit", "dmg", "chance", "sleep", "hits", "confusion", "self_hit", "call")


def pw(**changes: int) -> list[int]:
    """One player's words: P_WORDS with some changed (by purpose name)."""
    out = list(P_WORDS)
    for name, value in changes.items():
        out[NAMES.index(name)] = value
    return out


def words(p0: list[int] | None = None, p1: list[int] | None = None, tie: int = 0) -> list[int]:
    """A step's words: each player's list (P_WORDS by default; a shorter list is padded with 0), the tie."""

    def pad(w: list[int]) -> list[int]:
        return list(w) + [0] * (WORDS_PER_PLAYER - len(w))

    return pad(p0 or P_WORDS) + pad(p1 or P_WORDS) + [tie]


def make_duel(
    ref: BattleReference,
    sp: dict[str, int],
    mv: dict[str, int],
    team0: list[tuple[str, list[str]]],
    team1: list[tuple[str, list[str]]],
) -> BattleState:
    """A battle of two hand-made teams: (species name, move names) per member."""
    species = [[sp[name] for name, _ in team] for team in (team0, team1)]
    moves = [[[mv[m] for m in ms] for _, ms in team] for team in (team0, team1)]
    return ref.init(species, moves)


def refresh(ref: BattleReference, s: BattleState) -> BattleState:
    s.legal_action_mask = ref.legal_mask(s)
    return s


def legal(ref: BattleReference, s: BattleState, p: int) -> list[int]:
    return [a for a in range(ref.num_actions) if s.legal_action_mask[p][a]]


def top(ref: BattleReference, sp: dict[str, int], mv: dict[str, int], att: str, dfn: str, move: str) -> int:
    """The top damage roll (R 255, the default words) of one hit, no crit, both Pokemon fresh."""
    return ref.damage_rolls(sp[att], sp[dfn], mv[move], False)[-1]
