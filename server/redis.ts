// Scale-out mode (REDIS_URL set): several processes share Colyseus' RedisPresence and RedisDriver,
// the room codes and the snapshot store. Without REDIS_URL none of this is loaded or started.
//
// Liveness. Each process keeps a key `cq:alive:<processId>` that expires after CQ_PROCESS_TTL_MS
// (default 10 s) and is refreshed four times per period. A process whose key is gone is dead: its room
// listings are removed, its code claims may be taken over, and its rooms are never offered to a joiner.
// A stalled process (a long GC, SIGSTOP) shorter than the TTL keeps all of that: Colyseus' own health
// check (one 2 s IPC timeout) would otherwise delete the listings of rooms still alive (#850, #799).
import { matchMaker } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis } from "ioredis";
import { localRooms } from "./metrics.js";

export function redisUrl(): string | undefined {
  const u = process.env.REDIS_URL?.trim();
  return u ? u : undefined;
}

export const ALIVE_PREFIX = "cq:alive:";
const ROOMCACHES_KEY = "roomcaches";

export function processTtlMs(): number {
  const v = Number(process.env.CQ_PROCESS_TTL_MS ?? 10_000);
  return Number.isFinite(v) && v >= 1000 ? v : 10_000;
}

let client: Redis | null = null;

/** The process's own connection for codes, snapshots and liveness (Colyseus' presence and driver
 * keep theirs). Named, so `CLIENT LIST` shows which process holds it. */
export function redis(): Redis {
  const url = redisUrl();
  if (!url) throw new Error("REDIS_URL is not set");
  if (!client) {
    client = new Redis(url, { connectionName: "cq-game", maxRetriesPerRequest: 3 });
    client.on("error", (e) => console.error("redis:", e.message));
  }
  return client;
}

export async function closeRedis(): Promise<void> {
  const c = client;
  client = null;
  if (c) await c.quit().catch(() => c.disconnect());
}

/** The id this process registers under (Colyseus' processId). */
export function processId(): string {
  return matchMaker.processId ?? `tool-${process.pid}`;
}

export async function isAlive(pid: string): Promise<boolean> {
  if (pid === processId()) return true;
  return (await redis().exists(ALIVE_PREFIX + pid)) === 1;
}

// Deletes the listings of `pid` only if its liveness key is gone, and only the entries still naming
// it (a code re-listed by another process since is kept): one script, so no listing saved between
// the read and the delete can be lost.
const CLEANUP_DEAD = `
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
local all = redis.call('HGETALL', KEYS[1])
local n = 0
local needle = '"processId":"' .. ARGV[1] .. '"'
for i = 1, #all, 2 do
  if string.find(all[i + 1], needle, 1, true) then
    redis.call('HDEL', KEYS[1], all[i]); n = n + 1
  end
end
return n`;

/** Removes a dead process's listings and room count; returns how many listings went, or -1 when the
 * process is alive (then nothing is touched). */
export async function cleanupProcess(pid: string): Promise<number> {
  // Its own listings (Colyseus removes them when this process shuts down) go whatever its key says.
  const aliveKey = pid === processId() ? `${ALIVE_PREFIX}-none-` : ALIVE_PREFIX + pid;
  const n = Number(await redis().eval(CLEANUP_DEAD, 2, ROOMCACHES_KEY, aliveKey, pid));
  if (n >= 0) await matchMaker.stats.excludeProcess(pid);
  return n;
}

// A listing is written (or removed) only while it names this process or is absent: a process back
// from a stall never overwrites, nor removes, the listing of a room that another process has since
// restored under the same code.
const FENCED_HSET = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur and not string.find(cur, ARGV[3], 1, true) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); return 1`;
const FENCED_HDEL = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur and not string.find(cur, ARGV[2], 1, true) then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])`;

interface ListingLike {
  processId?: string;
  hset(key: string, field: string, value: string): Promise<unknown>;
  hdel(key: string, field: string): Promise<unknown>;
}

/**
 * Colyseus' RedisDriver with three changes: listings are written and removed only by the process
 * they name (fenced); `cleanup` removes only a dead process's listings (never those of a stalled
 * one); and a room on a dead process is never returned to a joiner: it is cleaned up instead, so
 * `joinById` answers "not found" and the host can restore the room elsewhere.
 */
export class FencedRedisDriver extends RedisDriver {
  override createInstance(initialValues: Record<string, unknown> = {}) {
    const data = super.createInstance(initialValues) as unknown as ListingLike;
    const c = redis();
    data.hset = (key, field, value) =>
      c.eval(FENCED_HSET, 1, key, field, value, `"processId":"${data.processId}"`);
    data.hdel = (key, field) => c.eval(FENCED_HDEL, 1, key, field, `"processId":"${data.processId}"`);
    return data as unknown as ReturnType<RedisDriver["createInstance"]>;
  }

  override async cleanup(pid: string): Promise<void> {
    const n = await cleanupProcess(pid);
    if (n < 0) console.log(`process ${pid} missed a health check but is alive: its rooms stay listed`);
  }

