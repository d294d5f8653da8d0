// Replays and what-if forks (client/model/fold.ts), played forward from a record as a room writes it:
// a bots' turn marker and the bots' actions flagged, people's actions, proposals to bots answered at
// once, and a resolution each year. Same inputs give the same hash; a fork with nothing changed is the
// real game; one change gives another game, the same one every time.
import { describe, expect, it } from "vitest";
import { type Action, type Actor, applyAction } from "../../shared/actions.js";
import { botRespond, playBotsTurn, roomBotSeats } from "../../shared/bots.js";
import { stateHash } from "../../shared/hash.js";
import { makeRecord, parseRecord, type GameRecordFile } from "../../shared/record.js";
import { type LogEntry, replay } from "../../shared/replay.js";
import { resolveYear } from "../../shared/resolve.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import type { GameState } from "../../shared/state.js";
import { tileXY } from "../../shared/state.js";
import {
  citySeries,
  displacedTotal,
  droppableActions,
  foldFork,
  foldRecord,
  protectableTiles,
} from "../../client/model/fold.js";

/** A room's game in miniature: district 0 is a person, the others bots (hard, mixed). */
function roomGame(seed: number): GameRecordFile {
  const scenario = scenarioById("steel-town")!;
  const settings = { seed, size: 24, districts: 4, years: 4 };
  let state: GameState = createGame(scenario, settings);
  const log: LogEntry[] = [];
  const bots = [1, 2, 3];
  const person: Actor = { kind: "district", district: 0 };
  const act = (action: Action, actor: Actor, bot?: true): boolean => {
    const r = applyAction(state, action, actor);
    if (!r.ok) return false;
    state = r.state;
    log.push(bot ? { kind: "action", actor, action, bot } : { kind: "action", actor, action });
    for (const e of r.events) {
      if (e.type !== "proposal" || !bots.includes(e.to)) continue;
      const p = state.proposals.find((x) => x.id === e.proposal)!;
      act(
        { type: "respondProposal", proposal: p.id, accept: botRespond(state, e.to, p) },
        { kind: "district", district: e.to },
        true,
      );
    }
    return true;
  };
  const own = (use: string) =>
    state.tiles.findIndex((t) => t.district === 0 && t.use === use && t.terrain === "land");
  while (state.year < state.years) {
    log.push({ kind: "bots", districts: bots, level: "hard", mode: "mixed" });
    const turn = playBotsTurn(state, bots, roomBotSeats("hard", "mixed"));
    state = turn.state;
    for (const { actor, action } of turn.actions) log.push({ kind: "action", actor, action, bot: true });
    if (state.year === 0) act({ type: "setPolicy", policy: "festival", enabled: true }, person);
    if (state.year === 1) {
      const i = own("empty");
      if (i >= 0) act({ type: "placeAnchor", ...tileXY(state, i), anchor: "gallery" }, person);
    }
    if (state.year === 2) act({ type: "setPolicy", policy: "festival", enabled: false }, person);
    const derelict = own("derelict");
    if (derelict >= 0) act({ type: "convertFactory", ...tileXY(state, derelict), to: "studio" }, person);
    act({ type: "proposeDeal", to: 1 + (state.year % 3), amount: 2 }, person);
    // A refused action never reaches a room's log; this one stands for a human mistake.
    act({ type: "respondProposal", proposal: 99_999, accept: true }, person);
    log.push({ kind: "resolve" });
    state = resolveYear(state).state;
  }
  return makeRecord(scenario, settings, log, state);
}

const record = roomGame(31);

describe("replay from a record", () => {
  it("plays the log forward to the room's hash, a frame per year", () => {
    const t = foldRecord(record);
    expect(t.hash).toBe(record.hash);
    expect(t.hash).toBe(
      stateHash(replay({ scenario: "steel-town", settings: record.settings, log: record.log })),
    );
    expect(t.frames.map((f) => f.year)).toEqual([0, 1, 2, 3, 4]);
    expect(t.events[0]).toEqual([]);
    expect(t.events[1].some((e) => e.type === "migration" || e.type === "firmsBorn")).toBe(true);
    expect(foldRecord(record).hash).toBe(t.hash);
  });

  it("survives the JSON file: the parsed record replays to the same hash", () => {
    const file = JSON.parse(JSON.stringify({ code: "ABCDEF", history: [], record }));
    const r = parseRecord(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(foldRecord(r.record).hash).toBe(record.hash);
  });

  it("refuses a broken file, naming the field", () => {
    expect(parseRecord({ ...record, version: 9 })).toEqual({ ok: false, field: "version" });
    const bad = {
      ...record,
      log: [{ kind: "action", actor: { kind: "district", district: 0 }, action: { type: "fly" } }],
    };
    const r = parseRecord(bad);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.field.startsWith("log.0.action")).toBe(true);
    expect(parseRecord("not a record").ok).toBe(false);
  });

  it("sums the city's figures per year", () => {
    const s = citySeries(foldRecord(record).final.history);
    expect(s.years).toEqual([1, 2, 3, 4]);
    expect(s.creatives.every((c) => c > 0)).toBe(true);
    expect(citySeries(record.log.length ? foldRecord(record).final.history : [], 2).years).toEqual([1, 2]);
  });
});

