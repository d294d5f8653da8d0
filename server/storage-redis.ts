// The shared snapshot store of scale-out mode (REDIS_URL): the same interface as the SQLite store,
// so any process restores any room. Layout (ARCHITECTURE.md gives the sizes):
//
//   cq:snap:<CODE>       hash  meta  JSON: code, host token hash, settings, custom scenario, seats,
//                                    ended, savedAt (a few KB at most)
//                              year  the last finished year (a number, for operators)
//                              state the rules state, JSON compressed with raw deflate (the city's
//                                    tiles, districts, links, the history rows that are the game's
//                                    results, the event log, the PRNG state)
//                              logLen how many entries the log below holds
//   cq:snap:<CODE>:log   list  the action log, one JSON entry per action or year resolution,
//                              appended: a save sends only the entries written since the last one
//   cq:snaps             zset  code → savedAt, for the retention sweep
//
// Both per-room keys expire after the retention period (EXPIRE on every save), so Redis itself
// forgets an abandoned room; the sweep also drops them from the zset. A save is fenced: it is written
// only while the room's code claim (server/codes.ts) names this process or is absent, so a process back
// from a stall cannot overwrite a room that another process has since restored.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { LogEntry } from "../shared/replay.js";
import { CLAIM_TTL_S, CODE_PREFIX } from "./codes.js";
import { limits } from "./limits.js";
import { processId, redis, redisUrl } from "./redis.js";
import { stateText } from "./snapshot-text.js";
import type { RoomSnapshot, SnapshotStorage } from "./storage.js";

export const SNAP_PREFIX = "cq:snap:";
export const SNAPS_KEY = "cq:snaps";

// KEYS: claim, hash, log, zset. ARGV: owner, code, meta, year, state, savedAt, ttl (s), from (the
// log index the new entries start at; 0 rewrites the log), the new entries joined by "\n" (JSON
// never holds a raw newline), their count. Returns 1 written, 0 not the owner, -1 the log is not
// `from` long (the caller then rewrites it whole).
const SAVE = `
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then return 0 end
local from = tonumber(ARGV[8])
if from > 0 and redis.call('LLEN', KEYS[3]) ~= from then return -1 end
if from == 0 then redis.call('DEL', KEYS[3]) end
local n = tonumber(ARGV[10])
if n > 0 then
  local batch = {}
  local start = 1
  for i = 1, n do
    local stop = string.find(ARGV[9], '\\n', start, true)
    local entry
    if stop then entry = string.sub(ARGV[9], start, stop - 1); start = stop + 1
    else entry = string.sub(ARGV[9], start) end
    batch[#batch + 1] = entry
    if #batch == 500 then redis.call('RPUSH', KEYS[3], unpack(batch)); batch = {} end
  end
  if #batch > 0 then redis.call('RPUSH', KEYS[3], unpack(batch)) end
end
redis.call('HSET', KEYS[2], 'meta', ARGV[3], 'year', ARGV[4], 'state', ARGV[5], 'logLen', from + n)
local ttl = tonumber(ARGV[7])
redis.call('EXPIRE', KEYS[2], ttl)
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('EXPIRE', KEYS[3], ttl) end
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[2])
if owner then redis.call('EXPIRE', KEYS[1], ARGV[11]) end
return 1`;

type Meta = Omit<RoomSnapshot, "state" | "log">;

/** The state as stored: its JSON (`text`, when already made), deflated. */
export function encodeState(state: unknown, text?: string): Buffer {
  return deflateRawSync(Buffer.from(text ?? JSON.stringify(state)), { level: 6 });
}

export class RedisSnapshotStore implements SnapshotStorage {
  readonly where = `redis ${redisUrl()?.replace(/\/\/[^@/]*@/, "//***@") ?? ""}`;
  /** Per code: how many log entries Redis holds, as far as this process knows. */
  private readonly stored = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly retentionDays = limits.retentionDays) {}

  /** Sent at once (the command is queued before this returns), so a save followed by a code
   * release on the same connection reaches Redis in that order. */
  save(s: RoomSnapshot): void {
    const p = this.write(s)
      .catch((e: Error) => console.error(`[room ${s.code}] snapshot to redis failed:`, e.message))
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private write(s: RoomSnapshot, rewrite = false): Promise<void> {
    const { state, log, ...meta } = s;
    const known = rewrite ? 0 : (this.stored.get(s.code) ?? 0);
    const from = known > log.length ? 0 : known;
    const tail = log.slice(from).map((e) => JSON.stringify(e));
    const ttl = Math.max(1, Math.round(this.retentionDays * 86_400));
    const sent = redis().eval(
      SAVE,
      4,
      CODE_PREFIX + s.code,
      SNAP_PREFIX + s.code,
      `${SNAP_PREFIX}${s.code}:log`,
      SNAPS_KEY,
      processId(),
      s.code,
      JSON.stringify(meta),
      String(state.year),
      encodeState(state, stateText(s)),
      String(s.savedAt),
      String(ttl),
      String(from),
      tail.join("\n"),
      String(tail.length),
      String(Math.max(ttl, CLAIM_TTL_S)),
    );
    return sent.then((r) => {
      const n = Number(r);
      if (n === 1) {
        this.stored.set(s.code, log.length);
        return;
      }
      if (n === -1) return this.write(s, true);
      this.stored.delete(s.code);
      console.error(`[room ${s.code}] not saved: another process holds this room's code now`);
    });
  }

  async load(code: string): Promise<RoomSnapshot | null> {
    const c = redis();
    const [[, meta], [, state], [, log]] = (await c
      .multi()
      .hget(SNAP_PREFIX + code, "meta")
      .hgetBuffer(SNAP_PREFIX + code, "state")
      .lrange(`${SNAP_PREFIX}${code}:log`, 0, -1)
      .exec()) as [[unknown, string | null], [unknown, Buffer | null], [unknown, string[]]];
    if (meta === null || state === null) return null;
    const entries = log.map((e) => JSON.parse(e) as LogEntry);
    this.stored.set(code, entries.length);
    return {
      ...(JSON.parse(meta) as Meta),
      state: JSON.parse(inflateRawSync(state).toString("utf8")),
      log: entries,
    };
  }

  async has(code: string): Promise<boolean> {
    return (await redis().exists(SNAP_PREFIX + code)) === 1;
  }

  async deleteOlderThan(cutoff: number): Promise<number> {
    const c = redis();
    const codes = await c.zrangebyscore(SNAPS_KEY, "-inf", `(${cutoff}`);
    let n = 0;
    for (const code of codes) {
      // Written again since the range was read: kept.
      const at = await c.zscore(SNAPS_KEY, code);
      if (at === null || Number(at) >= cutoff) continue;
      const [[, removed]] = (await c
        .multi()
        .del(SNAP_PREFIX + code, `${SNAP_PREFIX}${code}:log`)
        .zrem(SNAPS_KEY, code)
        .exec()) as [[unknown, number]];
      if (removed > 0) n++;
      this.stored.delete(code);
    }
    return n;
  }

  async close(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