  override findOne(conditions: Record<string, unknown>, sortOptions?: unknown) {
    const found = super.findOne(conditions as never, sortOptions as never);
    if (typeof conditions.roomId === "undefined") return found;
    return (async () => {
      const room = (await found) as { processId?: string } | undefined;
      if (!room?.processId || (await isAlive(room.processId))) return room;
      await cleanupProcess(room.processId);
      return undefined;
    })() as typeof found;
  }

  override async query(conditions: Record<string, unknown>, sortOptions?: unknown) {
    const rooms = await super.query(conditions as never, sortOptions as never);
    const pids = [...new Set(rooms.map((r) => r.processId))];
    const alive = new Map<string, boolean>();
    for (const pid of pids) alive.set(pid, await isAlive(pid));
    return rooms.filter((r) => alive.get(r.processId));
  }
}

export function scaleOutPresence(url: string): RedisPresence {
  return new RedisPresence(url);
}

export function scaleOutDriver(url: string): FencedRedisDriver {
  return new FencedRedisDriver(url);
}

/**
 * Rooms are created by the process that answers the create request, never forwarded: a forwarded
 * create that times out is created again locally while the slow process may still create it (#978),
 * and the creator's room slot lives in the answering process. The front (nginx, or a client's choice
 * of process) spreads the requests.
 */
export async function createHere(): Promise<string> {
  return matchMaker.processId ?? `tool-${process.pid}`;
}

let beat: NodeJS.Timeout | null = null;
let sweep: NodeJS.Timeout | null = null;

/** Starts the liveness key and a sweep that cleans up the listings of dead processes. */
export async function startLiveness(): Promise<void> {
  const ttl = processTtlMs();
  const key = ALIVE_PREFIX + processId();
  let first = true;
  const refresh = async () => {
    try {
      const before = await redis().set(key, String(Date.now()), "PX", ttl, "GET");
      // The key had expired: this process stalled (or lost Redis) past the TTL and the others took it
      // for dead. Its rooms may have been unlisted, their codes taken over.
      if (before === null && !first) await afterPresumedDead();
      first = false;
    } catch (e) {
      console.error("liveness refresh failed:", (e as Error).message);
    }
  };
  await refresh();
  beat = setInterval(refresh, Math.floor(ttl / 4));
  beat.unref();
  sweep = setInterval(() => void sweepDead(), ttl);
  sweep.unref();
  await sweepDead();
}

interface LocalRoom {
  roomId: string;
  listing: { save(): Promise<unknown> };
  disconnect(closeCode?: number): Promise<unknown>;
}

/**
 * Back from being taken for dead: every room whose code is still this process's (or free again,
 * then claimed back) is listed again; a room whose code another process now holds (its host restored
 * it there) is a stale twin and is closed, so its pages reconnect to the live one. Its snapshot
 * writes were already refused (storage-redis.ts), and its listing removal cannot touch the other's.
 */
export async function afterPresumedDead(): Promise<{ kept: string[]; closed: string[] }> {
  const kept: string[] = [];
  const closed: string[] = [];
  const me = processId();
  for (const room of localRooms() as unknown as LocalRoom[]) {
    const code = room.roomId;
    const key = `cq:code:${code}`;
    let owner = await redis().get(key);
    if (owner === null && (await redis().set(key, me, "EX", 7 * 24 * 60 * 60, "NX")) === "OK") owner = me;
    if (owner === me) {
      await room.listing.save();
      kept.push(code);
    } else {
      closed.push(code);
      void room.disconnect();
    }
  }
  console.error(
    `this process was taken for dead (liveness key expired): ${kept.length} room(s) listed again, ` +
      `${closed.length} closed as another process holds their code${closed.length ? ` (${closed.join(", ")})` : ""}`,
  );
  return { kept, closed };
}

/** The processes named by listings or room counts whose liveness key is gone are cleaned up. */
export async function sweepDead(): Promise<string[]> {
  try {
    const pids = new Set<string>(Object.keys(await redis().hgetall("roomcount")));
    for (const v of Object.values(await redis().hgetall(ROOMCACHES_KEY))) {
      const m = /"processId":"([^"]+)"/.exec(v);
      if (m) pids.add(m[1]);
    }
    const dead: string[] = [];
    for (const pid of pids) {
      if (await isAlive(pid)) continue;
      if ((await cleanupProcess(pid)) >= 0) dead.push(pid);
    }
    if (dead.length > 0) console.log(`cleaned up the rooms of stopped process(es) ${dead.join(", ")}`);
    return dead;
  } catch (e) {
    console.error("sweep of dead processes failed:", (e as Error).message);
    return [];
  }
}

/** On a clean stop the liveness key goes at once (the process's rooms were saved and unlisted). */
export async function stopLiveness(): Promise<void> {
  if (beat) clearInterval(beat);
  if (sweep) clearInterval(sweep);
  beat = sweep = null;
  await redis()
    .del(ALIVE_PREFIX + processId())
    .catch(() => undefined);
}

/** The address clients of this process connect to: PUBLIC_ADDRESS, or host and port. */
export function publicAddress(host: string, port: number): string {
  const set = process.env.PUBLIC_ADDRESS?.trim();
  if (set) return set.replace(/^wss?:\/\/|^https?:\/\//, "").replace(/\/$/, "");
  const h = host === "0.0.0.0" || host === "::" || host === "" ? "localhost" : host;
  return `${h}:${port}`;
}
