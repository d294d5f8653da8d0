import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    // Sized for a busy machine: waits end on the awaited state (tests/server/helpers.ts WAIT_MS = 60 s),
    // so these limits only matter when something is really stuck.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
