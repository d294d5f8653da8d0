// Bots answer cross-district proposals sensibly: links that help them and money they are given are
// accepted; requests for money (nothing in return) and proposals they cannot honour are declined.
import { describe, expect, it } from "vitest";
import { botRespond } from "../../shared/bots.js";
import {
  type Action,
  applyAction,
  createGame,
  type GameState,
  type Proposal,
  scenarioById,
  tileXY,
} from "../../shared/index.js";

const as = (district: number) => ({ kind: "district" as const, district });

function must(state: GameState, action: Action, district: number): GameState {
  const r = applyAction(state, action, as(district));
  if (!r.ok) throw new Error(`${action.type} refused: ${JSON.stringify(r.error)}`);
  return r.state;
}

function withBudget(state: GameState, district: number, budget: number): GameState {
  return {
    ...state,
    districts: state.districts.map((d) => (d.id === district ? { ...d, budget } : d)),
  };
}

const lastProposal = (s: GameState): Proposal => s.proposals[s.proposals.length - 1];

function start(): GameState {
  const sc = scenarioById("steel-town");
  if (!sc) throw new Error("no steel-town");
  return createGame(sc, { seed: 3 });
}

/** An industrial district proposes a research link from a new studio to the university district. */
function linkProposal(): { state: GameState; from: number; to: number } {
  let s = start();
  const from = s.districts.findIndex((d) => d.character === "industrial");
  const to = s.districts.findIndex((d) => d.character === "university");
  const derelict = s.tiles.findIndex((t) => t.district === from && t.use === "derelict");
  const studio = tileXY(s, derelict);
  s = must(s, { type: "convertFactory", ...studio, to: "studio" }, from);
  const uni = s.tiles.findIndex((t) => t.district === to && t.use === "university");
  s = must(s, { type: "forgeLink", from: studio, to: tileXY(s, uni), kind: "research" }, from);
  return { state: s, from, to };
}

describe("botRespond", () => {
  it("accepts money it is given", () => {
    const s = must(start(), { type: "proposeDeal", to: 1, amount: 20 }, 0);
    expect(botRespond(s, 1, lastProposal(s))).toBe(true);
  });

  it("declines a request it cannot afford, and one that would empty its budget", () => {
    let s = withBudget(start(), 1, 100);
    s = must(s, { type: "proposeDeal", to: 1, amount: -150 }, 0);
    expect(botRespond(s, 1, lastProposal(s))).toBe(false);
    s = must(s, { type: "proposeDeal", to: 1, amount: -90 }, 0);
    expect(botRespond(s, 1, lastProposal(s))).toBe(false);
  });

  it("declines a request that brings it nothing in return, even when rich", () => {
    // Issue 10: asking every bot for a share of its budget each year paid better than playing.
    let s = withBudget(start(), 1, 1000);
    s = must(s, { type: "proposeDeal", to: 1, amount: -20 }, 0);
    const p = lastProposal(s);
    expect(botRespond(s, 1, p)).toBe(false);
    // The rules themselves would allow it: the bot chooses not to.
    expect(applyAction(s, { type: "respondProposal", proposal: p.id, accept: true }, as(1)).ok).toBe(true);
  });

  it("accepts a research link into its university, which the proposer pays for", () => {
    const { state, from, to } = linkProposal();
    const p = lastProposal(state);
    expect(p.kind).toBe("link");
    expect(botRespond(state, to, p)).toBe(true);
    const r = applyAction(state, { type: "respondProposal", proposal: p.id, accept: true }, as(to));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.state.links.length).toBe(state.links.length + 1);
      expect(r.state.districts[to].budget).toBe(state.districts[to].budget);
      expect(r.state.districts[from].budget).toBeLessThan(state.districts[from].budget);
    }
  });

  it("declines a link the proposer can no longer pay for", () => {
    const { state, from, to } = linkProposal();
    const broke = withBudget(state, from, 0);
    expect(botRespond(broke, to, lastProposal(broke))).toBe(false);
  });

  it("declines proposals addressed to another district, already closed, or after the game", () => {
    const { state, to } = linkProposal();
    const p = lastProposal(state);
    const other = (to + 1) % state.districts.length;
    expect(botRespond(state, other, p)).toBe(false);
    expect(botRespond({ ...state, proposals: [] }, to, p)).toBe(false);
    expect(botRespond({ ...state, year: state.years }, to, p)).toBe(false);
  });
});
