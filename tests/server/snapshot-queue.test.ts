// The snapshot queue: save returns before anything is written, writes come in later turns one at a
// time, a room's newer snapshot replaces its waiting one, flush writes all, and a failing store only
// loses that write.
import { describe, expect, it } from "vitest";
import { SnapshotQueue } from "../../server/snapshot-queue.js";
import type { RoomSnapshot } from "../../server/storage.js";

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
});
