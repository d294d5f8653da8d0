// The fuzz harness (scripts/fuzz.ts) at a small count, as CI runs it: random and mutated messages to a
// real server process on loopback. `npm run fuzz` runs the full 100,000.
import { expect, it } from "vitest";
import { runFuzz } from "../../scripts/fuzz.js";

it("fuzzed messages: no server exit, every message answered, no refused message changes the state", async () => {
  const report = await runFuzz({ messages: 1500, seed: 3, log: () => undefined });
  expect(report.serverExits).toBe(0);
  expect(report.unanswered).toBe(0);
  expect(report.stateChangesFromRefused).toBe(0);
  expect(report.serverErrorLines).toBe(0);
  // It did exercise both sides of the door.
  expect(report.answers.accepted).toBeGreaterThan(0);
  expect(report.answers.bad_message).toBeGreaterThan(100);
  expect(report.answers.not_host).toBeGreaterThan(0);
  expect(report.replayedEntries).toBeGreaterThan(0);
  expect(report.wsMessages + report.httpRequests).toBe(report.messages);
}, 180_000);