describe("what-if forks", () => {
  const real = foldRecord(record);

  it("a fork that changes nothing is the real game, bots replanning included", () => {
    for (const year of [0, 2]) {
      const f = foldFork(record, year, { type: "drop", entry: -1 });
      expect(f.hash).toBe(real.hash);
      expect(f.skipped).toBe(0);
      expect(f.replanned).toBe(4 - year);
    }
  });

  it("one policy switched gives another game, the same one every time", () => {
    const change = {
      type: "districtPolicy",
      district: 0,
      policy: "affordableStudios",
      enabled: true,
    } as const;
    const a = foldFork(record, 1, change);
    const b = foldFork(record, 1, change);
    expect(a.applied).toBe(true);
    expect(a.hash).not.toBe(real.hash);
    expect(b.hash).toBe(a.hash);
    // The years before the fork are the real game's.
    expect(stateHash(a.frames[1])).toBe(stateHash(real.frames[1]));
    expect(stateHash(a.frames[2])).not.toBe(stateHash(real.frames[2]));
    expect(a.final.year).toBe(4);
    expect(Number.isFinite(displacedTotal(a))).toBe(true);
  });

  it("an anchor not placed is a different city; the people's later actions are replayed or counted", () => {
    const anchors = droppableActions(record, 1).filter((d) => d.action.type === "placeAnchor");
    expect(anchors).toHaveLength(1);
    expect(anchors[0].year).toBe(1);
    const f = foldFork(record, 1, { type: "drop", entry: anchors[0].entry });
    expect(f.applied).toBe(true);
    expect(f.hash).not.toBe(real.hash);
    const a = anchors[0].action as { x: number; y: number };
    const tile = a.y * record.settings.size! + a.x;
    expect(real.frames[2].tiles[tile].use).toBe("gallery");
    expect(f.frames[2].tiles[tile].use).not.toBe("gallery");
    expect(foldFork(record, 1, { type: "drop", entry: anchors[0].entry }).hash).toBe(f.hash);
  });

  it("a logged action the fork makes illegal is skipped and counted", () => {
    // Festival switched on in year 0 and off in year 2: without the first, the second has nothing to do.
    const on = droppableActions(record, 0).find((d) => d.action.type === "setPolicy" && d.year === 0)!;
    const f = foldFork(record, 0, { type: "drop", entry: on.entry });
    expect(f.skipped).toBe(1);
    expect(f.frames[1].districts[0].policies.festival).toBe(false);
    expect(real.frames[1].districts[0].policies.festival).toBe(true);
  });

  it("a change the rules refuse is reported and the fork is the real game", () => {
    // Festival is already on from year 0: switching it on again at year 1 is refused.
    const f = foldFork(record, 1, { type: "districtPolicy", district: 0, policy: "festival", enabled: true });
    expect(f.applied).toBe(false);
    expect(f.hash).toBe(real.hash);
  });

  it("a city decree at the fork year counts as the host's", () => {
    const f = foldFork(record, 0, { type: "cityPolicy", policy: "placeMarketing", enabled: true });
    expect(f.applied).toBe(true);
    expect(f.frames[1].cityPolicies.placeMarketing).toBe(true);
    expect(real.frames[1].cityPolicies.placeMarketing).toBe(false);
  });

  it("a space protected at the fork year: the tiles offered are the ones the rules accept, and it holds", () => {
    const at = real.frames[1];
    const tiles = protectableTiles(at, 0);
    expect(tiles.length).toBeGreaterThan(0);
    for (const i of tiles) {
      expect(at.tiles[i].district).toBe(0);
      const r = applyAction(
        at,
        { type: "protectSpace", ...tileXY(at, i), protect: true },
        { kind: "district", district: 0 },
      );
      expect(r.ok).toBe(true);
    }
    // Every other own unprotected tile is one the rules refuse to protect.
    at.tiles.forEach((t, i) => {
      if (t.district !== 0 || t.protected || tiles.includes(i)) return;
      const r = applyAction(
        at,
        { type: "protectSpace", ...tileXY(at, i), protect: true },
        { kind: "district", district: 0 },
      );
      expect(r.ok).toBe(false);
    });
    const tile = tiles[0];
    const f = foldFork(record, 1, { type: "protect", district: 0, ...tileXY(at, tile) });
    expect(f.applied).toBe(true);
    expect(real.frames[2].tiles[tile].protected).toBe(false);
    expect(f.frames[2].tiles[tile].protected).toBe(true);
    expect(f.hash).not.toBe(real.hash);
    expect(foldFork(record, 1, { type: "protect", district: 0, ...tileXY(at, tile) }).hash).toBe(f.hash);
    // Another district's space is not district 0's to protect: refused, and the fork is the real game.
    const foreign = protectableTiles(at, 1)[0];
    expect(at.tiles[foreign].district).toBe(1);
    const refused = foldFork(record, 1, { type: "protect", district: 0, ...tileXY(at, foreign) });
    expect(refused.applied).toBe(false);
    expect(refused.hash).toBe(real.hash);
  });
});
