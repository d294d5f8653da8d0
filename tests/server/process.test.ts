// Real server processes (node + tsx, and the built dist/server/main.js that `npm start` runs): a
// handler that throws does not stop the process, and after kill -9 a restarted server restores the
// room, with every finished year, for the host (code + host token) and the students (code + nickname).
// SIGTERM stops the built server after telling the clients and saving the unfinished year too.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "colyseus.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RoomStateView } from "../../shared/mirror.js";
import type { HistoryRow } from "../../shared/state.js";
import { joinError, Player } from "./helpers.js";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

interface Spawned {
  child: ChildProcess;
  url: string;
  http: string;
  output: () => string;
}

/** Starts server/main.ts on a port the system picks (PORT=0), read from the line it prints once
 * listening: no other process can take the port between choosing and binding it. */
async function startServer(
  dbPath: string,
  env: Record<string, string> = {},
  // node --import tsx: one process, so kill -9 kills the server itself (not a wrapper).
  args: string[] = ["--import", "tsx", "server/main.ts"],
  command = process.execPath,
): Promise<Spawned> {
  const child = spawn(command, args, {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", CQ_DB_PATH: dbPath, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  const port = await new Promise<number>((resolve, reject) => {
    const collect = (d: Buffer) => {
      out += d;
      const m = /Creative Quarter on http:\/\/localhost:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("exit", () => reject(new Error(`server exited early:\n${out}`)));
  });
  return { child, url: `ws://127.0.0.1:${port}`, http: `http://127.0.0.1:${port}`, output: () => out };
}

const GAME = {
  planningSeconds: 600,
  reportSeconds: 120,
  rounds: 5,
  bots: true,
  size: 24 as const,
  seed: 99,
  startCountdown: 0,
};

it("survives a handler that throws", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cq-proc-"));
  const server = await startServer(join(dir, "db.sqlite"), { CQ_TEST_HOOKS: "1" });
  const host = new Player(await new Client(server.url).create("city", { nickname: "T", settings: GAME }));
  await host.waitMessage("you");
  host.room.send("test.throw", {});
  await host.roundTrip();
  host.room.send("test.throw", {});
  await host.roundTrip({ type: "host.start" });
  await host.waitState((v) => v.phase === "planning");
  expect(server.child.exitCode).toBeNull();
  expect(server.output()).toContain("test hook: a handler threw");
  const health = (await (await fetch(`${server.http}/api/health`)).json()) as {
    status: string;
    rooms: number;
  };
  expect(health).toMatchObject({ status: "ok", rooms: 1 });
  const student = new Player(await new Client(server.url).joinById(host.room.roomId, { nickname: "S" }));
  await student.waitMessage("you");
  expect(host.room.connection.isOpen).toBe(true);
  await host.room.leave();
  await student.room.leave();
});

