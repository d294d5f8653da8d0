// The year pool runs year-ends in worker threads: the same state hash as on the main thread, jobs in
// parallel, a throwing task rejects only its job, and a worker that dies costs nothing but the worker.
import { afterEach, describe, expect, it } from "vitest";
import { YearPool } from "../../server/year-pool.js";
import {
  packedBuffers,
  packGame,
  packTiles,
  unpackGame,
  unpackTiles,
  unpackYear,
} from "../../server/year-tasks.js";
import { createGame, resolveYear, scenarioById, stateHash } from "../../shared/index.js";

const pools: YearPool[] = [];
const pool = (options?: ConstructorParameters<typeof YearPool>[0]) => {
  const p = new YearPool(options);
  pools.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

const city = (seed: number, size = 32, districts = 6) =>
  createGame(scenarioById("steel-town")!, { seed, size, districts, years: 12 });

describe("the year pool", () => {
  it("resolves a year in a worker with the same state hash as the main thread", async () => {
    const p = pool({ size: 1 });
    let s = city(5);
    let main = s;
    for (let y = 0; y < 3; y++) {
      const r = await p.run("resolveYear", s);
      const m = resolveYear(main);
      expect(stateHash(r.state)).toBe(stateHash(m.state));
      expect(stateHash(r.events)).toBe(stateHash(m.events));
      s = r.state;
      main = m.state;
    }
    expect(p.stats()).toMatchObject({ done: 3, fellBack: 0, crashes: 0 });
  });

  it("resolves a year from the packed form (tiles as moved typed arrays) with the main thread's hash", async () => {
    const p = pool({ size: 1 });
    let s = city(21, 48, 8);
    let main = s;
    for (let y = 0; y < 3; y++) {
      const packed = packGame(s);
      expect(packed.tiles).not.toBeNull();
      const buffers = packedBuffers(packed.tiles);
      const r = unpackYear(await p.run("resolveYearPacked", packed, buffers));
      // The buffers were moved to the worker, not copied.
      expect(buffers.every((b) => b.byteLength === 0)).toBe(true);
      const m = resolveYear(main);
      expect(stateHash(r.state)).toBe(stateHash(m.state));
      expect(stateHash(r.events)).toBe(stateHash(m.events));
      expect(r.state.tiles).toEqual(m.state.tiles);
      // The state's JSON for the room's snapshot, made in the worker, is the main thread's state.
      expect(JSON.parse(r.stateJson ?? "null")).toEqual(JSON.parse(JSON.stringify(m.state)));
      s = r.state;
      main = m.state;
    }
  });

  it("packs tiles exactly, and leaves a game with an odd tile as it is", () => {
    const g = resolveYear(city(4, 24, 4)).state;
    const tiles = [...g.tiles];
    // Values a float32 or an integer column would lose.
    tiles[0] = { ...tiles[0], rent: 0.1 + 0.2, pay: -0, firms: [1.5, 0, 7, 0, 0, 1e-9] };
    const back = unpackTiles(packTiles(tiles)!);
    expect(back).toEqual(tiles);
    expect(Object.is(back[0].pay, -0)).toBe(true);
    expect(stateHash(unpackGame(packGame({ ...g, tiles })))).toBe(stateHash({ ...g, tiles }));
    const odd = [...tiles];
    odd[3] = { ...odd[3], extra: 1 } as never;
    expect(packTiles(odd)).toBeNull();
    expect(packGame({ ...g, tiles: odd }).tiles).toBeNull();
    expect(unpackGame(packGame({ ...g, tiles: odd })).tiles[3]).toEqual(odd[3]);
  });

  it("runs several rooms' year-ends at once, each with its own result", async () => {
    const p = pool({ size: 2 });
    const cities = [1, 2, 3, 4].map((seed) => city(seed, 24, 4));
    const results = await Promise.all(cities.map((c) => p.run("resolveYear", c)));
    results.forEach((r, k) => {
      expect(stateHash(r.state)).toBe(stateHash(resolveYear(cities[k]).state));
    });
    expect(p.stats().workers).toBeLessThanOrEqual(2);
  });

  it("serialises a snapshot off the main thread", async () => {
    const p = pool({ size: 1 });
    const value = { code: "ABCDEF", state: city(9, 24, 4) };
    expect(await p.run("stringify", value)).toBe(JSON.stringify(value));
  });

  it("rejects a job whose task throws, and keeps serving", async () => {
    const p = pool({ size: 1 });
    await expect(p.run("resolveYear", null as never)).rejects.toThrow();
    const s = city(7, 24, 4);
    expect(stateHash((await p.run("resolveYear", s)).state)).toBe(stateHash(resolveYear(s).state));
    expect(p.stats().crashes).toBe(0);
  });

  it("survives a worker that dies: the job completes on the main thread with the same result", async () => {
    const exits: number[] = [];
    const p = pool({
      size: 1,
      workerUrl: new URL("./fixtures/crash-worker.ts", import.meta.url),
      onWorkerExit: (info) => exits.push(info.code),
    });
    const a = city(11, 24, 4);
    const b = city(12, 24, 4);
    const [ra, rb] = await Promise.all([p.run("resolveYear", a), p.run("resolveYear", b)]);
    expect(stateHash(ra.state)).toBe(stateHash(resolveYear(a).state));
    expect(stateHash(rb.state)).toBe(stateHash(resolveYear(b).state));
    // Each job's worker died (a fresh one took the second job, and died too); both fell back.
    expect(exits).toEqual([3, 3]);
    expect(p.stats()).toMatchObject({ fellBack: 2, crashes: 2 });
  });

  it("rejects jobs after it is closed", async () => {
    const p = pool({ size: 1 });
    await p.close();
    await expect(p.run("resolveYear", city(1, 24, 4))).rejects.toThrow("closed");
  });
});
