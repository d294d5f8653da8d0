// `npm run storage-size`: how much one room takes in each snapshot store. Plays a seeded 64×64 city
// with 8 districts for 12 years, every district a bot (so the action log is as full as a busy
// class's), with 40 seats; saves the snapshot the way a room does, in SQLite (a fresh database file)
// and, with REDIS_URL set (a scratch Redis: it writes one room under the code SIZE64), in Redis;
// prints the sizes. Options: --size (16–64), --years, --districts.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { playBotsTurn, roomBotSeats } from "../shared/bots.js";
import type { LogEntry } from "../shared/replay.js";
import { resolveYear } from "../shared/resolve.js";
import { createGame, SCENARIOS } from "../shared/scenario.js";
import { closeRedis, redis, redisUrl } from "../server/redis.js";
import { encodeState, RedisSnapshotStore, SNAP_PREFIX } from "../server/storage-redis.js";
import { type RoomSnapshot, SnapshotStore } from "../server/storage.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const size = arg("size", 64);
const years = arg("years", 12);
const districts = arg("districts", 8);
const scenario = SCENARIOS[0];
let state = createGame(scenario, { seed: 2024, size, districts, years });
const log: LogEntry[] = [];
const all = state.districts.map((d) => d.id);
for (let y = 0; y < years; y++) {
  const turn = playBotsTurn(state, all, roomBotSeats("hard", "mixed"));
  state = turn.state;
  for (const a of turn.actions) log.push({ kind: "action", actor: a.actor, action: a.action });
  state = resolveYear(state).state;
  log.push({ kind: "resolve" });
}
const code = "SIZE64";
const snap: RoomSnapshot = {
  code,
  hostTokenHash: "x".repeat(64),
  settings: {
    scenario: scenario.id,
    size,
    districts,
    rounds: years,
    planningSeconds: 180,
    reportSeconds: 30,
    bots: true,
    chat: true,
    seed: 2024,
  } as unknown as RoomSnapshot["settings"],
  customScenario: null,
  state,
  log,
  seats: Array.from({ length: 40 }, (_, i) => ({
    id: `p${i}`,
    nickname: `Student ${i}`,
    district: i % districts,
    isHost: i === 0,
    secretHash: "s".repeat(64),
  })),
  ended: true,
  savedAt: Date.now(),
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const stateJson = Buffer.byteLength(JSON.stringify(state));
const logJson = Buffer.byteLength(JSON.stringify(log));
const whole = Buffer.byteLength(JSON.stringify(snap));
console.log(
  `room: ${size}×${size}, ${districts} districts, ${years} years, ${log.length} log entries ` +
    `(${log.filter((e) => e.kind === "action").length} actions), ${snap.seats.length} seats, ${state.history.length} history rows`,
);
console.log(`JSON: state ${kb(stateJson)} · log ${kb(logJson)} · whole snapshot ${kb(whole)}`);
const deflated = encodeState(state).length;
console.log(
  `state deflated (as Redis stores it): ${kb(deflated)} (${((100 * deflated) / stateJson).toFixed(0)} %)`,
);

// SQLite: one row of JSON text; the file grows by the row's pages.
const dir = mkdtempSync(join(tmpdir(), "cq-size-"));
const empty = new SnapshotStore(join(dir, "empty.db"));
empty.close();
const file = join(dir, "one.db");
const sqlite = new SnapshotStore(file);
sqlite.save(snap);
sqlite.close();
const fileSize = (p: string) => statSync(p).size + (statSafe(`${p}-wal`) ?? 0);
console.log(
  `SQLite: the row holds ${kb(whole)} of JSON; the database file grows by ${kb(fileSize(file) - fileSize(join(dir, "empty.db")))}`,
);

function statSafe(p: string): number | null {
  try {
    return statSync(p).size;
  } catch {
    return null;
  }
}

if (redisUrl()) {
  const store = new RedisSnapshotStore(30);
  store.save(snap);
  await store.close();
  const c = redis();
  const hashMem = Number(await c.call("MEMORY", "USAGE", SNAP_PREFIX + code, "SAMPLES", "0"));
  const logMem = Number(await c.call("MEMORY", "USAGE", `${SNAP_PREFIX}${code}:log`, "SAMPLES", "0"));
  const stateField = await c.hstrlen(SNAP_PREFIX + code, "state");
  const metaField = await c.hstrlen(SNAP_PREFIX + code, "meta");
  const back = await store.load(code);
  if (JSON.stringify(back?.state) !== JSON.stringify(state) || back?.log.length !== log.length)
    throw new Error("the snapshot read back from Redis differs");
  console.log(
    `Redis: ${kb(hashMem + logMem)} in memory (hash ${kb(hashMem)}: state ${kb(stateField)}, meta ${kb(metaField)}; ` +
      `log list ${kb(logMem)}); read back identical`,
  );
  await c.del(SNAP_PREFIX + code, `${SNAP_PREFIX}${code}:log`);
  await c.zrem("cq:snaps", code);
  await closeRedis();
} else console.log("Redis: set REDIS_URL (a scratch Redis) to measure it too");
