import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    // Sized for a busy machine: waits end on the awaited state (tests/server/helpers.ts WAIT_MS = 60 s),
    // so these limits only matter when something is really stuck.
    testTimeout: 180_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine, where the
    // suite then ran file after file (import 75 s + tests 113 s). Many files mostly wait on a server or
    // a child process, so they share the cores well: one worker per core.
    maxWorkers: Math.max(2, availableParallelism()),
    hookTimeout: 180_000,
  },
});
