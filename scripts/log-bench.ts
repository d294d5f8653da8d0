// `npx tsx scripts/log-bench.ts`: the cost of the session's action log. Times 1,000 accepted "act"
// commands (a district policy switched on and off) through `reduce`, on a session whose log already
// holds 0, 5,000 and 20,000 entries (a long game's log). With a log copied per action the time grows
// with the log; with the persistent log (shared/replay.ts ActionLog) it does not.
import type { LogEntry } from "../shared/replay.js";
import { createGame, scenarioById } from "../shared/scenario.js";
import { newSession, reduce, type Session } from "../shared/session.js";

const game = createGame(scenarioById("steel-town")!, { seed: 3, size: 32, districts: 6, years: 12 });
const filler: LogEntry = { kind: "bots", districts: [1], level: "easy", mode: "mixed" };

function time(prior: number): number {
  let s: Session = {
    ...newSession(game, { log: Array.from({ length: prior }, () => filler) }),
    phase: "planning",
  };
  const t0 = performance.now();
  for (let k = 0; k < 1000; k++) {
    const r = reduce(s, {
      type: "act",
      seat: { district: 0, host: false },
      action: { type: "setPolicy", policy: "festival", enabled: k % 2 === 0 },
      at: 0,
    });
    if (!r.ok) throw new Error(r.error.code);
    s = r.session;
  }
  return performance.now() - t0;
}

for (let k = 0; k < 3; k++) time(0); // warm-up
for (const prior of [0, 5000, 20000]) {
  const runs = [time(prior), time(prior), time(prior), time(prior), time(prior)].sort((a, b) => a - b);
  console.log(`log of ${prior} entries: 1,000 actions ${runs[2].toFixed(1)} ms (median of 5)`);
}
