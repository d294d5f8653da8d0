// Bots play only through the rules: what they plan is accepted (nearly always), every accepted action
// leaves a valid state, and a plan depends on nothing but (state, district, strategy, level, seed).
import { describe, expect, it } from "vitest";
import {
  ALL_BOT_STRATEGIES,
  BOT_LEVELS,
  BOT_STRATEGIES,
  type BotLevel,
  type BotStrategy,
  botRespond,
  planBotTurn,
} from "../../shared/bots.js";
import {
  type Action,
  applyAction,
  createGame,
  type GameState,
  type Proposal,
  SCENARIOS,
  stateHash,
} from "../../shared/index.js";
import { randomState, schemaValid, stateProblems } from "./fixtures.js";

const STATES = Array.from({ length: 12 }, (_, k) => randomState(1000 + k * 37));

describe("the API the server calls", () => {
  it("keeps its names and signatures", () => {
    // Checked by the typechecker: the server calls exactly these shapes.
    const plan: (s: GameState, d: number, st: BotStrategy, l: BotLevel, seed: number) => Action[] =
      planBotTurn;
    const respond: (s: GameState, d: number, p: Proposal) => boolean = botRespond;
    expect(typeof plan).toBe("function");
    expect(typeof respond).toBe("function");
    expect([...BOT_STRATEGIES]).toEqual([
      "laissezFaire",
      "anchorFirst",
      "linkageFirst",
      "policyHeavy",
      "globalFirst",
    ]);
    expect([...ALL_BOT_STRATEGIES]).toEqual([...BOT_STRATEGIES, "cooperative"]);
    expect([...BOT_LEVELS]).toEqual(["easy", "hard"]);
  });
});

describe("bots play legal moves", () => {
  it("the random states cover several scenarios and years, and are valid to start with", () => {
    expect(new Set(STATES.map((s) => s.scenario)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(STATES.map((s) => s.year)).size).toBeGreaterThanOrEqual(3);
    for (const s of STATES) expect(stateProblems(s)).toEqual([]);
  });

  it("at least 95% of planned actions are accepted, and each accepted one leaves a valid state", () => {
    let planned = 0;
    let accepted = 0;
    let nonEmpty = 0;
    for (const [k, start] of STATES.entries()) {
      for (let d = 0; d < start.districts.length; d++) {
        for (const strategy of ALL_BOT_STRATEGIES) {
          for (const level of BOT_LEVELS) {
            const plan = planBotTurn(start, d, strategy, level, k);
            if (plan.length > 0) nonEmpty++;
            let state: GameState = start;
            for (const action of plan) {
              expect(schemaValid(action), JSON.stringify(action)).toBe(true);
              planned++;
              const before = state.districts[d].budget;
              const r = applyAction(state, action, { kind: "district", district: d });
              if (!r.ok) continue;
              accepted++;
              // Bots never spend into debt by their own actions.
              if (before >= 0) expect(r.state.districts[d].budget).toBeGreaterThanOrEqual(0);
              expect(stateProblems(r.state, false), JSON.stringify(action)).toEqual([]);
              state = r.state;
            }
            if (state !== start) expect(stateProblems(state)).toEqual([]);
          }
        }
      }
    }
    expect(planned).toBeGreaterThan(300);
    expect(nonEmpty).toBeGreaterThan(50);
    expect(accepted / planned).toBeGreaterThanOrEqual(0.95);
  });

  it("a bot plays nothing when the game is over or the district does not exist", () => {
    const s = STATES[0];
    expect(planBotTurn({ ...s, year: s.years }, 0, "laissezFaire", "hard", 1)).toEqual([]);
    expect(planBotTurn(s, s.districts.length, "anchorFirst", "hard", 1)).toEqual([]);
    expect(planBotTurn(s, -1, "anchorFirst", "easy", 1)).toEqual([]);
  });

  it("every strategy acts from the first year in every scenario", () => {
    for (const sc of SCENARIOS) {
      const s = createGame(sc, { seed: 5 });
      for (const strategy of ALL_BOT_STRATEGIES) {
        const acted = s.districts.some((_, d) => planBotTurn(s, d, strategy, "hard", 1).length > 0);
        expect(acted, `${sc.id} ${strategy}`).toBe(true);
      }
    }
  });
});

describe("planBotTurn is pure and deterministic", () => {
  it("gives the same plan for the same inputs, also from a JSON copy, and never mutates the state", () => {
    for (const [k, s] of STATES.slice(0, 6).entries()) {
      const hash = stateHash(s);
      const copy = JSON.parse(JSON.stringify(s)) as GameState;
      for (const strategy of ALL_BOT_STRATEGIES) {
        for (const level of BOT_LEVELS) {
          const d = k % s.districts.length;
          const a = planBotTurn(s, d, strategy, level, 42);
          expect(planBotTurn(s, d, strategy, level, 42)).toEqual(a);
          expect(planBotTurn(copy, d, strategy, level, 42)).toEqual(a);
        }
      }
      expect(stateHash(s)).toBe(hash);
    }
  });

  it("easy bots vary with the seed", () => {
    let differ = 0;
    for (const s of STATES) {
      for (let d = 0; d < s.districts.length; d++) {
        const a = JSON.stringify(planBotTurn(s, d, "laissezFaire", "easy", 1));
        const b = JSON.stringify(planBotTurn(s, d, "laissezFaire", "easy", 2));
        if (a !== b) differ++;
      }
    }
    expect(differ).toBeGreaterThan(0);
  });
});
