// `npm run build:server` (and part of `npm run build`): bundles server/ and the shared rules it imports
// into dist/server/main.js (and the year pool's worker into dist/server/year-worker.js) with esbuild, so production runs plain `node dist/server/main.js`, one
// process, no TypeScript loader. Packages in node_modules stay external (better-sqlite3 is native,
// @colyseus/* keep their own module state): the built server runs beside the installed node_modules.
// The tsconfig's experimentalDecorators and useDefineForClassFields: false are applied (the Schema
// classes need both).
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_OUT = join(root, "dist", "server", "main.js");

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/server/main.js is missing or older than a source file of server/ or shared/. */
export function serverBuildStale() {
  let built;
  try {
    built = statSync(SERVER_OUT).mtimeMs;
  } catch {
    return true;
  }
  return Math.max(newestSource(join(root, "server")), newestSource(join(root, "shared"))) > built;
}

export async function buildServer() {
  const esbuild = await import("esbuild");
  mkdirSync(dirname(SERVER_OUT), { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    // The year pool's worker is its own entry: dist/server/year-worker.js, beside main.js, where the
    // built pool (server/year-pool.ts) looks for it.
    entryPoints: ["server/main.ts", "server/year-worker.ts"],
    outdir: dirname(SERVER_OUT),
    outbase: "server",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.json",
    sourcemap: true,
    logLevel: "warning",
  });
  await esbuild.stop();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer();
  console.log(`built ${SERVER_OUT}`);
}
