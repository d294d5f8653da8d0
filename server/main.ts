// Server entry point: `npm start` runs its build, dist/server/main.js (`npx tsx server/main.ts` in
// development). One process serves the built client, the JSON API and the game rooms on one port
// (PORT, default 2567; 0 takes any free port, and the line printed once listening names the port
// taken — the test harnesses start servers that way).
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { matchMaker } from "@colyseus/core";
import { createGameServer } from "./app.js";
import { limits } from "./limits.js";
import { closeRedis, publicAddress, redisUrl, startLiveness, stopLiveness } from "./redis.js";
import { closeSnapshotStore, pruneSnapshots, snapshotStore } from "./storage.js";
import { closeYearPool } from "./year-end.js";

const host = process.env.HOST ?? "0.0.0.0";
// Scale-out mode (REDIS_URL): Redis presence and driver, codes and snapshots in Redis, and a public
// address clients of this process connect to (PUBLIC_ADDRESS, or host:port). Its port must be known
// before the server exists: PORT=0 then takes a free port first.
const scaleOut = redisUrl();
const port =
  scaleOut && Number(process.env.PORT ?? 2567) === 0
    ? await freePort(host)
    : Number(process.env.PORT ?? 2567);
const { gameServer, httpServer } = createGameServer({
  staticDir: process.env.CQ_STATIC_DIR ?? "dist/client",
  adminPassword: process.env.CQ_ADMIN_PASSWORD || undefined,
  ...(scaleOut ? { redisUrl: scaleOut, publicAddress: publicAddress(host, port) } : {}),
});

function freePort(on: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, on, () => {
      const bound = (s.address() as AddressInfo).port;
      s.close(() => resolve(bound));
    });
  });
}

// No thrown error stops the process: rooms catch their own (onUncaughtException), and a stray one is
// logged here instead of triggering Colyseus' shutdown of every room.
process.on("uncaughtException", (err) => console.error("uncaught exception:", err));
process.on("unhandledRejection", (err) => console.error("unhandled rejection:", err));

// Stopping (SIGTERM from a process manager, SIGINT from Ctrl-C): no new connection or matchmaking
// request is taken, every room in play tells its clients ("serverRestarting") and is saved with this
// year's actions (onDispose writes the snapshot), then the process exits 0. A second signal, or a
// shutdown still unfinished after CQ_SHUTDOWN_GRACE_MS (default 20 s), ends the process at once.
let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  const rooms = matchMaker.stats.local.roomCount;
  console.log(`${signal}: stopping, saving ${rooms} room(s)`);
  const grace = Number(process.env.CQ_SHUTDOWN_GRACE_MS ?? 20_000);
  setTimeout(() => {
    console.error(`shutdown unfinished after ${grace} ms: exiting`);
    process.exit(1);
  }, grace).unref();
  refuseMatchmaking();
  httpServer.close();
  httpServer.closeIdleConnections();
  await gameServer.gracefullyShutdown(false);
  // Every room is saved (a room still resolving its year as it was when the year end began); the
  // queue's snapshots are written, then the store and the year pool's workers close.
  await closeSnapshotStore();
  await closeYearPool();
  if (scaleOut) {
    await stopLiveness();
    await closeRedis();
  }
  console.log(`stopped: ${rooms} room(s) saved`);
  process.exit(0);
}
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));

/** From now on a matchmaking request (create, join, reconnect) on a connection still open is refused:
 * Colyseus itself would still create a room locally while it shuts down. */
function refuseMatchmaking(): void {
  const listeners = httpServer.listeners("request") as ((...a: unknown[]) => void)[];
  httpServer.removeAllListeners("request");
  httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if ((req.url ?? "").startsWith("/matchmake")) {
      // Colyseus' error shape: the client rejects with this code as the error message.
      res.writeHead(200, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ code: 4213, error: "server_stopping" }));
      req.resume();
      return;
    }
    for (const l of listeners) l.call(httpServer, req, res);
  });
}

// Retention: snapshots not written for CQ_RETENTION_DAYS (default 30) are deleted, now and every 6 hours.
async function prune(): Promise<void> {
  try {
    const n = await pruneSnapshots(snapshotStore(), limits.retentionDays, Date.now());
    if (n > 0) console.log(`deleted ${n} room snapshot(s) older than ${limits.retentionDays} days`);
  } catch (e) {
    console.error("snapshot retention failed:", e);
  }
}
await prune();
setInterval(() => void prune(), 6 * 60 * 60 * 1000).unref();

// The liveness key before the process registers (listen): the other processes' sweep must never see
// it listed without one.
if (scaleOut) await startLiveness();
await gameServer.listen(port, host);
const bound = (httpServer.address() as AddressInfo).port;
const scale = scaleOut
  ? `, process ${matchMaker.processId}, public address ${publicAddress(host, bound)}`
  : "";
console.log(
  `Creative Quarter on http://localhost:${bound} (pid ${process.pid}, snapshots: ${snapshotStore().where}${scale})`,
);
