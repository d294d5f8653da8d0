// How the debrief reads a room where nobody acts: every scenario on several seeds and map sizes, each
// played to its end with no action at all. Prints, per recommendation, how many games read
// "followed" (strong) and "partly" (some). The claim is that such a room reads "hardly" on all
// six. Run: npx tsx scripts/debrief-idle.ts [--more]
import { reviewRecommendations, RECOMMENDATIONS } from "../shared/debrief.js";
import { resolveYear } from "../shared/resolve.js";
import { createGame, SCENARIOS } from "../shared/scenario.js";

// Three per scenario (the 15); `--more` adds four per scenario with other district counts
// and rounds (2 to 12 districts, 8 to 20 rounds).
const GAMES: { seed: number; size: number; districts?: number; years?: number }[] = [
  { seed: 11, size: 20 },
  { seed: 23, size: 32 },
  { seed: 37, size: 40 },
];
if (process.argv.includes("--more"))
  GAMES.push(
    { seed: 101, size: 24, districts: 2, years: 12 },
    { seed: 202, size: 48, districts: 12, years: 15 },
    { seed: 303, size: 28, districts: 5, years: 20 },
    { seed: 404, size: 64, districts: 8, years: 8 },
  );
const tally = new Map<string, { strong: number; some: number; little: number }>();
for (const id of RECOMMENDATIONS) tally.set(id, { strong: 0, some: 0, little: 0 });
let games = 0;
for (const scenario of SCENARIOS) {
  for (const g of GAMES) {
    let state = createGame(scenario, g);
    while (state.year < state.years) state = resolveYear(state).state;
    games++;
    const line: string[] = [];
    for (const r of reviewRecommendations(state, state.history)) {
      tally.get(r.id)![r.uptake]++;
      if (r.uptake !== "little")
        line.push(
          `${r.id}=${r.uptake}[${r.checks
            .filter((c) => c.met)
            .map((c) => c.key)
            .join(",")}]`,
        );
    }
    console.log(
      `${scenario.id} seed ${g.seed} size ${g.size} districts ${state.districts.length} rounds ${state.years}: ${line.join(" ") || "all hardly"}`,
    );
  }
}
console.log(`\n${games} games where nobody acts:`);
for (const [id, t] of tally)
  console.log(`  ${id.padEnd(16)} followed ${t.strong}, partly ${t.some}, hardly ${t.little}`);
