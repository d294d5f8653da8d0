// `npm run start:cluster -- --processes N [--port P]`: N game processes sharing one Redis on this
// machine, on consecutive ports P, P+1, … (default PORT or 2567), each with its public address
// (PUBLIC_HOST, default localhost, and its port; or PUBLIC_ADDRESS_TEMPLATE with {port}, e.g.
// "games.example.org/{port}" behind a proxy that routes /<port>/ to each process) and REDIS_URL
// (default redis://127.0.0.1:6379). Builds what is missing, as `npm start` does, then runs the
// built server (node dist/server/main.js) N times. A process that exits on its own is started
// again after a second; SIGTERM or Ctrl-C stops them all (each saves its rooms) and waits for them.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_OUT, serverBuildStale } from "./build-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const processes = Number(option("processes", process.env.CQ_PROCESSES ?? 2));
const basePort = Number(option("port", process.env.PORT ?? 2567));
if (!Number.isInteger(processes) || processes < 1 || processes > 64) {
  console.error("--processes must be a whole number from 1 to 64");
  process.exit(2);
}
if (!Number.isInteger(basePort) || basePort < 1 || basePort + processes - 1 > 65535) {
  console.error("--port must leave room for every process below 65536");
  process.exit(2);
}
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const template = process.env.PUBLIC_ADDRESS_TEMPLATE || `${process.env.PUBLIC_HOST || "localhost"}:{port}`;

function build(args) {
  const r = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!process.env.CQ_STATIC_DIR && !existsSync(join(root, "dist/client/index.html")))
  build([join(root, "node_modules/vite/bin/vite.js"), "build"]);
if (serverBuildStale()) build([join(root, "scripts/build-server.mjs")]);

let stopping = false;
const live = new Map();

function start(i) {
  const port = basePort + i;
  const env = {
    ...process.env,
    PORT: String(port),
    REDIS_URL: redisUrl,
    PUBLIC_ADDRESS: template.replaceAll("{port}", String(port)),
  };
  const child = spawn(process.execPath, [SERVER_OUT], { env, stdio: ["ignore", "pipe", "pipe"] });
  const tag = (d) =>
    String(d)
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => `[${port}] ${l}\n`)
      .join("");
  child.stdout.on("data", (d) => process.stdout.write(tag(d)));
  child.stderr.on("data", (d) => process.stderr.write(tag(d)));
  live.set(i, child);
  child.once("exit", (code, signal) => {
    live.delete(i);
    if (stopping) {
      if (live.size === 0) process.exit(0);
      return;
    }
    console.error(`[${port}] exited (${signal ?? code}); starting it again in 1 s`);
    setTimeout(() => start(i), 1000).unref();
  });
}

for (let i = 0; i < processes; i++) start(i);
console.log(
  `cluster: ${processes} process(es) on ports ${basePort}–${basePort + processes - 1}, redis ${redisUrl.replace(/\/\/[^@/]*@/, "//***@")}`,
);

// Keeps the cluster alive while children run (their pipes do too; this makes it explicit).
const keepAlive = setInterval(() => undefined, 1 << 30);
function stop(signal) {
  if (stopping) {
    // A second signal: at once.
    for (const c of live.values()) c.kill("SIGKILL");
    process.exit(1);
  }
  stopping = true;
  console.log(`${signal}: stopping ${live.size} process(es)`);
  if (live.size === 0) process.exit(0);
  for (const c of live.values()) c.kill("SIGTERM");
  clearInterval(keepAlive);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
