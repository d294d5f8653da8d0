// Seeded random game states for bot tests, and a checker of the state's invariants.
import {
  ANCHOR_KINDS,
  type Action,
  ActionSchema,
  applyAction,
  BUILDABLE,
  CONVERSIONS,
  DISTRICT_POLICY_KINDS,
  type GameState,
  LAND_USES,
  LINK_KINDS,
  linkEndpointsValid,
  Rng,
  resolveYear,
  SCENARIOS,
  seedRng,
  stateHash,
  createGame,
} from "../../shared/index.js";
import { BOT_LEVELS, BOT_STRATEGIES, planBotTurn } from "../../shared/bots.js";

/** A random action of any kind a player could send, aimed at random tiles (most are refused). */
function randomAction(state: GameState, rng: Rng): Action {
  const x = rng.int(state.width);
  const y = rng.int(state.height);
  switch (rng.int(7)) {
    case 0:
      return { type: "placeAnchor", x, y, anchor: ANCHOR_KINDS[rng.int(ANCHOR_KINDS.length)] };
    case 1:
      return { type: "convertFactory", x, y, to: CONVERSIONS[rng.int(CONVERSIONS.length)] };
    case 2:
      return { type: "build", x, y, use: BUILDABLE[rng.int(BUILDABLE.length)] };
    case 3:
      return { type: "demolish", x, y };
    case 4:
      return {
        type: "forgeLink",
        from: { x, y },
        to: { x: rng.int(state.width), y: rng.int(state.height) },
        kind: LINK_KINDS[rng.int(LINK_KINDS.length)],
      };
    case 5:
      return {
        type: "setPolicy",
        policy: DISTRICT_POLICY_KINDS[rng.int(DISTRICT_POLICY_KINDS.length)],
        enabled: rng.next() < 0.6,
      };
    default:
      return { type: "protectSpace", x, y, protect: rng.next() < 0.7 };
  }
}

/**
 * A state some years into a game of a scenario, reached by a mix of random player actions and bot turns
 * of random strategies and levels, so bots meet cities they did not shape themselves.
 */
export function randomState(seed: number): GameState {
  const rng = new Rng(seedRng(seed));
  const scenario = SCENARIOS[rng.int(SCENARIOS.length)];
  const small = rng.next() < 0.5;
  let state = createGame(scenario, {
    seed,
    ...(small ? { size: 20 + rng.int(8), districts: 2 + rng.int(6) } : {}),
  });
  const years = rng.int(Math.min(8, state.years));
  for (let y = 0; y < years; y++) {
    for (let d = 0; d < state.districts.length; d++) {
      if (rng.next() < 0.5) {
        const plan = planBotTurn(
          state,
          d,
          BOT_STRATEGIES[rng.int(BOT_STRATEGIES.length)],
          BOT_LEVELS[rng.int(2)],
          rng.int(1000),
        );
        for (const a of plan) {
          const r = applyAction(state, a, { kind: "district", district: d });
          if (r.ok) state = r.state;
        }
      }
      for (let k = 0; k < 12; k++) {
        const r = applyAction(state, randomAction(state, rng), { kind: "district", district: d });
        if (r.ok) state = r.state;
      }
    }
    state = resolveYear(state).state;
  }
  return state;
}

/** Invariants every state the rules produce should keep; returns the broken ones. */
export function stateProblems(state: GameState, roundTrip = true): string[] {
  const out: string[] = [];
  const nd = state.districts.length;
  for (const d of state.districts) if (!Number.isFinite(d.budget)) out.push(`district ${d.id} budget`);
  const degree = new Map<number, number>();
  const ids = new Set<number>();
  for (const l of state.links) {
    if (ids.has(l.id)) out.push(`duplicate link id ${l.id}`);
    ids.add(l.id);
    if (l.id >= state.nextId) out.push(`link id ${l.id} >= nextId`);
    if (l.owner < 0 || l.owner >= nd) out.push(`link ${l.id} owner`);
    const a = state.tiles[l.a];
    const b = state.tiles[l.b];
    if (!a || !b || l.a === l.b) {
      out.push(`link ${l.id} ends`);
      continue;
    }
    if (!linkEndpointsValid(l.kind, a, b)) out.push(`link ${l.id} (${l.kind}) ${a.use}-${b.use}`);
    degree.set(l.a, (degree.get(l.a) ?? 0) + 1);
    degree.set(l.b, (degree.get(l.b) ?? 0) + 1);
  }
  for (const [i, k] of degree) {
    if (k > LAND_USES[state.tiles[i].use].links) out.push(`tile ${i} has ${k} links`);
  }
  state.tiles.forEach((t, i) => {
    const row = LAND_USES[t.use];
    if (!row) out.push(`tile ${i} use ${t.use}`);
    if (t.district < -1 || t.district >= nd) out.push(`tile ${i} district`);
    if (!Number.isInteger(t.creatives) || t.creatives < 0) out.push(`tile ${i} creatives ${t.creatives}`);
    if (t.terrain === "land" && t.creatives > row.creatives) out.push(`tile ${i} over capacity`);
    let f = 0;
    for (const x of t.firms) {
      if (!Number.isInteger(x) || x < 0) out.push(`tile ${i} firms`);
      f += x;
    }
    if (f > row.firms && t.terrain === "land") out.push(`tile ${i} firms over capacity`);
    if (!Number.isFinite(t.rent) || t.rent < 0) out.push(`tile ${i} rent`);
  });
  const pids = new Set<number>();
  for (const p of state.proposals) {
    if (pids.has(p.id)) out.push(`duplicate proposal ${p.id}`);
    pids.add(p.id);
    if (p.from < 0 || p.from >= nd || p.to < 0 || p.to >= nd || p.from === p.to) out.push(`proposal ${p.id}`);
  }
  if (roundTrip && stateHash(JSON.parse(JSON.stringify(state))) !== stateHash(state))
    out.push("JSON round trip");
  return out;
}

export function schemaValid(action: Action): boolean {
  return ActionSchema.safeParse(action).success;
}
