// `npm start`: builds what is missing (the client into dist/client, the server into dist/server when
// it is missing or older than its sources), then runs the built server in THIS process: one Node
// process that a process manager stops with SIGTERM (or Ctrl-C, SIGINT), saving every room in play.
// Each build runs in a child that has exited before the server starts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SERVER_OUT, serverBuildStale } from "./build-server.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// CQ_STATIC_DIR set: the client is served from there, nothing to build for it.
if (!process.env.CQ_STATIC_DIR && !existsSync(join(root, "dist/client/index.html")))
  run([join(root, "node_modules/vite/bin/vite.js"), "build"]);
if (serverBuildStale()) run([join(root, "scripts/build-server.mjs")]);
// Under `npm start` this process is npm's shell's child: a process manager that sends SIGTERM to npm
// stops npm and its shell, not this process, which would go on serving as an orphan. When the parent
// is gone (this process was handed to another parent), it stops the way SIGTERM stops it. Once a
// stop has begun (Ctrl-C reaches npm, its shell and this process at once) it does not signal again:
// a second signal would end the process before the rooms are saved.
if (process.env.npm_lifecycle_event === "start") {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, "SIGTERM");
  }, 1000);
  watch.unref();
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => clearInterval(watch));
}
await import(pathToFileURL(SERVER_OUT).href);
