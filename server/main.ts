// Server entry point: `npm start` (or `npx tsx server/main.ts`). One process serves the built client,
// the JSON API and the game rooms on one port (PORT, default 2567; 0 takes any free port, and the line
// printed once listening names the port taken — the test harnesses start servers that way).
import type { AddressInfo } from "node:net";
import { createGameServer } from "./app.js";
import { limits } from "./limits.js";
import { closeSnapshotStore, defaultDbPath, pruneSnapshots, snapshotStore } from "./storage.js";

const port = Number(process.env.PORT ?? 2567);
const host = process.env.HOST ?? "0.0.0.0";
const { gameServer, httpServer } = createGameServer({
  staticDir: process.env.CQ_STATIC_DIR ?? "dist/client",
});

// No thrown error stops the process: rooms catch their own (onUncaughtException), and a stray one is
// logged here instead of triggering Colyseus' shutdown of every room.
process.on("uncaughtException", (err) => console.error("uncaught exception:", err));
process.on("unhandledRejection", (err) => console.error("unhandled rejection:", err));

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Disposing rooms writes their snapshots.
  await gameServer.gracefullyShutdown(false);
  closeSnapshotStore();
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());

// Retention: snapshots not written for CQ_RETENTION_DAYS (default 30) are deleted, now and every 6 hours.
function prune(): void {
  try {
    const n = pruneSnapshots(snapshotStore(), limits.retentionDays, Date.now());
    if (n > 0) console.log(`deleted ${n} room snapshot(s) older than ${limits.retentionDays} days`);
  } catch (e) {
    console.error("snapshot retention failed:", e);
  }
}
prune();
setInterval(prune, 6 * 60 * 60 * 1000).unref();

await gameServer.listen(port, host);
const bound = (httpServer.address() as AddressInfo).port;
console.log(`Creative Quarter on http://localhost:${bound} (snapshots: ${defaultDbPath()})`);
