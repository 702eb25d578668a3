#!/usr/bin/env node
// Gen 1 battle runner: drives Pokemon Showdown's simulator directly (`new Battle(...)`,
// `battle.choose(...)`), with both players choosing uniformly at random among their legal
// choices. Used for throughput measurement and for battle statistics (distribution
// conformance of tcgc's Gen 1 engine).
//
// Protocol: ONE JSON request on stdin (read to EOF), ONE JSON result on stdout, exit 0.
// A bad request (bad JSON, unknown species/move, malformed team, bad field) or a simulator
// failure -> {"error": "message"} on stdout and exit 1. Missing npm packages -> a message
// naming `npm ci --prefix tools/showdown` on stderr and exit 2.
//
// Request:
//   {"mode": "stats" | "throughput",
//    "format": "gen1customgame" | "gen1randombattle",
//        // default: gen1customgame when teams are given, else gen1randombattle
//    "teams": [[team0, team1], ...],   // stats: required; throughput: optional
//        // team = [{"species": "Tauros", "moves": ["Body Slam", "Hyper Beam"]}, ...] (1-6
//        // Pokemon, 1-4 distinct moves each). Level 100, max DVs (15) and max stat
//        // experience (EV 252 -> 63 stat points), as @smogon/calc and Showdown's random
//        // sets use. Names are checked against Showdown's Gen 1 dex (151 species, 164 moves;
//        // Struggle is not a move slot); Showdown's TeamValidator is not run
//        // (gen1customgame accepts any such team anyway).
//    "battles": N,                     // stats: battles per pair (default 100)
//    "seed": int,                      // 0 <= seed < 2^53 (default 0)
//    "seconds": float,                 // throughput: wall time of the timed loop (default 5)
//    "turnLimit": 1000}                // a battle still running at battle.turn >= turnLimit
//                                      // is stopped and counted as a tie (and "truncated")
//
// Choices: each time the simulator waits for input, every side whose request
// (`side.activeRequest`, the object Showdown sends as |request|) is not `wait` picks
// uniformly among:
//   - move request: every `active[0].moves[i]` with a falsy `disabled` -> "move i+1" (this
//     covers Struggle, and the single locked entries Showdown offers: Recharge, "Fight"
//     while asleep/frozen/partially trapped, Thrash/Rage/Bide/two-turn continuation), plus,
//     unless `active[0].trapped`, "switch j" for every `side.pokemon[j-1]` that is neither
//     active nor fainted (condition ending in " fnt");
//   - forced switch (`forceSwitch`): "switch j" for every healthy bench Pokemon;
//   - team preview (not used by these formats): "default".
// p1 picks first, then p2, from one per-battle PRNG. A rejected choice is a harness bug
// and aborts the run with an error.
//
// Seeds (all derived from the request seed, per battle; reproducible and independent of
// the order in which battles run):
//   mix32(x) = murmur3 fmix32 (x ^= x>>>16; x *= 0x85ebca6b; x ^= x>>>13; x *= 0xc2b2ae35;
//              x ^= x>>>16; all mod 2^32).
//   h = 0; for v in [seed mod 2^32, floor(seed / 2^32), mode tag (stats 1, throughput 2),
//   pair index, battle index]: h = mix32(((h ^ v) + 0x9e3779b9) mod 2^32).
//   word k = mix32((h + (k+1) * 0x9e3779b9) mod 2^32), k = 0..15.
//   - Showdown battle seed = "sodium," + hex8(word0..word3) (32 hex digits: the same shape
//     as Showdown's own PRNG.generateSeed(), i.e. the server's ChaCha20 "sodium" PRNG);
//   - choice PRNG = sfc32 seeded with word4..word7, first 12 outputs discarded;
//     pick i = floor(next() * n / 2^32);
//   - random teams (no teams given): p1 / p2 player option `seed` = "sodium," +
//     hex8(word8..word11) / hex8(word12..word15); Showdown's Battle generates the team
//     from it (Battle.getTeam -> Teams.getGenerator(format, seed).getTeam()).
//   Stats mode: pair index = index in "teams", battle index = 0..battles-1. Throughput mode:
//   battle index = 0, 1, 2, ... in play order, pair index = battle index mod #pairs (0
//   without teams).
//
// Counting (both modes):
//   step  = one resolved choice round = one Battle.commitChoices call: move rounds (both
//           sides choose) + forced-switch rounds (only the side(s) that must switch choose).
//   turns = battle.turn when the battle ends (= number of move rounds; a battle stopped at
//           turnLimit reports battle.turn = turnLimit, whose move round was not played).
//
// Throughput result: {"battles", "turns", "steps", "decisions", "seconds", "steps_per_s",
//   "turns_per_s", "battles_per_s", "p1_wins", "p2_wins", "ties", "truncated"}. The timed
//   loop includes setup (random team generation inside `new Battle` + the Battle object)
//   and playing; it starts after the module is loaded, the request parsed and one untimed
//   warm-up battle played (Showdown loads its data tables lazily; "warmup_seconds"), checks
//   the deadline between battles (the last battle is finished) and "seconds" is the
//   measured wall time of the loop.
//
// Stats result: {"mode", "format", "seed", "battles", "pairs": [{"battles", "p1_wins",
//   "p2_wins", "ties", "truncated", "turns": [...], "steps": [...], "moves": {...},
//   "unattributed": {...}}]}.
//
// Per-move statistics ("moves": {moveName: {used, hit, miss, crit, status, ko}}): every move
// in the pair's teams is listed (zeros if never used), plus any other move that was used
// (Struggle, moves called by Metronome / Mirror Move). Counted from the battle log
// (`battle.log`; a `|split|pN` line is followed by the omniscient and the public copy of one
// message: the first copy is read, the second skipped):
//   A `|move|USER|MOVE|TARGET|tags...` line starts one *use* of MOVE by USER's side; the
//   use's *window* runs until the next |move|, |cant|, |switch|, |drag|, |turn|, |upkeep|,
//   |win| or |tie| line, `|-activate|X|confusion` (a confusion check before a move) or
//   `|-activate|X|Bide` (Bide storing energy). Bide's release writes no |move| line:
//   `|-end|USER|Bide` ends the open window and opens a window for USER's Bide that counts
//   no new use (its damage counts as that Bide use's hit / ko).
//   FOE = the side opposite to USER (p1 <-> p2; the side is the ident prefix "p1a: ...").
//   used   +1 per |move| line. Showdown writes one for every executed move: Metronome and
//          Mirror Move and then the move they call (that one tagged [from]), Struggle, both
//          turns of a two-turn move (the charge turn tagged [still]), every turn of Thrash /
//          Petal Dance / Rage and of a partial-trapping sequence (continuations tagged
//          [from] MOVE); for Bide only its first turn; none for turns lost to |cant| (sleep,
//          freeze, full paralysis, flinch, recharge, partially trapped, Disable), to a
//          confusion self-hit or to waking up.
//   miss   +1 per use with a `|-miss|` line in its window (the accuracy roll failed or the
//          target was semi-invulnerable (Dig/Fly)). OHKO vs a faster target, type immunity
//          (`-immune`) and failures (`-fail`) are neither hits nor misses.
//   hit    +1 per use whose window holds damage to FOE or to FOE's Substitute: a
//          `|-damage|FOE...` line with no [from] tag, `|-activate|FOE|Substitute|[damage]`
//          or `|-end|FOE|Substitute` (sub broken). At most once per use (multi-hit moves count
//          once). Status-only moves therefore never count as hits.
//   crit   +1 per use with a `|-crit|FOE` line in its window (at most once per use).
//   status +1 per use with a `|-status|FOE|S` line in its window (any tags; S in par, slp,
//          frz, brn, psn, tox), primary or secondary effect. At most once per use. A `[silent]`
//          -status line (bad poison becoming poison as its Pokemon switches in) is no infliction.
//   ko     +1 per use whose window holds a `|-damage|FOE|0 fnt` line with no [from] tag (the
//          lethal hit; the `|faint|FOE` line follows later). Self-KOs (Explosion, recoil)
//          are on USER's side and are never counted.
//   hit + miss <= used; ko <= hit; crit <= hit except for a crit whose damage rounds to 0
//   (a weak, doubly resisted hit: -crit is logged, no damage, no -miss).
// "unattributed" counts events the rules above do not attribute to a move use (each should
//   be 0): {"damage": -damage lines with no [from] tag outside every window (no-[from] damage
//   to USER inside a window is the move's own cost: Substitute's HP, High Jump Kick / Jump
//   Kick crash), "status": -status lines outside every window or on USER (other than
//   Rest), "crit": -crit lines outside every window}.

