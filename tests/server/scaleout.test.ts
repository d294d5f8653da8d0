// Scale-out for real: a redis-server of our own (Debian's, installed by .ci/run; missing, the test
// fails) and two game processes sharing it (REDIS_URL). A room created through process A is joined
// by code through process B; a student and the host play a year; A is killed with -9 and the host
// restores the room on B from the shared store; the dead process's listings are cleaned up and never
// offered to joiners; codes stay unique across the processes; a process stopped (SIGSTOP, 3 s) in the
// middle of a create does not make two rooms of one code; a process stopped past its liveness TTL and
// taken for dead closes, once back, its twin of a room restored elsewhere and lists its other rooms
// again. Every wait waits for a state.
import { globalAgent } from "node:http";
import { Client } from "colyseus.js";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryRow } from "../../shared/state.js";
import { joinError, Player, WAIT_MS } from "./helpers.js";
import { type Game, killAll, startGame as startCluster, startRedis } from "./processes.js";

// colyseus.js makes its HTTP requests through Node's global agent, whose sockets time out after 5 s
// of silence (Node 20's default) and abort the request ("socket hang up"): on a busy machine twenty
// creates at once take longer than that. Each request here gets its own connection and a minute.
const agent = globalAgent as unknown as { keepAlive: boolean; options: { timeout: number } };
agent.keepAlive = false;
agent.options.timeout = WAIT_MS;

let redisUrl = "";
let db: Redis;
const startGame = () => startCluster(redisUrl);

/** Colyseus' room listings in Redis: code → the process named. */
async function listings(): Promise<Map<string, string>> {
  const all = await db.hgetall("roomcaches");
  return new Map(
    Object.entries(all).map(([code, v]) => [code, (JSON.parse(v) as { processId: string }).processId]),
  );
}

async function restoreOn(g: Game, code: string, token: string): Promise<Player> {
  const p = new Player(
    await new Client(g.url).create("city", { nickname: "Teacher", restore: { code, hostToken: token } }),
  );
  await p.waitMessage("you");
  return p;
}

function restoreOutcome(g: Game, code: string, token: string): Promise<Player | string> {
  return new Client(g.url)
    .create("city", { nickname: "Teacher", restore: { code, hostToken: token } })
    .then((r) => new Player(r))
    .catch((e: Error) => e.message);
}

const GAME = {
  planningSeconds: 600,
  reportSeconds: 120,
  rounds: 4,
  bots: true,
  size: 24 as const,
  seed: 7,
  startCountdown: 0,
};

let a: Game;
let b: Game;

beforeAll(async () => {
  ({ url: redisUrl, db } = await startRedis());
  [a, b] = await Promise.all([startGame(), startGame()]);
}, WAIT_MS);

afterAll(async () => {
  await db?.quit();
  killAll();
});

