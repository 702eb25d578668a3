#!/usr/bin/env node
// Gen 1 damage oracle: a long-running JSON-lines wrapper around @smogon/calc.
//
// Protocol: one JSON request per line on stdin, exactly one JSON reply per
// request on stdout, in order, each reply written (and flushed) as one line.
// Blank lines are ignored (they are not requests and get no reply). On stdin
// EOF the process exits 0.
//
// Request:
//   {"id": any, "attacker": "Tauros", "defender": "Chansey", "move": "Body Slam",
//    "crit": false,                                   // optional, default false
//    "attackerBoosts": {"atk":0,"def":0,"spa":0,"spe":0},   // optional
//    "defenderBoosts": {...}}                                // optional
// Reply:
//   {"id": ..., "damage": [int, ...], "hits": n,
//    "attackerStats": {hp, atk, def, spa, spd, spe},
//    "defenderStats": {...}, "attackerRawStats": {...}, "defenderRawStats": {...}}
// or, for a bad request (bad JSON, unknown species or move, bad boosts):
//   {"id": ..., "error": "message"}            (id is null when the line is not JSON)
//
// Pokemon are @smogon/calc defaults: level 100, max DVs (IV 31 -> DV 15), max
// stat experience (EV 252), no status, full HP.
//
// Gen 1 boosts / Special: @smogon/calc stores stats and boosts under the modern
// names hp/atk/def/spa/spd/spe even in Gen 1; Special is represented as spa and
// spd holding the same value. Its Pokemon constructor also accepts a `spc`
// key, which it copies into both spa and spd. A bare `spa` boost is NOT mirrored
// into spd by calc (so a defender's Special boost given as `spa` alone would be
// silently ignored when it defends, because calc reads boosts.spd for the
// special defense side). This harness therefore accepts atk, def, spe and the
// Special stage as any of `spa`, `spc` or `spd` (they must agree if several are
// given) and always passes it on as `spc`, i.e. spa = spd = the Special stage.
// Stages must be integers in [-6, 6].
//
// Stats in the reply: `*Stats` are the final stats calc computed for the
// calculation (after boosts; spe also after paralysis, which never applies
// here); `*RawStats` are the unboosted level-100 stats. In Gen 1 a critical hit
// uses the raw stats (and doubles the level), non-crits use the boosted ones.
// In Gen 1, spa === spd (the Special stat).
//
// Damage normalisation: calc returns a number (fixed damage such as Seismic
// Toss -> 100, or 0 for status moves), a flat list of the 39 rolls (random
// factor 217..255), or, for multi-hit moves, a list of per-hit lists. The reply
// `damage` is always a flat list of integers: a number n becomes [n]; for a
// multi-hit move it is the per-hit roll list (the first hit's list), and `hits`
// says how many hits calc assumed (Double Kick 2; 2-5 hit moves default to 3 in
// calc). In Gen 1 the damage is rolled once and repeated for every hit, and
// calc's per-hit lists are identical; if they ever differ, the reply also carries
// `damageByHit` (the full list of lists). `hits` is 1 for single-hit moves.

'use strict';

const path = require('path');

let calc;
try {
  calc = require('@smogon/calc');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write(
      `tools/showdown: the npm packages are not installed (cannot load @smogon/calc ` +
        `from ${path.join(__dirname, 'node_modules')}).\n` +
        `Install them with: npm ci --prefix tools/showdown\n`
    );
    process.exit(2);
  }
  throw err;
}

const { calculate, Generations, Pokemon, Move, toID } = calc;
const gen = Generations.get(1);

const BOOST_KEYS = new Set(['atk', 'def', 'spa', 'spd', 'spc', 'spe']);
// @smogon/calc's Gen 1 move table has 169 entries: the 165 Showdown Gen 1 moves
// (164 + Struggle) plus '(No Move)' and three CAP (Create-A-Pokemon) moves,
// which are not part of Gen 1 and are rejected here.
const NON_GEN1_MOVES = new Set(['nomove', 'paleowave', 'shadowstrike', 'polarflare']);

class RequestError extends Error {}

function lookupSpecies(name, role) {
  if (typeof name !== 'string' || name === '') {
    throw new RequestError(`${role}: expected a species name string, got ${JSON.stringify(name)}`);
  }
  const species = gen.species.get(toID(name));
  if (!species) {
    throw new RequestError(`${role}: unknown Gen 1 species ${JSON.stringify(name)}`);
  }
  return species.name;
}

