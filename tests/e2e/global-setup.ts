// Builds the client, then starts one real game server process (server/main.ts) on a free port with its
// own snapshot database, and hands its URL to the tests. Stopped (by its pid) when the run ends.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startServer } from "./server.js";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // The production build (what `npm run build` ships): vitest sets NODE_ENV=test, under which vite
  // would pick libraries' "development" exports (lit-html's dev build, larger and noisier).
  execFileSync("npx", ["vite", "build", "--logLevel", "warn"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  const dir = mkdtempSync(join(tmpdir(), "cq-e2e-"));
  const server = await startServer(null, join(dir, "e2e.db"));
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
