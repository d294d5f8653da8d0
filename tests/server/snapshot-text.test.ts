// A snapshot's JSON with parts serialised elsewhere (the year worker's state text, the room's log text
// grown between saves) reads back as the snapshot itself, through the SQLite store too.
import { describe, expect, it } from "vitest";
import { LogJson, snapshotText, stateText, withPreparedJson } from "../../server/snapshot-text.js";
import { type RoomSnapshot, SnapshotStore } from "../../server/storage.js";
import { ActionLog, type LogEntry } from "../../shared/replay.js";
import { createGame, resolveYear, scenarioById } from "../../shared/index.js";

const game = resolveYear(
  createGame(scenarioById("steel-town")!, { seed: 3, size: 24, districts: 4, years: 8 }),
).state;
const entries: LogEntry[] = [
  {
    kind: "action",
    actor: { kind: "district", district: 1 },
    action: { type: "build", x: 1, y: 2, use: "park" },
  },
  { kind: "resolve" },
  { kind: "bots", districts: [2, 3], level: "easy", mode: "mixed" },
  { kind: "action", actor: { kind: "host" }, action: { type: "injectEvent", event: "boom" } } as LogEntry,
];
const snapshot = (log: LogEntry[]): RoomSnapshot => ({
  code: "QWERTY",
  hostTokenHash: "h",
  settings: { scenario: "steel-town" } as RoomSnapshot["settings"],
  customScenario: null,
  state: game,
  log,
  seats: [{ id: "a", nickname: "Ann", district: 1, isHost: true }],
  ended: false,
  savedAt: 1234,
});
const plain = (s: RoomSnapshot) => JSON.parse(JSON.stringify(s));

describe("snapshot text", () => {
  it("is the snapshot's JSON, with or without prepared parts", () => {
    const s = snapshot(entries);
    expect(JSON.parse(snapshotText(s))).toEqual(plain(s));
    const t = snapshot(entries);
    withPreparedJson(t, { state: JSON.stringify(game), log: JSON.stringify(entries) });
    expect(JSON.parse(snapshotText(t))).toEqual(plain(s));
    expect(stateText(t)).toBe(JSON.stringify(game));
    // Parts that are missing have no key, as with JSON.stringify.
    const partial = { code: "X", state: game } as unknown as RoomSnapshot;
    expect(JSON.parse(snapshotText(partial))).toEqual(plain(partial));
    expect(snapshotText({} as RoomSnapshot)).toBe("{}");
  });

  it("writes the prepared text, not the object (the store restores what the text says)", () => {
    const db = new SnapshotStore(":memory:");
    const s = withPreparedJson(snapshot([]), { state: JSON.stringify({ ...game, year: 99 }) });
    db.save(s);
    expect(db.load("QWERTY")?.state.year).toBe(99);
    db.close();
  });

  it("grows the log's JSON entry by entry, and starts again for a log that is not an extension", () => {
    const lj = new LogJson();
    let log = ActionLog.from();
    expect(lj.text(log)).toBe("[]");
    for (const e of entries) {
      log = log.append(e);
      expect(lj.text(log)).toBe(JSON.stringify([...log]));
    }
    // A shorter log, then another log of the same length: each serialised from the start.
    const shorter = ActionLog.from(entries.slice(0, 2));
    expect(lj.text(shorter)).toBe(JSON.stringify(entries.slice(0, 2)));
    const other = ActionLog.from([{ kind: "resolve" }, { kind: "resolve" }, { kind: "resolve" }]);
    expect(lj.text(other)).toBe(JSON.stringify([...other]));
    expect(lj.text(log)).toBe(JSON.stringify(entries));
  });
});