function lookupMove(name) {
  if (typeof name !== 'string' || name === '') {
    throw new RequestError(`move: expected a move name string, got ${JSON.stringify(name)}`);
  }
  const move = gen.moves.get(toID(name));
  if (!move || NON_GEN1_MOVES.has(move.id)) {
    throw new RequestError(`move: unknown Gen 1 move ${JSON.stringify(name)}`);
  }
  return move.name;
}

function convertBoosts(boosts, role) {
  if (boosts === undefined || boosts === null) return {};
  if (typeof boosts !== 'object' || Array.isArray(boosts)) {
    throw new RequestError(`${role}: expected an object of stat stages, got ${JSON.stringify(boosts)}`);
  }
  const out = {};
  let special;
  for (const [key, value] of Object.entries(boosts)) {
    if (!BOOST_KEYS.has(key)) {
      throw new RequestError(
        `${role}: unknown Gen 1 boost ${JSON.stringify(key)} (use atk, def, spa/spc (Special), spe)`
      );
    }
    if (!Number.isInteger(value) || value < -6 || value > 6) {
      throw new RequestError(`${role}.${key}: expected an integer stage in [-6, 6], got ${JSON.stringify(value)}`);
    }
    if (key === 'spa' || key === 'spd' || key === 'spc') {
      if (special !== undefined && special !== value) {
        throw new RequestError(`${role}: conflicting Special stages (spa/spd/spc must agree in Gen 1)`);
      }
      special = value;
    } else {
      out[key] = value;
    }
  }
  if (special !== undefined) out.spc = special;
  return out;
}

function statsOf(stats) {
  const out = {};
  for (const key of ['hp', 'atk', 'def', 'spa', 'spd', 'spe']) out[key] = stats[key];
  return out;
}

function checkInts(list, what) {
  for (const v of list) {
    if (!Number.isInteger(v)) throw new Error(`calc returned a non-integer ${what}: ${JSON.stringify(v)}`);
  }
  return list;
}

function normaliseDamage(damage) {
  if (typeof damage === 'number') return { damage: checkInts([damage], 'damage'), hits: 1 };
  if (Array.isArray(damage) && damage.every((d) => typeof d === 'number')) {
    return { damage: checkInts(damage.slice(), 'damage'), hits: 1 };
  }
  if (Array.isArray(damage) && damage.length > 0 && damage.every((d) => Array.isArray(d))) {
    const byHit = damage.map((d) => checkInts(d.slice(), 'damage'));
    const first = byHit[0];
    const same = byHit.every((d) => d.length === first.length && d.every((v, i) => v === first[i]));
    const out = { damage: first, hits: byHit.length };
    if (!same) out.damageByHit = byHit;
    return out;
  }
  throw new Error(`calc returned damage of an unexpected shape: ${JSON.stringify(damage)}`);
}

function handle(req) {
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    throw new RequestError('request must be a JSON object');
  }
  const attackerName = lookupSpecies(req.attacker, 'attacker');
  const defenderName = lookupSpecies(req.defender, 'defender');
  const moveName = lookupMove(req.move);
  if (req.crit !== undefined && typeof req.crit !== 'boolean') {
    throw new RequestError(`crit: expected true or false, got ${JSON.stringify(req.crit)}`);
  }
  const attacker = new Pokemon(gen, attackerName, {
    boosts: convertBoosts(req.attackerBoosts, 'attackerBoosts'),
  });
  const defender = new Pokemon(gen, defenderName, {
    boosts: convertBoosts(req.defenderBoosts, 'defenderBoosts'),
  });
  const move = new Move(gen, moveName, { isCrit: req.crit === true });
  const result = calculate(gen, attacker, defender, move);
  return {
    id: req.id === undefined ? null : req.id,
    ...normaliseDamage(result.damage),
    attackerStats: statsOf(result.attacker.stats),
    defenderStats: statsOf(result.defender.stats),
    attackerRawStats: statsOf(result.attacker.rawStats),
    defenderRawStats: statsOf(result.defender.rawStats),
  };
}

function reply(obj) {
  // process.stdout is synchronous for pipes and files on Linux, so each line is
  // flushed as soon as it is written.
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function processLine(line) {
  if (line.trim() === '') return;
  let req;
  try {
    req = JSON.parse(line);
  } catch (err) {
    reply({ id: null, error: `bad JSON request: ${err.message}` });
    return;
  }
  const id = req !== null && typeof req === 'object' && req.id !== undefined ? req.id : null;
  try {
    reply(handle(req));
  } catch (err) {
    const prefix = err instanceof RequestError ? '' : 'calc failed: ';
    reply({ id, error: prefix + (err && err.message ? err.message : String(err)) });
  }
}

const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
rl.on('line', processLine);
rl.on('close', () => {
  process.exitCode = 0;
});
