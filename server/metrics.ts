// The operator's view of one process: /api/metrics in the Prometheus text format (version 0.0.4).
// Every series carries a `process` label (Colyseus' processId; several processes behind one Redis are
// told apart by it) and the process's public address when it has one.
//
// What is counted, without reaching into the room's code:
// - rooms and CCU: Colyseus' local stats;
// - actions: the growth of every local room's action log (players' and bots' accepted actions);
// - year resolution: the time the room's year end takes (the room reports it through recordYear);
// - patch bytes: the state patches the ws transport sends (frames starting with ROOM_STATE_PATCH),
//   and all bytes sent (counted by the transport's sockets, server/write-batch.ts: `countSent`);
// - event-loop delay (a histogram since start, in seconds) and memory.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { matchMaker, Protocol, type Room } from "@colyseus/core";

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

/** Local rooms, kept by the room handler's create and dispose events. */
const rooms = new Set<Room>();
const seenLog = new WeakMap<Room, number>();
let actionsTotal = 0;
let patchBytes = 0;
let patchFrames = 0;
let sentBytes = 0;
let yearCount = 0;
let yearSumS = 0;
const YEAR_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const yearBuckets = new Array<number>(YEAR_BUCKETS_S.length).fill(0);
let lastScrape = { at: performance.now(), actions: 0 };

/** The rooms live in this process. */
export function localRooms(): readonly Room[] {
  return [...rooms];
}

/** Counts a resolved year of `ms` milliseconds. */
export function recordYear(ms: number): void {
  yearCount++;
  yearSumS += ms / 1000;
  for (let i = 0; i < YEAR_BUCKETS_S.length; i++) if (ms / 1000 <= YEAR_BUCKETS_S[i]) yearBuckets[i]++;
}

/** Counts a frame sent to a client over WebSocket (the transport's sockets call it for every frame
 * sent on an open socket). */
export function countSent(data: unknown): void {
  if (!(data instanceof Uint8Array)) return;
  sentBytes += data.length;
  if (data[0] === Protocol.ROOM_STATE_PATCH) {
    patchBytes += data.length;
    patchFrames++;
  }
}

/** Hooks the room counters in: the rooms created and disposed. The room reports its year ends itself
 * (`recordYear`); the sends are counted by the transport (`countSent`). */
export function installMetrics(handler: { on(e: string, f: (r: Room) => void): unknown }) {
  handler.on("create", (r) => rooms.add(r));
  handler.on("dispose", (r) => {
    countActions(r);
    rooms.delete(r);
  });
}

function countActions(r: Room): void {
  // The room's log (shared/replay.ts ActionLog): read by index, never copied.
  const log = (
    r as unknown as { actionLog?: { length: number; at(i: number): { kind: string } | undefined } }
  ).actionLog;
  if (typeof log?.length !== "number" || typeof log.at !== "function") return;
  const from = seenLog.get(r) ?? 0;
  for (let i = from; i < log.length; i++) if (log.at(i)?.kind === "action") actionsTotal++;
  seenLog.set(r, log.length);
}

/** Listeners RedisPresence keeps for its subscriptions (#842: they must not grow with disposed rooms). */
function presenceListeners(): number {
  const p = matchMaker.presence as unknown as { subscriptions?: { eventNames(): unknown[] } };
  return p.subscriptions ? p.subscriptions.eventNames().length : 0;
}

export function metricsText(publicAddress?: string): string {
  for (const r of rooms) countActions(r);
  const labels = `process="${matchMaker.processId ?? ""}"${publicAddress ? `,address="${publicAddress}"` : ""}`;
  const mem = process.memoryUsage();
  const lines: string[] = [];
  const metric = (name: string, type: string, help: string, value: number, extra = "") => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}{${labels}${extra}} ${value}`);
  };
  metric("cq_rooms", "gauge", "Rooms live in this process.", matchMaker.stats.local.roomCount);
  metric("cq_ccu", "gauge", "Clients connected to this process.", matchMaker.stats.local.ccu);
  metric(
    "cq_actions_total",
    "counter",
    "Actions accepted by this process's rooms (players and bots).",
    actionsTotal,
  );
  const now = performance.now();
  const perSecond =
    now > lastScrape.at ? ((actionsTotal - lastScrape.actions) * 1000) / (now - lastScrape.at) : 0;
  lastScrape = { at: now, actions: actionsTotal };
  metric("cq_actions_per_second", "gauge", "Actions per second since the previous scrape.", perSecond);
  lines.push(
    "# HELP cq_year_resolution_seconds Time a room takes to resolve a year (end of planning to report).",
    "# TYPE cq_year_resolution_seconds histogram",
  );
  for (let i = 0; i < YEAR_BUCKETS_S.length; i++)
    lines.push(`cq_year_resolution_seconds_bucket{${labels},le="${YEAR_BUCKETS_S[i]}"} ${yearBuckets[i]}`);
  lines.push(
    `cq_year_resolution_seconds_bucket{${labels},le="+Inf"} ${yearCount}`,
    `cq_year_resolution_seconds_sum{${labels}} ${yearSumS}`,
    `cq_year_resolution_seconds_count{${labels}} ${yearCount}`,
  );
  metric("cq_patch_bytes_total", "counter", "Bytes of state patches sent to clients.", patchBytes);
  metric("cq_patch_frames_total", "counter", "State patch frames sent to clients.", patchFrames);
  metric("cq_sent_bytes_total", "counter", "Bytes sent to clients over WebSocket.", sentBytes);
  lines.push(
    "# HELP cq_event_loop_delay_seconds Event-loop delay since the process started.",
    "# TYPE cq_event_loop_delay_seconds summary",
  );
  for (const q of [0.5, 0.9, 0.99])
    lines.push(`cq_event_loop_delay_seconds{${labels},quantile="${q}"} ${loop.percentile(q * 100) / 1e9}`);
  lines.push(`cq_event_loop_delay_seconds_max{${labels}} ${loop.max / 1e9}`);
  metric("cq_resident_memory_bytes", "gauge", "Resident set size.", mem.rss);
  metric("cq_heap_used_bytes", "gauge", "V8 heap used.", mem.heapUsed);
  metric("cq_presence_listeners", "gauge", "Presence subscription listeners held.", presenceListeners());
  return `${lines.join("\n")}\n`;
}