it("restores a room after kill -9 with every finished year", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cq-proc-"));
  const db = join(dir, "db.sqlite");
  const first = await startServer(db);

  const host = new Player(
    await new Client(first.url).create("city", { nickname: "Teacher", settings: GAME }),
  );
  await host.waitMessage("you");
  const { token, code } = await host.waitMessage<{ token: string; code: string }>("hostToken");
  const ann = new Player(await new Client(first.url).joinById(code, { nickname: "Ann" }));
  const bob = new Player(await new Client(first.url).joinById(code, { nickname: "Bob" }));
  await ann.waitMessage("you");
  await bob.waitMessage("you");
  const annSeat = ann.me();
  const bobSeat = bob.me();

  await host.roundTrip({ type: "host.start" });
  let atYear2: RoomStateView | null = null;
  for (let year = 0; year < 2; year++) {
    await ann.waitState((v) => v.phase === "planning" && v.year === year);
    await ann.roundTrip({
      type: "action",
      action: { type: "setPolicy", policy: year ? "talent" : "festival", enabled: true },
    });
    await host.roundTrip({ type: "host.endPlanning" });
    const v = await host.waitState((s) => s.year === year + 1 && s.phase === "report");
    if (year === 1) atYear2 = v;
    else await host.roundTrip({ type: "host.endPlanning" });
  }
  const reports = host.messages<{ year: number; history: HistoryRow[] }>("yearReport");
  expect(reports.map((r) => r.year)).toEqual([1, 2]);
  // Year 3 is under way (an action taken) when the process dies.
  await host.roundTrip({ type: "host.endPlanning" });
  await ann.waitState((v) => v.phase === "planning" && v.year === 2);
  await ann.roundTrip({
    type: "action",
    action: { type: "setPolicy", policy: "artsEducation", enabled: true },
  });
  first.child.kill("SIGKILL");
  await new Promise((r) => first.child.once("exit", r));

  const second = await startServer(db);
  // The room is gone from memory: joining by code fails until the host restores it.
  expect(await joinError(second.url, code, { nickname: "Ann" })).not.toBe("joined");
  const wrong = await new Client(second.url)
    .create("city", { nickname: "Teacher", restore: { code, hostToken: "x".repeat(32) } })
    .then(() => "created")
    .catch((e: Error) => e.message);
  expect(wrong).toBe("bad_host_token");

  // Two restores of the same room at once (two tabs): exactly one gets it, the other is told it exists.
  const both = await Promise.allSettled([
    new Client(second.url).create("city", { nickname: "Teacher", restore: { code, hostToken: token } }),
    new Client(second.url).create("city", { nickname: "Teacher", restore: { code, hostToken: token } }),
  ]);
  const won = both.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const lost = both.flatMap((r) => (r.status === "rejected" ? [(r.reason as Error).message] : []));
  expect(won).toHaveLength(1);
  expect(lost).toEqual(["room_exists"]);
  const host2 = new Player(won[0]);
  expect(host2.room.roomId).toBe(code);
  await host2.waitMessage("you");
  expect(host2.me().isHost).toBe(true);
  const history = await host2.waitMessage<{ rows: HistoryRow[] }>("history");
  expect(history.rows).toEqual(reports.flatMap((r) => r.history));
  const restored = await host2.waitState((v) => v.year === 2);
  expect(restored.phase).toBe("lobby");
  expect(restored.chunks).toEqual(atYear2!.chunks);
  expect(restored.districts.map(({ seatCount: _s, ...d }) => d)).toEqual(
    atYear2!.districts.map(({ seatCount: _s, ...d }) => d),
  );
  expect(restored.links).toEqual(atYear2!.links);
  expect(restored.proposals).toEqual(atYear2!.proposals);

  // Students rejoin with the code, their nickname and their browser's seat secret: same player, same
  // seat. The nickname alone is not enough.
  const secretOf = (p: Player) => p.messages<{ secret: string }>("seat")[0].secret;
  expect(await joinError(second.url, code, { nickname: "Ann" })).toBe("seat_locked");
  const ann2 = new Player(
    await new Client(second.url).joinById(code, { nickname: "Ann", seatSecret: secretOf(ann) }),
  );
  const bob2 = new Player(
    await new Client(second.url).joinById(code, { nickname: "Bob", seatSecret: secretOf(bob) }),
  );
  await ann2.waitMessage("you");
  await bob2.waitMessage("you");
  expect(ann2.me()).toMatchObject({ playerId: annSeat.playerId, district: annSeat.district });
  expect(bob2.me()).toMatchObject({ playerId: bobSeat.playerId, district: bobSeat.district });

  // And the game goes on from the last finished year.
  await host2.roundTrip({ type: "host.start" });
  await ann2.waitState((v) => v.phase === "planning" && v.year === 2);
  await host2.roundTrip({ type: "host.endPlanning" });
  const report = await ann2.waitMessage<{ year: number }>("yearReport");
  expect(report.year).toBe(3);
  for (const p of [host2, ann2, bob2]) await p.room.leave();
});

it("saves rooms on a normal stop (SIGTERM) and restores them mid-year", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cq-proc-"));
  const db = join(dir, "db.sqlite");
  const first = await startServer(db);
  const host = new Player(
    await new Client(first.url).create("city", { nickname: "Teacher", settings: GAME }),
  );
  const { token, code } = await host.waitMessage<{ token: string; code: string }>("hostToken");
  const ann = new Player(await new Client(first.url).joinById(code, { nickname: "Ann" }));
  await ann.waitMessage("you");
  await host.roundTrip({ type: "host.start" });
  await ann.waitState((v) => v.phase === "planning");
  await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
  const district = ann.me().district;
  first.child.kill("SIGTERM");
  expect(await new Promise((r) => first.child.once("exit", (code) => r(code)))).toBe(0);

  const second = await startServer(db);
  const host2 = new Player(
    await new Client(second.url).create("city", { nickname: "Teacher", restore: { code, hostToken: token } }),
  );
  // Saved on dispose: the action of the unfinished year is there too.
  const v = await host2.waitState((s) => (s.districts?.length ?? 0) > 0);
  expect(v.year).toBe(0);
  expect(v.districts[district].policies.split(",")).toContain("talent");
  await host2.room.leave();
});

