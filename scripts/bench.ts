// `npm run bench`: times the year end and a burst of 1,000 actions on a 32×32 city (6 districts), a
// 64×64 city (12 districts, 500 links, 2,000 firms) and a 128×128 lecture hall (40 districts, 2,000
// links, 8,000 firms: four times the tiles, firms and links), through the game session the room runs
// (shared/session.ts): years are the session's year end (its pure core `endYear`, and the timer's tick in
// the 40-year run), actions are the session's "act" commands. It prints the lecture hall's year as a
// multiple of the 64×64 year in the same run (linear in tiles would be 4×), median and p95 milliseconds and heap used,
// and a machine reference measured in the same run: a fixed typed-array sweep over the same number of
// tiles, with the year's median as a multiple of it, so that figures compare across machines. Beside the
// year of the set-up city (year 0, the figure the targets name) it times a steady year: the same city ten
// years on, when its first clusters are founded and its set-up crowding has resettled.
import {
  ANCHOR_KINDS,
  copyTile,
  type Action,
  BUILDABLE,
  CONVERSIONS,
  createGame,
  DISTRICT_POLICY_KINDS,
  type GameState,
  LAND_USES,
  LINK_KINDS,
  linkEndpointsValid,
  Rng,
  scenarioById,
  tileXY,
} from "../shared/index.js";
import { endYear, newSession, reduce, run, type Session } from "../shared/session.js";

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Fills the city to the wanted number of firms and links (direct set-up, outside the rules). */
function populate(state: GameState, firms: number, links: number, rng: Rng): GameState {
  const s: GameState = {
    ...state,
    tiles: state.tiles.map(copyTile),
    links: [],
  };
  const slots = s.tiles.flatMap((t, i) =>
    LAND_USES[t.use].firms > 0 && t.terrain === "land" && t.district >= 0 ? [i] : [],
  );
  let total = s.tiles.reduce((a, t) => a + t.firms.reduce((x, y) => x + y, 0), 0);
  for (let guard = 0; total < firms && guard < 200_000; guard++) {
    const i = slots[rng.int(slots.length)];
    const t = s.tiles[i];
    if (t.firms.reduce((a, b) => a + b, 0) >= LAND_USES[t.use].firms) continue;
    t.firms[rng.int(6)]++;
    if (t.creatives === 0) t.creatives = Math.min(LAND_USES[t.use].creatives, 4);
    total++;
  }
  const degree = new Int32Array(s.tiles.length);
  const land = s.tiles.flatMap((t, i) => (t.terrain === "land" && LAND_USES[t.use].links > 0 ? [i] : []));
  let id = s.nextId;
  for (let guard = 0; s.links.length < links && guard < 2_000_000; guard++) {
    const a = land[rng.int(land.length)];
    const b = land[rng.int(land.length)];
    const kind = LINK_KINDS[rng.int(LINK_KINDS.length)];
    const ta = s.tiles[a];
    const tb = s.tiles[b];
    if (a === b || ta.district < 0 || !linkEndpointsValid(kind, ta, tb)) continue;
    if (degree[a] >= LAND_USES[ta.use].links || degree[b] >= LAND_USES[tb.use].links) continue;
    degree[a]++;
    degree[b]++;
    s.links.push({ id: id++, kind, a, b, owner: ta.district, year: 0 });
  }
  s.nextId = id;
  return s;
}

function randomAction(s: GameState, rng: Rng): { action: Action; district: number } {
  const district = rng.int(s.districts.length);
  const own = s.tiles.flatMap((t, i) => (t.district === district ? [i] : []));
  const xy = () => tileXY(s, own[rng.int(own.length)]);
  const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
  switch (rng.int(6)) {
    case 0:
      return { district, action: { type: "placeAnchor", ...xy(), anchor: pick(ANCHOR_KINDS) } };
    case 1:
      return { district, action: { type: "convertFactory", ...xy(), to: pick(CONVERSIONS) } };
    case 2:
      return { district, action: { type: "build", ...xy(), use: pick(BUILDABLE) } };
    case 3:
      return {
        district,
        action: {
          type: "forgeLink",
          from: xy(),
          to: tileXY(s, rng.int(s.tiles.length)),
          kind: pick(LINK_KINDS),
        },
      };
    case 4:
      return {
        district,
        action: { type: "setPolicy", policy: pick(DISTRICT_POLICY_KINDS), enabled: rng.next() < 0.5 },
      };
    default:
      return { district, action: { type: "demolish", ...xy() } };
  }
}

const COLD = 20;
/** The steady year is timed this many years into the game. */
const STEADY_AFTER = 10;
const WARM_UP = 100;
const YEARS = 200;

