#!/usr/bin/env node
// Export Pokemon Showdown's Gen 1 data (the `gen1` mod) as one JSON object on
// stdout:
//
//   species    151 objects (num 1..151), {num, id, name, types, baseStats, prevo, evos, evoLevel}.
//              baseStats use Showdown's modern keys; the gen1 mod stores the Gen 1
//              Special stat in BOTH spa and spd (they are equal for every species,
//              checked below), e.g. Gengar spa = spd = 130.
//   moves      the 165 Gen 1 moves (164 + Struggle; !isNonstandard && gen <= 1),
//              sorted by num, with the mechanics fields of the gen1 move object
//              (functions omitted; `callbacks` lists the names of the event
//              handlers the move has, so a consumer knows it carries custom logic),
//              plus `shortDesc` and `desc`: Showdown's Gen 1 description texts of the move.
//   typechart  {attackingType: {defendingType: multiplier}} for the 15 Gen 1 types,
//              from Dex.forGen(1).getImmunity / getEffectiveness (the gen1 typechart:
//              Ghost -> Psychic 0, Bug <-> Poison 2, Ice -> Fire 1).
//   statusImmunity  {defendingType: {key: code}}: the non-type keys of each gen1 type's
//              damageTaken (major statuses and weather, e.g. Poison {psn: 3, tox: 3}; code 3 =
//              immune), {} for a type without any.
//   learnsets  {speciesId: [moveId, ...]} sorted; see LEARNSETS below.
//   learnsetSources  {speciesId: {moveId: [source, ...]}} the Gen 1 sources ("1L15",
//              "1M", "1T", "1S0") of each move, found on the species itself or on a
//              pre-evolution (then prefixed "<prevoId>:", e.g. "pikachu:1S0").
//   randomSets {speciesId: {level, moves, essentialMoves?, exclusiveMoves?, comboMoves?}}: Showdown's
//              Gen 1 random-battle sets as the package ships them
//              (dist/data/random-battles/gen1/data.json, 146 species, dex order, move ids with
//              their duplicates), read by its gen1 random team generator (teams.js next to it).
//              The export fails on a species that is not one of the 151, a move that is not
//              one of the 165, or a field it does not know.
//   meta       package versions and counts.
//
// LEARNSETS: pokemon-showdown 0.11.11 has no gen1-mod learnsets file, so the base
// learnsets are used, keeping only sources that begin with "1" (1L level-up,
// 1M TM/HM, 1T tutor (Stadium), 1S event). Gen 2 tradeback sources ("2...") are
// excluded. Moves of pre-evolutions are included (Raichu gets Pikachu's Gen 1
// moves), because Showdown's team validator walks the prevo chain
// (learnsetParent) when checking a move; event-only moves (1S) are included as
// the validator also accepts them. The export fails if any learnset move is not
// one of the 165 moves, or if any count differs from 151 / 165 / 15.

'use strict';

let Dex;
try {
  ({ Dex } = require('pokemon-showdown'));
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND') {
    process.stderr.write(
      'tools/showdown: the npm packages are not installed (cannot load pokemon-showdown).\n' +
        'Install them with: npm ci --prefix tools/showdown\n'
    );
    process.exit(2);
  }
  throw err;
}

function fail(message) {
  process.stderr.write(`export_gen1.js: ${message}\n`);
  process.exit(1);
}

const dex = Dex.mod('gen1');
if (dex.gen !== 1) fail(`Dex.mod('gen1').gen is ${dex.gen}, expected 1`);

