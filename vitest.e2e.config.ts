// Browser tests: a real game server process and Debian's Chromium driven by playwright-core.
// `npm run test:e2e`. The global setup builds the client and starts the server on a free port.
// `npm run test:e2e:stress` runs the same suite with every core busy (scripts/stress-e2e.ts).
//
// The timeouts are sized for that busy machine: no test waits on a clock, so a generous limit only
// matters when something is really stuck. Every read of the page waits for its state (see the header
// of tests/e2e/browser.ts).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
    // expect.poll: wait up to a minute for the page to reach the expected state.
    expect: { poll: { timeout: 60_000, interval: 50 } },
    // Each file drives several Chromium pages: one file at a time keeps the machine responsive.
    fileParallelism: false,
  },
});
