// SQLite snapshot writes in the writer thread (server/snapshot-writer.ts): a save resolves once the
// row is committed and the main connection reads it; pruning runs there too; through the snapshot
// queue a restore sees the newest snapshot before, during and after its write; and if the thread dies,
// writes go on, on the main thread.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { QueuedSnapshotStorage } from "../../server/snapshot-queue.js";
import { ThreadedSnapshotStore } from "../../server/snapshot-writer.js";
import { type RoomSnapshot, SnapshotStore } from "../../server/storage.js";
import { createGame, scenarioById } from "../../shared/index.js";

const game = createGame(scenarioById("steel-town")!, { seed: 8, size: 24, districts: 4, years: 8 });
const snap = (code: string, year: number, savedAt = 1000): RoomSnapshot => ({
  code,
  hostTokenHash: "h",
  settings: { scenario: "steel-town" } as RoomSnapshot["settings"],
  customScenario: null,
  state: { ...game, year },
  log: [{ kind: "resolve" }],
  seats: [],
  ended: false,
  savedAt,
});
const dbPath = () => join(mkdtempSync(join(tmpdir(), "cq-writer-")), "rooms.db");

describe("the snapshot writer thread", () => {
  it("writes in its thread; the main connection (and another one) reads what it committed; prunes there", async () => {
    const path = dbPath();
    const store = new ThreadedSnapshotStore(path);
    expect(store.thread).not.toBeNull();
    await store.save(snap("AAAAAA", 3, 1000));
    await store.save(snap("BBBBBB", 4, 5000));
    expect(store.counts).toEqual({ threaded: 2, onMain: 0 });
    expect(store.load("AAAAAA")?.state.year).toBe(3);
    expect(store.has("BBBBBB")).toBe(true);
    const other = new SnapshotStore(path);
    expect(other.load("BBBBBB")?.state.year).toBe(4);
    other.close();
    expect(await store.deleteOlderThan(2000)).toBe(1);
    expect(store.has("AAAAAA")).toBe(false);
    await store.close();
  });

  it("behind the queue, a restore reads the newest snapshot before, during and after its write", async () => {
    const q = new QueuedSnapshotStorage(new ThreadedSnapshotStore(dbPath()));
    q.save(snap("CCCCCC", 1));
    q.save(snap("CCCCCC", 2));
    expect((await q.load("CCCCCC"))?.state.year).toBe(2);
    // The thread's first write waits for it to start (its module loading, slow on a busy machine).
    await expect.poll(() => q.queue.written, { timeout: 60_000 }).toBe(1);
    expect((await q.load("CCCCCC"))?.state.year).toBe(2);
    expect(await q.backing.load("CCCCCC")).toMatchObject({ state: { year: 2 } });
    await q.close();
  });

  it("writes on the main thread once the writer thread is gone", async () => {
    const store = new ThreadedSnapshotStore(dbPath());
    await store.save(snap("DDDDDD", 1));
    await store.thread?.terminate();
    await expect.poll(() => store.thread, { timeout: 60_000 }).toBeNull();
    await store.save(snap("DDDDDD", 2));
    expect(store.counts).toEqual({ threaded: 1, onMain: 1 });
    expect(store.load("DDDDDD")?.state.year).toBe(2);
    await store.close();
  });
});