/** A session in its planning phase on `state` (no bots, no clock to wait for). */
const planning = (state: GameState): Session => newSession(state, { phase: "planning" });

/** Times `count` year ends of the same state (each from `state`, results dropped). */
function timeYears(state: GameState, count: number): number[] {
  const session = planning(state);
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const t0 = performance.now();
    endYear(session);
    times.push(performance.now() - t0);
  }
  return times;
}

/** Times `count` consecutive years from `state`, each from the one before: the planning timer's tick
 * (the year end) is timed; the report's tick (the next planning phase) is not. */
function consecutiveYears(state: GameState, count: number): number[] {
  const times: number[] = [];
  let s = planning({ ...state, years: Math.max(state.years, state.year + count) });
  for (let k = 0; k < count; k++) {
    const t0 = performance.now();
    const r = run(s, { type: "tick", at: 0 });
    times.push(performance.now() - t0);
    if (!r.ok) break;
    const next = run(r.session, { type: "tick", at: 0 });
    s = next.ok ? next.session : r.session;
  }
  return times;
}

const REF_FIELDS = 6;
const REF_PASSES = 8;
/** Untimed warm-up runs of the reference sweep (its timed runs interleave with the YEARS timed years). */
const REF_RUNS = 200;

/**
 * The machine reference: a fixed, deterministic arithmetic pass over `side`×`side` tiles, comparable in
 * memory traffic to a year. Six Float64 fields per tile (as creatives, rent, buzz and firms would be in a
 * structure-of-arrays year), eight passes of a four-neighbour stencil that reads every field and writes
 * two. The work never changes with the machine, so year ÷ reference is a machine-neutral figure. Each
 * call returns the same checksum (printed, so the work cannot be optimised away).
 */
function referenceSweep(side: number): () => number {
  const n = side * side;
  const fields = Array.from({ length: REF_FIELDS }, (_, f) => {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = ((i * 31 + f * 17) % 97) / 97;
    return a;
  });
  const out = new Float64Array(n);
  return () => {
    const [c, r, b, f0, f1, f2] = fields;
    for (let i = 0; i < n; i++) {
      c[i] = ((i * 31) % 97) / 97;
      r[i] = ((i * 17) % 89) / 89;
    }
    let sum = 0;
    for (let pass = 0; pass < REF_PASSES; pass++) {
      for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
          const i = y * side + x;
          const l = x > 0 ? i - 1 : i;
          const rr = x < side - 1 ? i + 1 : i;
          const u = y > 0 ? i - side : i;
          const d = y < side - 1 ? i + side : i;
          const near = (c[l] + c[rr] + c[u] + c[d]) * 0.25;
          const firms = f0[i] + f1[i] + f2[i];
          const v = 0.6 * c[i] + 0.4 * near + 0.01 * firms - 0.02 * r[i] + 0.005 * b[i];
          out[i] = v;
          r[i] = r[i] * 0.95 + 0.05 * (near + firms * 0.1);
          sum += v;
        }
      }
      c.set(out);
    }
    return sum;
  };
}

