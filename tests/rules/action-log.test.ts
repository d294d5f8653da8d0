// The session's action log (shared/replay.ts ActionLog): appends share one backing array, yet every
// session keeps the log it had — a branch (a second command from an older session) never shows up in
// the other branch. A saved log (as JSON, the way snapshots and results files carry it) replays through
// the session to the same state hash and the same log.
import { describe, expect, it } from "vitest";
import type { Action } from "../../shared/actions.js";
import { stateHash } from "../../shared/hash.js";
import { ActionLog, type LogEntry, replayHash, replaySession } from "../../shared/replay.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import { newSession, run, type Session, type SessionCommandBody } from "../../shared/session.js";

const SETTINGS = { seed: 5, size: 24, districts: 4, years: 3 } as const;
const game = () => createGame(scenarioById("steel-town")!, SETTINGS);
const policy = (p: "affordableStudios" | "festival", enabled: boolean): Action => ({
  type: "setPolicy",
  policy: p,
  enabled,
});
const act = (district: number, action: Action): SessionCommandBody => ({
  type: "act",
  seat: { district, host: false },
  action,
});

function must(s: Session, body: SessionCommandBody, bots: number[] = []): Session {
  const r = run(s, { ...body, at: 0, bots });
  if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  return r.session;
}

const resolveEntry: LogEntry = { kind: "resolve" };
const marker = (d: number): LogEntry => ({ kind: "bots", districts: [d], level: "easy", mode: "mixed" });

describe("the action log", () => {
  it("appends without changing the log it was appended to", () => {
    const a = ActionLog.from([marker(0)]);
    const b = a.append(resolveEntry);
    const c = b.append(marker(1), marker(2));
    expect(a.length).toBe(1);
    expect([...a]).toEqual([marker(0)]);
    expect(b.toArray()).toEqual([marker(0), resolveEntry]);
    expect(c.toArray()).toEqual([marker(0), resolveEntry, marker(1), marker(2)]);
    expect(c.at(-1)).toEqual(marker(2));
    expect(c.at(4)).toBeUndefined();
    expect(a.at(1)).toBeUndefined();
    expect(a.append()).toBe(a);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c.toArray());
  });

  it("keeps branches apart: appending to an older log copies it, the newer one is untouched", () => {
    const base = ActionLog.from([]).append(marker(0));
    const one = base.append(marker(1));
    const two = base.append(marker(2));
    const oneMore = one.append(marker(3));
    expect(base.toArray()).toEqual([marker(0)]);
    expect(one.toArray()).toEqual([marker(0), marker(1)]);
    expect(two.toArray()).toEqual([marker(0), marker(2)]);
    expect(oneMore.toArray()).toEqual([marker(0), marker(1), marker(3)]);
    expect(two.append(marker(4)).toArray()).toEqual([marker(0), marker(2), marker(4)]);
    expect(one.some((e) => e.kind === "bots" && e.districts[0] === 2)).toBe(false);
    expect(oneMore.filter((e) => e.kind === "bots")).toHaveLength(3);
  });

  it("leaves every earlier session's log as it was when two commands follow the same session", () => {
    let s = newSession(game(), { timing: { startCountdown: 0 } });
    s = must(s, { type: "host", command: { type: "host.start" } }, [1, 2, 3]);
    const before = s.log.toArray();
    const on = must(s, act(0, policy("affordableStudios", true)), [1, 2, 3]);
    const other = must(s, act(0, policy("festival", true)), [1, 2, 3]);
    const onAgain = must(on, act(0, policy("festival", true)), [1, 2, 3]);
    expect(s.log.toArray()).toEqual(before);
    expect(on.log.length).toBe(before.length + 1);
    expect(other.log.length).toBe(before.length + 1);
    expect(on.log.at(-1)).toMatchObject({ action: { policy: "affordableStudios" } });
    expect(other.log.at(-1)).toMatchObject({ action: { policy: "festival" } });
    expect(onAgain.log.at(-2)).toMatchObject({ action: { policy: "affordableStudios" } });
    expect(onAgain.log.at(-1)).toMatchObject({ action: { policy: "festival" } });
    // The two branches are two games: their replays give their own hashes.
    const hashOf = (x: Session) =>
      replayHash({ scenario: "steel-town", settings: SETTINGS, log: JSON.parse(JSON.stringify(x.log)) });
    expect(hashOf(on)).toBe(stateHash(on.game));
    expect(hashOf(other)).toBe(stateHash(other.game));
    expect(stateHash(on.game)).not.toBe(stateHash(other.game));
  });

  it("a saved log replays through the session to the same hash and the same log", () => {
    const bots = [1, 2, 3];
    let s = newSession(game(), { timing: { startCountdown: 0 }, bots: { level: "hard", mode: "mixed" } });
    s = must(s, { type: "host", command: { type: "host.start" } }, bots);
    for (let y = 0; y < SETTINGS.years; y++) {
      if (s.phase !== "planning") s = must(s, { type: "tick" }, bots);
      s = must(s, act(0, policy("affordableStudios", y % 2 === 0)), bots);
      s = must(s, { type: "tick" }, bots);
    }
    expect(s.phase).toBe("ended");
    const saved = JSON.parse(JSON.stringify({ log: s.log })) as { log: LogEntry[] };
    expect(saved.log.filter((e) => e.kind === "resolve")).toHaveLength(SETTINGS.years);
    expect(saved.log.filter((e) => e.kind === "action" && e.bot).length).toBeGreaterThan(0);
    const record = { scenario: "steel-town", settings: SETTINGS, log: saved.log };
    const again = replaySession(record);
    expect(stateHash(again.game)).toBe(stateHash(s.game));
    expect(again.log.toArray()).toEqual(saved.log);
    // A session restored from the saved log (as a room from its snapshot) goes on appending to it.
    const restored = newSession(s.game, { log: saved.log });
    expect(restored.log.toArray()).toEqual(saved.log);
  });
});
