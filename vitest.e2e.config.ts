// Browser tests: a real game server process and Debian's Chromium driven by playwright-core.
// `npm run test:e2e`. The global setup builds the client and starts the server on a free port.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file drives several Chromium pages: one file at a time keeps the machine responsive.
    fileParallelism: false,
  },
});