describe("the built server (node dist/server/main.js, as npm start runs it)", () => {
  const BUILT = ["dist/server/main.js"];
  // CI starts from a fresh clone: build here, so `npm test` needs no earlier build (and never runs a
  // stale one). esbuild takes about a second.
  beforeAll(() => {
    const b = spawnSync(process.execPath, ["scripts/build-server.mjs"], { encoding: "utf8" });
    expect(b.status, b.stderr).toBe(0);
  });

  /** A room in year 2 (index 1) with one finished year: Ann enabled "festival" in year 1 (resolved)
   * and "talent" in year 2, which is still being planned. */
  async function midYear(server: Spawned) {
    const host = new Player(
      await new Client(server.url).create("city", { nickname: "Teacher", settings: GAME }),
    );
    const { token, code } = await host.waitMessage<{ token: string; code: string }>("hostToken");
    const ann = new Player(await new Client(server.url).joinById(code, { nickname: "Ann" }));
    await ann.waitMessage("you");
    await host.roundTrip({ type: "host.start" });
    await ann.waitState((v) => v.phase === "planning" && v.year === 0);
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((v) => v.year === 1 && v.phase === "report");
    await host.roundTrip({ type: "host.endPlanning" });
    await ann.waitState((v) => v.phase === "planning" && v.year === 1);
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
    const reports = host.messages<{ history: HistoryRow[] }>("yearReport");
    return {
      host,
      ann,
      token,
      code,
      district: ann.me().district,
      history: reports.flatMap((r) => r.history),
    };
  }

  async function restore(server: Spawned, code: string, token: string) {
    const host = new Player(
      await new Client(server.url).create("city", {
        nickname: "Teacher",
        restore: { code, hostToken: token },
      }),
    );
    const history = await host.waitMessage<{ rows: HistoryRow[] }>("history");
    const view = await host.waitState((s) => (s.districts?.length ?? 0) > 0);
    return { host, view, history: history.rows };
  }

  it("SIGTERM mid-year: the clients are told, the process exits 0, and nothing is lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cq-built-"));
    const db = join(dir, "db.sqlite");
    const first = await startServer(db, {}, BUILT);
    const game = await midYear(first);
    // The built server found its worker (dist/server/year-worker.js): the finished year ran there, not
    // on the main thread after a worker failed to start.
    const health = (await (await fetch(`${first.http}/api/health`)).json()) as {
      yearPool: { workers: number; done: number; fellBack: number; crashes: number };
    };
    expect(health.yearPool.workers).toBeGreaterThanOrEqual(1);
    expect(health.yearPool).toMatchObject({ done: 1, fellBack: 0, crashes: 0 });
    expect(first.output()).not.toContain("year pool:");
    first.child.kill("SIGTERM");
    const exitCode = await new Promise((r) => first.child.once("exit", (c) => r(c)));
    expect(exitCode).toBe(0);
    // Every client was told before its connection closed.
    expect(game.ann.messages("serverRestarting")).toHaveLength(1);
    expect(game.host.messages("serverRestarting")).toHaveLength(1);
    expect(first.output()).toContain("SIGTERM: stopping, saving 1 room(s)");
    expect(first.output()).toContain("stopped: 1 room(s) saved");

    const second = await startServer(db, {}, BUILT);
    const back = await restore(second, game.code, game.token);
    // The unfinished year is kept: same year, and this year's action is there.
    expect(back.view.year).toBe(1);
    expect(back.view.districts[game.district].policies.split(",")).toEqual(
      expect.arrayContaining(["festival", "talent"]),
    );
    expect(back.history).toEqual(game.history);
    await back.host.room.leave();
  });

  it("kill -9 mid-year loses only the unfinished year", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cq-built-"));
    const db = join(dir, "db.sqlite");
    const first = await startServer(db, {}, BUILT);
    const game = await midYear(first);
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    expect(game.ann.messages("serverRestarting")).toHaveLength(0);

    const second = await startServer(db, {}, BUILT);
    const back = await restore(second, game.code, game.token);
    // Back to the last finished year: its action is kept, this year's is not.
    expect(back.view.year).toBe(1);
    const policies = back.view.districts[game.district].policies.split(",");
    expect(policies).toContain("festival");
    expect(policies).not.toContain("talent");
    expect(back.history).toEqual(game.history);
    await back.host.room.leave();
  });

  /** Whether process `pid` still runs (a zombie nobody has reaped yet counts as ended). */
  function running(pid: number): boolean {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    const stat = `/proc/${pid}/stat`;
    return !(existsSync(stat) && /^\d+ \(.*\) Z/.test(readFileSync(stat, "utf8")));
  }

  it("npm start: SIGTERM that stops npm's shell also stops the one server process, rooms saved", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cq-start-"));
    const db = join(dir, "db.sqlite");
    // As `npm start` runs it: npm's shell runs `node scripts/start.mjs` and dies on SIGTERM without
    // passing it on. CQ_STATIC_DIR set: no client build needed.
    const first = await startServer(
      db,
      { npm_lifecycle_event: "start", CQ_STATIC_DIR: dir },
      ["-c", `"${process.execPath}" scripts/start.mjs`],
      "sh",
    );
    const pid = Number(/\(pid (\d+)/.exec(first.output())?.[1]);
    // One server process, the shell's child: start.mjs runs the built server itself.
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(first.child.pid);
    try {
      const game = await midYear(first);
      first.child.kill("SIGTERM");
      await new Promise((r) => first.child.once("exit", r));
      await game.ann.waitMessage("serverRestarting");
      await expect.poll(() => running(pid), { timeout: 60_000, interval: 200 }).toBe(false);
      expect(first.output()).toContain("stopped: 1 room(s) saved");

      const second = await startServer(db, {}, BUILT);
      const back = await restore(second, game.code, game.token);
      expect(back.view.year).toBe(1);
      expect(back.view.districts[game.district].policies.split(",")).toEqual(
        expect.arrayContaining(["festival", "talent"]),
      );
      await back.host.room.leave();
    } finally {
      if (running(pid)) process.kill(pid, "SIGKILL");
    }
  });
});