function bench(
  label: string,
  size: number,
  districts: number,
  firms: number,
  links: number,
): { year: number; ref: number } {
  const sc = scenarioById("steel-town")!;
  const rng = new Rng([1, 2, 3, 4]);
  let s = createGame(sc, { seed: 99, size, districts, years: 40 });
  if (firms || links) s = populate(s, firms, links, rng);
  const firmCount = s.tiles.reduce((a, t) => a + t.firms.reduce((x, y) => x + y, 0), 0);
  // Years. The first years run while V8 is still compiling (and re-compiling) the rules: they are
  // reported apart. Then, untimed but through the same functions, the same state is resolved WARM_UP
  // more times and three games of 40 consecutive years are played (later years meet states the first
  // year never made: new object shapes, a long history). Then YEARS timed runs of the same state give
  // the steady median and p95, and a timed 40-year run shows the cost does not grow as the game does.
  const cold = timeYears(s, COLD);
  timeYears(s, WARM_UP);
  for (let k = 0; k < 3; k++) consecutiveYears(s, 40);
  // The steady year: the same city STEADY_AFTER years on (no actions between the years), timed as
  // often. The timed state above is year 0, whose chronicle holds no cluster yet: each of its timed
  // years founds the city's first clusters and moves the crowd the set-up left over its tiles' room,
  // which a real game does once. A later year pays what a class's room pays year after year.
  let later = s;
  for (let k = 0; k < STEADY_AFTER; k++) later = endYear(planning(later)).state;
  timeYears(later, WARM_UP);
  // The machine reference runs interleaved with the timed years, so both see the same machine load.
  const sweep = referenceSweep(size);
  let checksum = 0;
  for (let k = 0; k < REF_RUNS; k++) checksum = sweep();
  const yearTimes: number[] = [];
  const refTimes: number[] = [];
  const steadyTimes: number[] = [];
  for (let k = 0; k < YEARS; k++) {
    yearTimes.push(...timeYears(s, 1));
    const r0 = performance.now();
    checksum = sweep();
    refTimes.push(performance.now() - r0);
    steadyTimes.push(...timeYears(later, 1));
  }
  const run = consecutiveYears(s, 40);
  // A burst of 1,000 actions (legal and illegal), applied one after another.
  const actionTimes: number[] = [];
  let accepted = 0;
  let cur = planning(s);
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) {
    const { action, district } = randomAction(cur.game, rng);
    const a0 = performance.now();
    const r = reduce(cur, { type: "act", seat: { district, host: false }, action, at: 0 });
    actionTimes.push(performance.now() - a0);
    if (r.ok) {
      cur = r.session;
      accepted++;
    }
  }
  const burst = performance.now() - t0;
  globalThis.gc?.();
  const heap = process.memoryUsage().heapUsed / 1048576;
  const ref = { median: quantile(refTimes, 0.5), p95: quantile(refTimes, 0.95), checksum };
  const yearMedian = quantile(yearTimes, 0.5);
  const steadyMedian = quantile(steadyTimes, 0.5);
  console.log(
    `| ${label} | ${size}×${size} | ${districts} | ${firmCount} | ${s.links.length} | ${yearMedian.toFixed(2)} | ${quantile(yearTimes, 0.95).toFixed(2)} | ${quantile(cold, 0.5).toFixed(2)} | ${quantile(run, 0.5).toFixed(2)} | ${quantile(actionTimes, 0.5).toFixed(3)} | ${quantile(actionTimes, 0.95).toFixed(3)} | ${burst.toFixed(1)} (${accepted} ok) | ${heap.toFixed(1)} | ${ref.median.toFixed(3)} (p95 ${ref.p95.toFixed(3)}, sum ${ref.checksum.toFixed(3)}) | ${(yearMedian / ref.median).toFixed(1)}× | ${steadyMedian.toFixed(2)} | ${(steadyMedian / ref.median).toFixed(1)}× |`,
  );
  return { year: yearMedian, ref: ref.median };
}

console.log(
  `Node ${process.version}, one thread. resolveYear: median and p95 of ${YEARS} timed runs of one city after ` +
    `${COLD + WARM_UP} warm-up runs and three 40-year games; "first ${COLD}" is the median of the first ${COLD} ` +
    'runs (V8 still compiling); "40-year run" is the median of a timed game of 40 consecutive years. ' +
    `"reference" is the machine reference measured in the same run: the median of ${YEARS} timed runs, each right after a timed year, of a ` +
    `fixed typed-array sweep over the same number of tiles (${REF_FIELDS} Float64 fields, ${REF_PASSES} ` +
    'four-neighbour passes; the sum is the same on every machine); "year ÷ reference" is the year median as a ' +
    "multiple of it, the figure to compare across machines. The year columns time the set-up city at year 0 " +
    'again and again (the target\'s figure); "steady year" times the same city ' +
    `${STEADY_AFTER} years on, as often and interleaved with them: year 0 founds the city's first clusters and ` +
    "resettles the creatives the set-up crowded onto its tiles in every timed run, which a real game does once.\n",
);
console.log(
  "| city | map | districts | firms | links | year median ms | year p95 ms | first 20 median ms | 40-year run median ms | action median ms | action p95 ms | 1,000 actions ms | heap MB | reference ms | year ÷ reference | steady year median ms | steady year ÷ reference |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
bench("small", 32, 6, 0, 0);
const large = bench("large", 64, 12, 2000, 500);
const hall = bench("lecture hall", 128, 40, 8000, 2000);
// The machine's speed can change between the two cities' runs (a shared or throttled machine: the
// reference sweep over 4× the tiles then takes far from 4× as long). Each year ÷ its own reference,
// times the 4× the reference's work grows by, is the same multiple with that change taken out.
console.log(
  `\n128×128 year ÷ 64×64 year (medians, same run): ${(hall.year / large.year).toFixed(2)}× (linear in tiles: 4×)` +
    `\nthe same in reference units ((128×128 year ÷ its reference) ÷ (64×64 year ÷ its reference) × 4): ` +
    `${((hall.year / hall.ref / (large.year / large.ref)) * 4).toFixed(2)}×; ` +
    `the references' own multiple: ${(hall.ref / large.ref).toFixed(2)}× (4× on a steady machine)`,
);
