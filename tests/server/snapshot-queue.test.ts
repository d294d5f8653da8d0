// The snapshot queue: save returns before anything is written, writes come in later turns one at a
// time, a room's newer snapshot replaces its waiting one, flush writes all, and a failing store only
// loses that write.
import { describe, expect, it } from "vitest";
import { QueuedSnapshotStorage, SnapshotQueue } from "../../server/snapshot-queue.js";
import { type RoomSnapshot, SnapshotStore } from "../../server/storage.js";

const snap = (code: string, year: number) => ({ code, state: { year } }) as unknown as RoomSnapshot;

describe("the snapshot queue", () => {
  it("writes later, one room per turn, newest snapshot per room", async () => {
    const written: string[] = [];
    const q = new SnapshotQueue({ save: (s) => void written.push(`${s.code}:${s.state.year}`) });
    q.save(snap("AAAAAA", 1));
    q.save(snap("BBBBBB", 1));
    q.save(snap("AAAAAA", 2));
    // Nothing is written in the turn that saved.
    expect(written).toEqual([]);
    expect(q.pending).toBe(2);
    await new Promise<void>((r) => setImmediate(r));
    // One write per turn of the loop.
    expect(written.length).toBe(1);
    await expect.poll(() => written.length).toBe(2);
    expect(written).toEqual(["BBBBBB:1", "AAAAAA:2"]);
    expect(q.coalesced).toBe(1);
  });

  it("flush writes everything waiting, async stores included", async () => {
    const written: string[] = [];
    const q = new SnapshotQueue({
      save: async (s) => {
        await Promise.resolve();
        written.push(s.code);
      },
    });
    for (const c of ["A", "B", "C"]) q.save(snap(c, 1));
    await q.flush();
    expect(written.sort()).toEqual(["A", "B", "C"]);
    expect(q.pending).toBe(0);
  });

  it("survives a failing store: the failed write is reported, the others go on", async () => {
    const errors: string[] = [];
    const written: string[] = [];
    const q = new SnapshotQueue(
      {
        save: (s) => {
          if (s.code === "BAD") throw new Error("disk full");
          written.push(s.code);
        },
      },
      { onError: (code, e) => errors.push(`${code}: ${(e as Error).message}`) },
    );
    q.save(snap("BAD", 1));
    q.save(snap("OK", 1));
    await q.flush();
    expect(errors).toEqual(["BAD: disk full"]);
    expect(written).toEqual(["OK"]);
    expect(q.failed).toBe(1);
  });

  it("a queued store reads the newest snapshot, waiting or being written, and close writes what waits", async () => {
    const db = new SnapshotStore(":memory:");
    const full = (code: string, year: number) =>
      ({ ...snap(code, year), hostTokenHash: "h", savedAt: 1, ended: false }) as RoomSnapshot;
    const store = new QueuedSnapshotStorage(db);
    store.save(full("AAAAAA", 1));
    // Not in the database yet, but a restore (load, has) sees it.
    expect(db.load("AAAAAA")).toBeNull();
    expect(await store.has("AAAAAA")).toBe(true);
    expect((await store.load("AAAAAA"))?.state.year).toBe(1);
    await store.flush();
    expect(db.load("AAAAAA")?.state.year).toBe(1);
    store.save(full("AAAAAA", 2));
    expect((await store.load("AAAAAA"))?.state.year).toBe(2);
    expect(db.load("AAAAAA")?.state.year).toBe(1);
    // An async store: while its write is under way the snapshot is still read from the queue.
    let finish: () => void = () => undefined;
    const slow = new QueuedSnapshotStorage({
      where: "slow",
      save: (s: RoomSnapshot) =>
        new Promise<void>((r) => {
          finish = () => {
            db.save(s);
            r();
          };
        }),
      load: (code: string) => db.load(code),
      has: (code: string) => db.has(code),
      deleteOlderThan: () => 0,
      close: () => undefined,
    });
    slow.save(full("BBBBBB", 3));
    const flushed = slow.flush();
    await expect.poll(() => slow.queue.pending).toBe(0);
    expect((await slow.load("BBBBBB"))?.state.year).toBe(3);
    finish();
    await flushed;
    expect(db.load("BBBBBB")?.state.year).toBe(3);
    // Closing writes the waiting snapshot of AAAAAA before the database closes.
    const written: number[] = [];
    const closing = new QueuedSnapshotStorage({
      where: "x",
      save: (s) => void written.push(s.state.year),
      load: () => null,
      has: () => false,
      deleteOlderThan: () => 0,
      close: () => void written.push(-1),
    });
    closing.save(full("CCCCCC", 4));
    await closing.close();
    expect(written).toEqual([4, -1]);
    await store.close();
  });
});