describe("two game processes behind one redis-server", () => {
  it("joins by code across processes, plays a year, and restores on B after kill -9 of A", async () => {
    const host = new Player(await new Client(a.url).create("city", { nickname: "Teacher", settings: GAME }));
    const { token, code } = await host.waitMessage<{ token: string; code: string }>("hostToken");
    expect((await listings()).get(code)).toBe(a.processId);
    expect(await db.get(`cq:code:${code}`)).toBe(a.processId);

    // The student asks process B; the seat reservation sends it to A, where the room lives.
    const ann = new Player(await new Client(b.url).joinById(code, { nickname: "Ann" }));
    await ann.waitMessage("you");
    const annSeat = ann.me();
    const annSecret = ann.messages<{ secret: string }>("seat")[0].secret;
    const annUrl = (ann.room.connection.transport as unknown as { ws: { url: string } }).ws.url;
    expect(annUrl).toContain(`/${a.processId}/${code}`);

    // A year: Ann (through B) sets a policy, the host (on A) ends the planning; both see the report.
    await host.roundTrip({ type: "host.start" });
    await ann.waitState((v) => v.phase === "planning" && v.year === 0);
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
    await host.roundTrip({ type: "host.endPlanning" });
    await ann.waitState((v) => v.year === 1 && v.phase === "report");
    const report = await host.waitMessage<{ year: number; history: HistoryRow[] }>("yearReport");
    expect(report.year).toBe(1);
    // The year's snapshot is written after the report goes out (the store's write is not on the
    // players' path): wait for it to be in the shared store before A is killed.
    await expect.poll(() => db.hget(`cq:snap:${code}`, "year"), { timeout: WAIT_MS }).toBe("1");

    // A room made through B lives on B, under another code.
    const other = new Player(await new Client(b.url).create("city", { nickname: "T2", settings: GAME }));
    await other.waitMessage("you");
    expect(other.room.roomId).not.toBe(code);
    expect((await listings()).get(other.room.roomId)).toBe(b.processId);

    a.child.kill("SIGKILL");
    await new Promise((r) => a.child.once("exit", r));

    // While A's liveness key lasts, the code is still held: a restore is refused, and a join through B
    // never lands in the dead room.
    expect(await joinError(b.url, code, { nickname: "Ann", seatSecret: annSecret })).not.toBe("joined");
    // Once it has expired, B has removed A's listings and room count: nothing of A is offered.
    await expect
      .poll(async () => (await listings()).has(code), { timeout: WAIT_MS, interval: 250 })
      .toBe(false);
    await expect
      .poll(async () => Object.keys(await db.hgetall("roomcount")).includes(a.processId), {
        timeout: WAIT_MS,
      })
      .toBe(false);
    expect(await joinError(b.url, code, { nickname: "Ann", seatSecret: annSecret })).not.toBe("joined");
    expect([...(await listings()).values()]).not.toContain(a.processId);

    // The host's page restores the room on B from the shared store, with the finished year.
    const host2 = await restoreOn(b, code, token);
    expect(host2.me().isHost).toBe(true);
    const history = await host2.waitMessage<{ rows: HistoryRow[] }>("history");
    expect(history.rows).toEqual(report.history);
    const restored = await host2.waitState((v) => v.year === 1 && v.districts.length > 0);
    expect(restored.districts[annSeat.district].policies.split(",")).toContain("festival");
    expect((await listings()).get(code)).toBe(b.processId);
    expect(await db.get(`cq:code:${code}`)).toBe(b.processId);

    // Ann comes back with her seat secret, now on B, and the game goes on.
    const ann2 = new Player(
      await new Client(b.url).joinById(code, { nickname: "Ann", seatSecret: annSecret }),
    );
    await ann2.waitMessage("you");
    expect(ann2.me()).toMatchObject({ playerId: annSeat.playerId, district: annSeat.district });
    await host2.roundTrip({ type: "host.start" });
    await ann2.waitState((v) => v.phase === "planning" && v.year === 1);
    await host2.roundTrip({ type: "host.endPlanning" });
    expect((await ann2.waitMessage<{ year: number }>("yearReport")).year).toBe(2);
    // The snapshot goes through the process's queue: written in a later turn of B's loop.
    const resolves = async () =>
      (await db.lrange(`cq:snap:${code}:log`, 0, -1)).filter(
        (e) => (JSON.parse(e) as { kind: string }).kind === "resolve",
      ).length;
    await expect.poll(resolves, { timeout: WAIT_MS }).toBe(2);
    for (const p of [host2, ann2, other]) await p.room.leave();
  });

  it("keeps codes unique across processes, and a process stopped mid-create makes no twin", async () => {
    a = await startGame();
    // Twenty rooms at once, half through each process: twenty codes, each claimed by its own process.
    const made = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        new Client((i % 2 ? a : b).url).create("city", { nickname: `T${i}`, settings: GAME }),
      ),
    );
    for (const r of made) new Player(r);
    const codes = made.map((r) => r.roomId);
    expect(new Set(codes).size).toBe(20);
    const listed = await listings();
    for (const [i, code] of codes.entries()) {
      const owner = (i % 2 ? a : b).processId;
      expect(listed.get(code)).toBe(owner);
      expect(await db.get(`cq:code:${code}`)).toBe(owner);
    }

    // A saved room, closed: its host restores it through A while A is stopped for 3 s, and again
    // through B (a second tab, another process) meanwhile.
    const host = new Player(await new Client(a.url).create("city", { nickname: "Teacher", settings: GAME }));
    const { token, code } = await host.waitMessage<{ token: string; code: string }>("hostToken");
    await host.room.leave();
    await expect
      .poll(async () => (await db.exists(`cq:code:${code}`)) === 0, { timeout: WAIT_MS })
      .toBe(true);
    expect(await db.exists(`cq:snap:${code}`)).toBe(1);

    const throughA = restoreOutcome(a, code, token);
    a.child.kill("SIGSTOP");
    const throughB = await restoreOutcome(b, code, token);
    await new Promise((r) => setTimeout(r, 3000)); // the stall itself: the scenario, not a wait
    a.child.kill("SIGCONT");
    const fromA = await throughA;
    const outcomes = [fromA, throughB];
    const winners = outcomes.filter((o): o is Player => typeof o !== "string");
    expect(winners).toHaveLength(1);
    expect(outcomes.filter((o) => typeof o === "string")).toEqual(["room_exists"]);
    const winner = winners[0] === fromA ? a : b;
    // One listing, one claim, both naming the winner; A is alive again and still listed for its rooms.
    expect((await listings()).get(code)).toBe(winner.processId);
    expect(await db.get(`cq:code:${code}`)).toBe(winner.processId);
    expect((await listings()).get(codes[1])).toBe(a.processId);
    // Through either process, a join reaches the one room.
    const loser = winner === a ? b : a;
    const student = new Player(await new Client(loser.url).joinById(code, { nickname: "Sam" }));
    await student.waitMessage("you");
    expect((student.room.connection.transport as unknown as { ws: { url: string } }).ws.url).toContain(
      `/${winner.processId}/${code}`,
    );
    await student.room.leave();
    await winners[0].room.leave();
    for (const r of made) await r.leave();

    // Disposed rooms leave nothing behind in the presence (#842): listeners back to a few.
    const metrics = async (g: Game) => (await fetch(`${g.http}/api/metrics`)).text();
    for (const g of [a, b]) {
      await expect
        .poll(async () => /cq_rooms\{[^}]*\} (\d+)/.exec(await metrics(g))?.[1], { timeout: WAIT_MS })
        .toBe("0");
      const listeners = Number(/cq_presence_listeners\{[^}]*\} (\d+)/.exec(await metrics(g))?.[1]);
      expect(listeners).toBeLessThanOrEqual(2);
    }
  });
  it("a process taken for dead and back closes the twin of a room restored elsewhere, and relists the rest", async () => {
    const hostX = new Player(await new Client(a.url).create("city", { nickname: "TX", settings: GAME }));
    const { token, code: x } = await hostX.waitMessage<{ token: string; code: string }>("hostToken");
    // A finished year, so X has a snapshot to restore from.
    await hostX.roundTrip({ type: "host.start" });
    await hostX.waitState((v) => v.phase === "planning");
    await hostX.roundTrip({ type: "host.endPlanning" });
    await hostX.waitState((v) => v.year === 1);
    await expect.poll(async () => db.hget(`cq:snap:${x}`, "year"), { timeout: WAIT_MS }).toBe("1");
    const hostY = new Player(await new Client(a.url).create("city", { nickname: "TY", settings: GAME }));
    const y = (await hostY.waitMessage<{ code: string }>("hostToken")).code;

    a.child.kill("SIGSTOP");
    try {
      // Stopped until the others take it for dead: its liveness key expires.
      await expect.poll(async () => db.exists(`cq:alive:${a.processId}`), { timeout: WAIT_MS }).toBe(0);
      // The teacher of X restores it through B meanwhile.
      const x2 = await restoreOn(b, x, token);
      expect(x2.me().isHost).toBe(true);
      expect((await listings()).get(x)).toBe(b.processId);
    } finally {
      a.child.kill("SIGCONT");
    }
    // Back: A closes its twin of X (its page would reconnect to B's), keeps Y and lists it again.
    await expect.poll(() => hostX.room.connection.isOpen, { timeout: WAIT_MS }).toBe(false);
    await expect.poll(async () => (await listings()).get(y), { timeout: WAIT_MS }).toBe(a.processId);
    expect((await listings()).get(x)).toBe(b.processId);
    expect(await db.get(`cq:code:${x}`)).toBe(b.processId);
    expect(await db.get(`cq:code:${y}`)).toBe(a.processId);
    expect(a.output()).toContain("taken for dead");
    const student = new Player(await new Client(b.url).joinById(y, { nickname: "Sam" }));
    await student.waitMessage("you");
    expect((student.room.connection.transport as unknown as { ws: { url: string } }).ws.url).toContain(
      `/${a.processId}/${y}`,
    );
    await student.room.leave();
    await hostY.room.leave();
  });
});