// Recursively copy plain data, dropping functions and undefined values.
function plain(value) {
  if (typeof value === 'function' || value === undefined) return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(plain).filter((v) => v !== undefined);
  const out = {};
  for (const key of Object.keys(value)) {
    const v = plain(value[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function callbackNames(obj) {
  if (!obj || typeof obj !== 'object') return [];
  return Object.keys(obj)
    .filter((k) => typeof obj[k] === 'function')
    .sort();
}

// ---------------------------------------------------------------- species
const species = dex.species
  .all()
  .filter((s) => s.exists && !s.isNonstandard && s.gen <= 1 && s.num >= 1 && s.num <= 151)
  .sort((a, b) => a.num - b.num);
if (species.length !== 151) fail(`expected 151 Gen 1 species, found ${species.length}`);
if (new Set(species.map((s) => s.num)).size !== 151) fail('species numbers 1..151 are not unique');
for (const s of species) {
  if (s.baseStats.spa !== s.baseStats.spd) fail(`${s.name}: spa ${s.baseStats.spa} != spd ${s.baseStats.spd}`);
}
const speciesIds = new Set(species.map((s) => s.id));

const speciesOut = species.map((s) => ({
  num: s.num,
  id: s.id,
  name: s.name,
  types: s.types.slice(),
  baseStats: {
    hp: s.baseStats.hp,
    atk: s.baseStats.atk,
    def: s.baseStats.def,
    spa: s.baseStats.spa,
    spd: s.baseStats.spd,
    spe: s.baseStats.spe,
  },
  prevo: s.prevo ? dex.species.get(s.prevo).id : null,
  evos: (s.evos || []).map((e) => dex.species.get(e)).filter((e) => speciesIds.has(e.id)).map((e) => e.id),
  evoLevel: s.evoLevel || null,
}));

// ------------------------------------------------------------------ moves
const moves = dex.moves
  .all()
  .filter((m) => m.exists && !m.isNonstandard && m.gen <= 1)
  .sort((a, b) => a.num - b.num);
if (moves.length !== 165) fail(`expected 165 Gen 1 moves (164 + Struggle), found ${moves.length}`);
const moveIds = new Set(moves.map((m) => m.id));
if (!moveIds.has('struggle')) fail('Struggle missing from the Gen 1 moves');

// Fields always present (null when the move does not have them).
const CORE = [
  'num', 'id', 'name', 'type', 'basePower', 'accuracy', 'pp', 'priority', 'category', 'target',
  'critRatio', 'multihit', 'drain', 'recoil', 'heal', 'status', 'volatileStatus', 'boosts', 'self',
  'secondary', 'secondaries', 'ohko', 'damage', 'selfdestruct', 'hasCrashDamage', 'willCrit',
];
// Extra mechanics fields, emitted only when set on the move.
const EXTRA = [
  'ignoreImmunity', 'forceSwitch', 'selfSwitch', 'callsMove', 'noPPBoosts', 'struggleRecoil',
  'sideCondition', 'pseudoWeather', 'weather', 'slotCondition', 'multiaccuracy', 'breaksProtect',
  'stallingMove', 'sleepUsable', 'nonGhostTarget', 'ignoreAccuracy', 'ignoreEvasion',
  'ignoreDefensive', 'ignoreOffensive', 'thawsTarget', 'tracksTarget', 'smartTarget',
  'noDamageVariance', 'spreadModifier', 'overrideOffensiveStat', 'overrideDefensiveStat',
];
// Raw keys that are known and deliberately not exported (cosmetic or later generations).
const SKIP = new Set([
  'contestType', 'zMove', 'maxMove', 'isNonstandard', 'desc', 'shortDesc', 'gen', 'fullname',
  'effectType', 'exists', 'flags', 'condition',
]);

const movesOut = moves.map((m) => {
  const out = {};
  for (const key of CORE) {
    let v = plain(m[key]);
    if (key === 'self' && v) {
      // Only the parts of `self` that describe an effect on the user.
      const s = {};
      for (const k of ['boosts', 'volatileStatus', 'sideCondition', 'status']) if (v[k] !== undefined) s[k] = v[k];
      v = Object.keys(s).length ? s : null;
    }
    if (key === 'critRatio' && v === undefined) v = 1;
    if (key === 'secondaries' && Array.isArray(v) && v.length === 0) v = null;
    out[key] = v === undefined || v === false || v === '' ? null : v;
  }
  out.ohko = !!m.ohko;
  out.hasCrashDamage = !!m.hasCrashDamage;
  out.willCrit = !!m.willCrit;
  out.flags = Object.keys(m.flags || {}).sort();
  for (const key of EXTRA) {
    const v = plain(m[key]);
    if (v !== undefined && v !== null && v !== false && v !== '' && v !== 0) out[key] = v;
  }
  // Data-only view of the move's condition (e.g. Reflect, Substitute, Leech Seed).
  if (m.condition) {
    const cond = plain(m.condition);
    const callbacks = callbackNames(m.condition);
    if (callbacks.length) cond.callbacks = callbacks;
    out.condition = cond;
  }
  const callbacks = callbackNames(dex.data.Moves[m.id]);
  if (callbacks.length) out.callbacks = callbacks;
  // Showdown's Gen 1 text (the mod's Dex resolves the gen1 overrides of the move texts).
  out.shortDesc = m.shortDesc || '';
  out.desc = m.desc || m.shortDesc || '';
  // Guard: any unexpected data field on the raw gen1 entry is exported as-is.
  for (const [key, value] of Object.entries(dex.data.Moves[m.id])) {
    if (typeof value === 'function' || SKIP.has(key) || key in out) continue;
    const v = plain(value);
    if (v !== undefined) out[key] = v;
  }
  return out;
});

// -------------------------------------------------------------- typechart
const types = dex.types
  .all()
  .filter((t) => t.exists && !t.isNonstandard)
  .map((t) => t.name)
  .sort();
if (types.length !== 15) fail(`expected 15 Gen 1 types, found ${types.length}: ${types.join(', ')}`);
const typechart = {};
for (const atk of types) {
  typechart[atk] = {};
  for (const def of types) {
    typechart[atk][def] = dex.getImmunity(atk, def) ? 2 ** dex.getEffectiveness(atk, def) : 0;
    // Cross-check against the raw damageTaken codes (0 normal, 1 super, 2 resist, 3 immune).
    const code = dex.types.get(def).damageTaken[atk];
    const expected = [1, 2, 0.5, 0][code];
    if (typechart[atk][def] !== expected) fail(`typechart ${atk}->${def}: ${typechart[atk][def]} vs code ${code}`);
  }
}
if (typechart.Ghost.Psychic !== 0) fail('expected Ghost -> Psychic = 0 in Gen 1');
// The status / weather keys of damageTaken (lowercase; the attacking types are capitalised).
const statusImmunity = {};
for (const def of types) {
  const taken = dex.types.get(def).damageTaken;
  statusImmunity[def] = Object.fromEntries(
    Object.keys(taken)
      .filter((k) => k[0] === k[0].toLowerCase())
      .sort()
      .map((k) => [k, taken[k]])
  );
}
if (typechart.Bug.Poison !== 2 || typechart.Poison.Bug !== 2) fail('expected Bug <-> Poison = 2 in Gen 1');

// -------------------------------------------------------------- learnsets
const learnsets = {};
const learnsetSources = {};
for (const s of species) {
  const sources = {};
  let cur = s;
  while (cur && cur.exists) {
    const entry = dex.data.Learnsets[cur.id];
    if (!entry || !entry.learnset) fail(`no learnset data for ${cur.name}`);
    for (const [moveId, srcs] of Object.entries(entry.learnset)) {
      for (const src of srcs) {
        if (!src.startsWith('1')) continue;
        if (!moveIds.has(moveId)) fail(`${cur.name} learns ${moveId} (${src}), not a Gen 1 move`);
        (sources[moveId] = sources[moveId] || []).push(cur.id === s.id ? src : `${cur.id}:${src}`);
      }
    }
    cur = cur.prevo ? dex.species.get(cur.prevo) : null;
  }
  const ids = Object.keys(sources).sort();
  if (ids.length === 0) fail(`${s.name} has no Gen 1 moves`);
  learnsets[s.id] = ids;
  learnsetSources[s.id] = Object.fromEntries(ids.map((id) => [id, sources[id]]));
}

// ------------------------------------------------------------ random sets
const RANDOM_FIELDS = ['level', 'moves', 'essentialMoves', 'exclusiveMoves', 'comboMoves'];
const randomData = require('pokemon-showdown/dist/data/random-battles/gen1/data.json');
const randomSets = {};
for (const [id, set] of Object.entries(randomData)) {
  if (!speciesIds.has(id)) fail(`random set for ${id}, not a Gen 1 species`);
  for (const key of Object.keys(set)) {
    if (!RANDOM_FIELDS.includes(key)) fail(`random set ${id}: unknown field ${key}`);
  }
  if (!Number.isInteger(set.level)) fail(`random set ${id}: no level`);
  for (const key of RANDOM_FIELDS.slice(1)) {
    if (set[key] === undefined) continue;
    if (!Array.isArray(set[key])) fail(`random set ${id}: ${key} is not a list`);
    for (const moveId of set[key]) {
      if (!moveIds.has(moveId)) fail(`random set ${id}: ${key} has ${moveId}, not a Gen 1 move`);
    }
  }
  randomSets[id] = set;
}

const out = {
  meta: {
    source: 'pokemon-showdown',
    version: require('pokemon-showdown/package.json').version,
    mod: 'gen1',
    counts: {
      species: speciesOut.length,
      moves: movesOut.length,
      types: types.length,
      randomSets: Object.keys(randomSets).length,
    },
  },
  species: speciesOut,
  moves: movesOut,
  types,
  typechart,
  statusImmunity,
  learnsets,
  learnsetSources,
  randomSets,
};
process.stdout.write(JSON.stringify(out) + '\n');