'use strict';

const path = require('path');

let PS;
try {
  PS = require('pokemon-showdown');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write(
      `tools/showdown: the npm packages are not installed (cannot load pokemon-showdown ` +
        `from ${path.join(__dirname, 'node_modules')}: ${err.message.split('\n')[0]}).\n` +
        `Install them with: npm ci --prefix tools/showdown\n`
    );
    process.exit(2);
  }
  throw err;
}

const { Battle, Dex, toID } = PS;

const FORMATS = new Set(['gen1customgame', 'gen1randombattle']);
const GOLDEN = 0x9e3779b9;
const STATS = ['hp', 'atk', 'def', 'spa', 'spd', 'spe'];

class RequestError extends Error {}

// ---------------------------------------------------------------------------------------
// Seeds and the choice PRNG

function mix32(x) {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function deriveWords(seed, tag, pair, battle) {
  let h = 0;
  for (const v of [seed % 2 ** 32, Math.floor(seed / 2 ** 32), tag, pair, battle]) {
    h = mix32(((h ^ v) >>> 0) + GOLDEN);
  }
  const words = [];
  for (let k = 0; k < 16; k++) words.push(mix32(h + Math.imul(k + 1, GOLDEN)));
  return words;
}

function hex8(words) {
  return words.map((w) => w.toString(16).padStart(8, '0')).join('');
}

class Sfc32 {
  constructor(a, b, c, d) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  next() {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  pick(items) {
    return items[Math.floor((this.next() * items.length) / 2 ** 32)];
  }
}

function battleSeeds(seed, tag, pair, battle) {
  const w = deriveWords(seed, tag, pair, battle);
  return {
    battle: 'sodium,' + hex8(w.slice(0, 4)),
    choices: new Sfc32(w[4], w[5], w[6], w[7]),
    p1Team: 'sodium,' + hex8(w.slice(8, 12)),
    p2Team: 'sodium,' + hex8(w.slice(12, 16)),
  };
}

// ---------------------------------------------------------------------------------------
// Request parsing and team building

const gen1 = Dex.mod('gen1');

function lookupSpecies(name, where) {
  if (typeof name !== 'string' || name === '') {
    throw new RequestError(`${where}: expected a species name string, got ${JSON.stringify(name)}`);
  }
  const species = gen1.species.get(name);
  if (!species.exists || species.num < 1 || species.num > 151 || species.isNonstandard) {
    throw new RequestError(`${where}: unknown Gen 1 species ${JSON.stringify(name)}`);
  }
  return species.name;
}

function lookupMove(name, where) {
  if (typeof name !== 'string' || name === '') {
    throw new RequestError(`${where}: expected a move name string, got ${JSON.stringify(name)}`);
  }
  const move = gen1.moves.get(name);
  if (!move.exists || move.num < 1 || move.gen > 1 || move.isNonstandard) {
    throw new RequestError(`${where}: unknown Gen 1 move ${JSON.stringify(name)}`);
  }
  if (move.id === 'struggle') {
    throw new RequestError(`${where}: Struggle cannot be a move slot`);
  }
  return move.name;
}

function buildTeam(team, where) {
  if (!Array.isArray(team) || team.length < 1 || team.length > 6) {
    throw new RequestError(`${where}: a team must be a list of 1 to 6 Pokemon`);
  }
  return team.map((mon, i) => {
    const at = `${where}[${i}]`;
    if (mon === null || typeof mon !== 'object' || Array.isArray(mon)) {
      throw new RequestError(`${at}: expected {"species": ..., "moves": [...]}`);
    }
    for (const key of Object.keys(mon)) {
      if (key !== 'species' && key !== 'moves') {
        throw new RequestError(`${at}: unknown key ${JSON.stringify(key)} (only species and moves)`);
      }
    }
    const species = lookupSpecies(mon.species, `${at}.species`);
    if (!Array.isArray(mon.moves) || mon.moves.length < 1 || mon.moves.length > 4) {
      throw new RequestError(`${at}.moves: expected a list of 1 to 4 moves`);
    }
    const moves = mon.moves.map((m, j) => lookupMove(m, `${at}.moves[${j}]`));
    if (new Set(moves).size !== moves.length) {
      throw new RequestError(`${at}.moves: duplicate move in ${JSON.stringify(mon.moves)}`);
    }
    const evs = {};
    const ivs = {};
    for (const s of STATS) {
      evs[s] = 252;
      ivs[s] = 31;
    }
    return {
      name: species,
      species,
      item: '',
      ability: '',
      moves,
      nature: '',
      gender: '',
      evs,
      ivs,
      level: 100,
    };
  });
}

function copyTeam(team) {
  return team.map((set) => ({ ...set, moves: set.moves.slice(), evs: { ...set.evs }, ivs: { ...set.ivs } }));
}

function parseRequest(text) {
  let req;
  try {
    req = JSON.parse(text);
  } catch (err) {
    throw new RequestError(`bad JSON request: ${err.message}`);
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    throw new RequestError('the request must be a JSON object');
  }
  const known = new Set(['mode', 'format', 'teams', 'battles', 'seed', 'seconds', 'turnLimit']);
  for (const key of Object.keys(req)) {
    if (!known.has(key)) throw new RequestError(`unknown request key ${JSON.stringify(key)}`);
  }
  const mode = req.mode;
  if (mode !== 'stats' && mode !== 'throughput') {
    throw new RequestError(`mode: expected "stats" or "throughput", got ${JSON.stringify(mode)}`);
  }
  let pairs = null;
  if (req.teams !== undefined && req.teams !== null) {
    if (!Array.isArray(req.teams) || req.teams.length === 0) {
      throw new RequestError('teams: expected a non-empty list of [team0, team1] pairs');
    }
    pairs = req.teams.map((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new RequestError(`teams[${i}]: expected a pair [team0, team1]`);
      }
      return [buildTeam(pair[0], `teams[${i}][0]`), buildTeam(pair[1], `teams[${i}][1]`)];
    });
  }
  if (mode === 'stats' && !pairs) throw new RequestError('stats mode needs "teams"');
  const format = req.format === undefined ? (pairs ? 'gen1customgame' : 'gen1randombattle') : req.format;
  if (!FORMATS.has(format)) {
    throw new RequestError(
      `format: expected one of ${[...FORMATS].join(', ')}, got ${JSON.stringify(format)}`
    );
  }
  if (format === 'gen1customgame' && !pairs) throw new RequestError('format gen1customgame needs "teams"');
  const intField = (key, dflt, min, max) => {
    const v = req[key] === undefined ? dflt : req[key];
    if (!Number.isSafeInteger(v) || v < min || v > max) {
      throw new RequestError(
        `${key}: expected an integer in [${min}, ${max}], got ${JSON.stringify(req[key])}`
      );
    }
    return v;
  };
  const seconds = req.seconds === undefined ? 5 : req.seconds;
  if (typeof seconds !== 'number' || !(seconds >= 0) || seconds > 86400) {
    throw new RequestError(`seconds: expected a number in [0, 86400], got ${JSON.stringify(req.seconds)}`);
  }
  return {
    mode,
    format,
    pairs,
    battles: intField('battles', 100, 0, 10_000_000),
    seed: intField('seed', 0, 0, Number.MAX_SAFE_INTEGER),
    seconds,
    turnLimit: intField('turnLimit', 1000, 1, 1000),
  };
}

// ---------------------------------------------------------------------------------------
// Playing one battle

function switchChoices(pokemon) {
  const out = [];
  for (let j = 0; j < pokemon.length; j++) {
    const p = pokemon[j];
    if (!p.active && !p.condition.endsWith(' fnt')) out.push(`switch ${j + 1}`);
  }
  return out;
}

function legalChoices(req) {
  if (req.teamPreview) return ['default'];
  if (req.forceSwitch) {
    const out = switchChoices(req.side.pokemon);
    return out.length ? out : ['pass'];
  }
  const active = req.active[0];
  const out = [];
  active.moves.forEach((m, i) => {
    if (!m.disabled) out.push(`move ${i + 1}`);
  });
  if (!active.trapped) out.push(...switchChoices(req.side.pokemon));
  return out;
}

// Plays one battle to the end (or to turnLimit). Returns {battle, steps, decisions, truncated}.
function playBattle(format, pair, seeds, turnLimit) {
  const p1 = pair ? { name: 'p1', team: copyTeam(pair[0]) } : { name: 'p1', seed: seeds.p1Team };
  const p2 = pair ? { name: 'p2', team: copyTeam(pair[1]) } : { name: 'p2', seed: seeds.p2Team };
  const battle = new Battle({ formatid: format, seed: seeds.battle, p1, p2 });
  const rng = seeds.choices;
  let steps = 0;
  let decisions = 0;
  let truncated = false;
  while (!battle.ended) {
    if (battle.turn >= turnLimit) {
      truncated = true;
      break;
    }
    // Snapshot the sides that must choose: the last of their choices commits the round,
    // after which the next round's requests are already in place.
    const choosing = battle.sides.filter((side) => side.activeRequest && !side.activeRequest.wait);
    if (choosing.length === 0) {
      throw new Error(`battle stalled on turn ${battle.turn}: no side has a request`);
    }
    for (const side of choosing) {
      const req = side.activeRequest;
      const choice = rng.pick(legalChoices(req));
      if (!battle.choose(side.id, choice)) {
        throw new Error(
          `Showdown rejected choice ${JSON.stringify(choice)} for ${side.id} on turn ${battle.turn}: ` +
            `${side.choice.error || '(no message)'}; request ${JSON.stringify(req)}`
        );
      }
    }
    decisions += choosing.length;
    steps++;
  }
  return { battle, steps, decisions, truncated };
}

function outcome(result, tally) {
  const { battle, truncated } = result;
  if (truncated) {
    tally.ties++;
    tally.truncated++;
  } else if (battle.winner === 'p1') {
    tally.p1_wins++;
  } else if (battle.winner === 'p2') {
    tally.p2_wins++;
  } else {
    tally.ties++;
  }
}

// ---------------------------------------------------------------------------------------
// Log counting (rules in the header comment)

const WINDOW_END = new Set(['move', 'cant', 'switch', 'drag', 'turn', 'upkeep', 'win', 'tie']);

function sideOf(ident) {
  return ident ? ident.slice(0, 2) : '';
}

function moveEntry(moves, name) {
  let entry = moves[name];
  if (!entry) {
    entry = { used: 0, hit: 0, miss: 0, crit: 0, status: 0, ko: 0 };
    moves[name] = entry;
  }
  return entry;
}

function countLog(log, moves, unattributed) {
  let use = null; // {entry, foe, hit, miss, crit, status, ko}
  const close = () => {
    if (!use) return;
    const e = use.entry;
    if (use.hit) e.hit++;
    if (use.miss) e.miss++;
    if (use.crit) e.crit++;
    if (use.status) e.status++;
    if (use.ko) e.ko++;
    use = null;
  };
  const open = (name, ident) => {
    const user = sideOf(ident);
    const foe = user === 'p1' ? 'p2' : 'p1';
    const entry = moveEntry(moves, name);
    use = { entry, foe, hit: false, miss: false, crit: false, status: false, ko: false };
  };

  const handle = (parts) => {
    const kind = parts[1];
    if (
      WINDOW_END.has(kind) ||
      (kind === '-activate' && (parts[3] === 'confusion' || parts[3] === 'Bide')) ||
      (kind === '-end' && parts[3] === 'Bide')
    ) {
      close();
      if (kind === 'move') {
        open(parts[3], parts[2]);
        use.entry.used++;
      } else if (kind === '-end') {
        open('Bide', parts[2]); // Bide's release: a continuation of its use, not a new use
      }
      return;
    }
    switch (kind) {
      case '-miss':
        if (use) use.miss = true;
        break;
      case '-damage': {
        if (parts.slice(4).some((t) => t.startsWith('[from]'))) break;
        if (use && sideOf(parts[2]) === use.foe) {
          use.hit = true;
          if (parts[3] === '0 fnt') use.ko = true;
        } else if (!use) {
          unattributed.damage++;
        }
        break;
      }
      case '-activate':
        if (use && parts[3] === 'Substitute' && parts[4] === '[damage]' && sideOf(parts[2]) === use.foe) {
          use.hit = true;
        }
        break;
      case '-end':
        if (use && parts[3] === 'Substitute' && parts.length === 4 && sideOf(parts[2]) === use.foe) {
          use.hit = true;
        }
        break;
      case '-crit':
        if (use && sideOf(parts[2]) === use.foe) use.crit = true;
        else if (!use) unattributed.crit++;
        break;
      case '-status':
        // `[silent]`: bad poison turning into poison as its Pokemon switches in (not an infliction)
        if (parts.slice(4).includes('[silent]')) break;
        if (use && sideOf(parts[2]) === use.foe) use.status = true;
        else if (!use || parts.length < 5 || !parts[4].startsWith('[from] move: Rest')) unattributed.status++;
        break;
      default:
        break;
    }
  };

  for (let i = 0; i < log.length; i++) {
    const line = log[i];
    if (line.startsWith('|split|')) {
      // Next line: omniscient copy (read); the one after: public copy (skipped).
      const parts = log[i + 1].split('|');
      i += 2;
      handle(parts);
      continue;
    }
    if (line.charCodeAt(0) !== 124 /* | */) continue;
    handle(line.split('|'));
  }
  close();
}

// ---------------------------------------------------------------------------------------
// Modes

function runStats(req) {
  const pairs = req.pairs.map((pair, p) => {
    const moves = {};
    for (const team of pair) for (const set of team) for (const m of set.moves) moveEntry(moves, m);
    const row = {
      battles: req.battles,
      p1_wins: 0,
      p2_wins: 0,
      ties: 0,
      truncated: 0,
      turns: [],
      steps: [],
      moves,
      unattributed: { damage: 0, status: 0, crit: 0 },
    };
    for (let b = 0; b < req.battles; b++) {
      const result = playBattle(req.format, pair, battleSeeds(req.seed, 1, p, b), req.turnLimit);
      outcome(result, row);
      row.turns.push(result.battle.turn);
      row.steps.push(result.steps);
      countLog(result.battle.log, moves, row.unattributed);
    }
    return row;
  });
  return { mode: 'stats', format: req.format, seed: req.seed, battles: req.battles, pairs };
}

function runThroughput(req) {
  const tally = { p1_wins: 0, p2_wins: 0, ties: 0, truncated: 0 };
  let battles = 0;
  let turns = 0;
  let steps = 0;
  let decisions = 0;
  const npairs = req.pairs ? req.pairs.length : 0;
  // One untimed warm-up battle (mode tag 3): Showdown loads its data tables lazily on first
  // use, a one-off cost (~0.1-0.5 s) that is not part of the per-battle setup.
  const warmStart = process.hrtime.bigint();
  playBattle(req.format, npairs ? req.pairs[0] : null, battleSeeds(req.seed, 3, 0, 0), req.turnLimit);
  const warmup = Number(process.hrtime.bigint() - warmStart) / 1e9;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(req.seconds * 1e9));
  let now = start;
  do {
    const pair = npairs ? req.pairs[battles % npairs] : null;
    const seeds = battleSeeds(req.seed, 2, npairs ? battles % npairs : 0, battles);
    const result = playBattle(req.format, pair, seeds, req.turnLimit);
    outcome(result, tally);
    battles++;
    turns += result.battle.turn;
    steps += result.steps;
    decisions += result.decisions;
    now = process.hrtime.bigint();
  } while (now < deadline);
  const seconds = Number(now - start) / 1e9;
  return {
    mode: 'throughput',
    format: req.format,
    seed: req.seed,
    battles,
    turns,
    steps,
    decisions,
    seconds,
    steps_per_s: steps / seconds,
    turns_per_s: turns / seconds,
    battles_per_s: battles / seconds,
    warmup_seconds: warmup,
    ...tally,
  };
}

function main(text) {
  let result;
  let code = 0;
  try {
    const req = parseRequest(text);
    result = req.mode === 'stats' ? runStats(req) : runThroughput(req);
  } catch (err) {
    code = 1;
    if (err instanceof RequestError) {
      result = { error: err.message };
    } else {
      process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
      result = { error: `battle simulation failed: ${err && err.message ? err.message : String(err)}` };
    }
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exitCode = code;
}

if (require.main === module) {
  const chunks = [];
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => chunks.push(chunk));
  process.stdin.on('end', () => main(chunks.join('')));
} else {
  module.exports = { parseRequest, battleSeeds, playBattle, legalChoices, countLog, runStats, runThroughput };
}
