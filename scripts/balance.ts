// The balance harness: plays many seeded games of every scenario with bots in every district and prints
// a markdown outcome table (and writes it to docs/balance.md with --write). Headless: the pure rules,
// no server. Games are split over worker threads (one per core by default).
//
//   npm run balance -- [--games N] [--level-games M] [--coop-games C] [--workers W] [--write]
//
// Design: game g of a scenario is played on map seed 1 + floor(g / 5) with the five strategies rotated
// over the districts (district d plays strategy (d + g) mod 5), so on every map each seat plays every
// strategy once. That removes the district character from the strategy comparison (a Latin square).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import {
  BOT_STRATEGIES,
  type BotDistrictResult,
  type BotLevel,
  type BotSeat,
  type BotStrategy,
  playBotGame,
} from "../shared/bots.js";
import { createGame, SCENARIOS } from "../shared/scenario.js";

export interface Job {
  scenario: string;
  game: number;
  /** "strategies": all hard, rotated; "levels": rotated strategies, hard and easy alternating;
   * "cooperative": every district plays the goal-minded cooperative bot (hard). */
  kind: "strategies" | "levels" | "cooperative";
}

export interface GameRow {
  job: Job;
  mapSeed: number;
  goalMet: boolean;
  goalValue: number;
  goalDisplacedShare: number;
  districts: Omit<BotDistrictResult, "planned" | "accepted">[];
  planned: number;
  accepted: number;
  proposals: { made: number; accepted: number };
}

export function seatsFor(job: Job, districts: number): BotSeat[] {
  const seats: BotSeat[] = [];
  for (let d = 0; d < districts; d++) {
    if (job.kind === "cooperative") {
      seats.push({ strategy: "cooperative", level: "hard" });
      continue;
    }
    const strategy = BOT_STRATEGIES[(d + job.game) % BOT_STRATEGIES.length];
    const level: BotLevel = job.kind === "levels" && (d + job.game) % 2 === 1 ? "easy" : "hard";
    seats.push({ strategy, level });
  }
  return seats;
}

export function runJob(job: Job): GameRow {
  const scenario = SCENARIOS.find((s) => s.id === job.scenario);
  if (!scenario) throw new Error(`unknown scenario ${job.scenario}`);
  // Cooperative rooms play the same maps as the strategy games (one per five games there).
  const mapSeed =
    job.kind === "cooperative"
      ? 1 + job.game
      : 1 + Math.floor(job.game / BOT_STRATEGIES.length) + (job.kind === "levels" ? 100_000 : 0);
  const start = createGame(scenario, { seed: mapSeed });
  const result = playBotGame(start, seatsFor(job, start.districts.length), mapSeed);
  let planned = 0;
  let accepted = 0;
  const districts = result.districts.map(({ planned: p, accepted: a, ...rest }) => {
    planned += p;
    accepted += a;
    return rest;
  });
  return {
    job,
    mapSeed,
    goalMet: result.goalMet,
    goalValue: result.goalValue,
    goalDisplacedShare: result.goalDisplacedShare,
    districts,
    planned,
    accepted,
    proposals: result.proposals,
  };
}

// ---------------------------------------------------------------------------------------------
// Tables.

const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const pct = (x: number) => (Number.isNaN(x) ? "–" : `${(100 * x).toFixed(0)}%`);
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

/** For each (map, seat), the strategy that scored best there; ties share the win. */
export function seatWins(rows: GameRow[]): Map<BotStrategy, number> {
  const groups = new Map<string, { strategy: BotStrategy; score: number }[]>();
  for (const r of rows) {
    for (const d of r.districts) {
      const key = `${r.mapSeed}:${d.district}`;
      const g = groups.get(key) ?? [];
      g.push({ strategy: d.strategy, score: d.score });
      groups.set(key, g);
    }
  }
  const wins = new Map<BotStrategy, number>(BOT_STRATEGIES.map((s) => [s, 0]));
  for (const g of groups.values()) {
    if (new Set(g.map((x) => x.strategy)).size < BOT_STRATEGIES.length) continue;
    const top = Math.max(...g.map((x) => x.score));
    const best = g.filter((x) => x.score === top);
    for (const b of best) wins.set(b.strategy, (wins.get(b.strategy) ?? 0) + 1 / best.length);
  }
  const total = [...wins.values()].reduce((a, b) => a + b, 0);
  // Fewer than five games per map leave no complete seat: no seat win at all (NaN, printed as "–").
  for (const [k, v] of wins) wins.set(k, total > 0 ? v / total : Number.NaN);
  return wins;
}

export interface StrategyRow {
  strategy: BotStrategy;
  seats: number;
  topScore: number;
  seatWin: number;
  score: number;
  creatives: number;
  output: number;
  exports: number;
  displaced: number;
  meanDisplaced: number;
  rentOverPay: number;
  resettledShare: number;
}

export function strategyTable(rows: GameRow[]): StrategyRow[] {
  const wins = seatWins(rows);
  return BOT_STRATEGIES.map((strategy) => {
    const ds = rows.flatMap((r) => r.districts.filter((d) => d.strategy === strategy));
    const displaced = ds.map((d) => d.displaced);
    const totalDisplaced = displaced.reduce((a, b) => a + b, 0);
    return {
      strategy,
      seats: ds.length,
      topScore: ds.length ? ds.filter((d) => d.won).length / ds.length : 0,
      seatWin: wins.get(strategy) ?? 0,
      score: median(ds.map((d) => d.score)),
      creatives: median(ds.map((d) => d.creatives)),
      output: median(ds.map((d) => d.output)),
      exports: median(ds.map((d) => d.exports)),
      displaced: median(displaced),
      meanDisplaced: mean(displaced),
      rentOverPay: median(ds.map((d) => d.rentOverPay)),
      resettledShare: totalDisplaced > 0 ? ds.reduce((a, d) => a + d.resettled, 0) / totalDisplaced : 0,
    };
  });
}

/** The commit the rules were at, and whether shared/ had uncommitted changes (results depend on them). */
function rulesVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--", "shared").length > 0;
    return dirty ? `${head} with uncommitted changes in shared/` : head;
  } catch {
    return "unknown (no git)";
  }
}

const STRATEGY_NOTES = [
  "**laissezFaire**: converts derelict and active factories to studios, builds housing, shops and leisure, " +
    "one value-add link (more with money to spare); no policies, no protection.",
  "**anchorFirst**: places anchor institutions (incubator, gallery, theatre, museum, ...; a media HQ first in " +
    "a metropolitan district lined with offices) as nuclei on derelict or empty land near creatives, then studios " +
    "around them and a few links; shared services and IP transfer for the firms they gather.",
  "**linkageFirst**: research, heritage, incubation and value-add links where the firms are (first an " +
    "incubator if it has none), some cross-district proposals, then studios.",
  "**policyHeavy**: affordable studios, heritage protection, festival, arts education, international " +
    "exchange, a vote for IP protection; protects lived-in space whose rent nears what artists earn, and each new studio.",
  "**globalFirst**: global links to gateways and media HQs, export support, votes for place-marketing and IP " +
    "protection, a heritage link for local roots, an exhibition centre (hard bots: also a media HQ).",
  "**hard** bots rank sites by attraction, nearby creatives and anchors, and rent, and links by the firms " +
    "they touch per cost, and keep a reserve for expected deficits; **easy** bots pick at random, take at " +
    "most 3 actions a year and keep no reserve.",
];

function render(all: GameRow[], opts: { command: string; seconds: number; workers: number }): string {
  const out: string[] = [];
  const strat = all.filter((r) => r.job.kind === "strategies");
  const lev = all.filter((r) => r.job.kind === "levels");
  const coop = all.filter((r) => r.job.kind === "cooperative");
  const perScenario = strat.length / SCENARIOS.length;
  out.push("# Balance: bots playing the five scenarios");
  out.push("");
  out.push(
    `Made with \`${opts.command}\` (${opts.workers} worker threads, ${opts.seconds.toFixed(0)} s) on rules ` +
      `at ${rulesVersion()}.`,
  );
  out.push("");
  out.push(
    `Each scenario: ${perScenario} games with hard bots in every district, the five strategies rotated over the ` +
      "districts (game g on map seed 1 + ⌊g/5⌋, district d plays strategy (d + g) mod 5), so on every map each " +
      "seat plays each strategy once.",
  );
  out.push("");
  out.push("The strategies (shared/bots.ts):");
  out.push("");
  for (const line of STRATEGY_NOTES) out.push(`- ${line}`);
  out.push("");
  out.push(
    "- **top score**: share of the strategy's districts that had the top district score of their game " +
      "(chance level: 1 / number of districts; the district's character weighs heavily here).",
  );
  out.push(
    "- **seat win**: on each map, for each seat, the strategy that scored best in that seat over the five " +
      "rotated games (ties shared); chance level 20%. This compares strategies on equal ground.",
  );
  out.push(
    "- medians per district at the end of the game: score, creatives; output, exports and displaced " +
      "creatives are summed over all years. **rent>pay**: tile-years in which a lived-in tile's rent passed what " +
      "its creatives earned. **resettled**: share of the displaced who settled elsewhere in the city.",
  );
  out.push("");
  let planned = 0;
  let accepted = 0;
  for (const r of all) {
    planned += r.planned;
    accepted += r.accepted;
  }
  out.push(
    `Bot actions accepted by the rules: ${accepted} of ${planned} (${pct(accepted / Math.max(1, planned))}).`,
  );
  const made = all.reduce((a, r) => a + r.proposals.made, 0);
  const agreed = all.reduce((a, r) => a + r.proposals.accepted, 0);
  out.push(
    `Cross-district link proposals between bots: ${made}, of which ${agreed} were accepted by the other ` +
      "district's bot (botRespond).",
  );
  out.push("");
  const leaders: string[] = [];
  for (const sc of SCENARIOS) {
    const rows = strat.filter((r) => r.job.scenario === sc.id);
    if (rows.length === 0) continue;
    const table = strategyTable(rows);
    const leader = [...table].sort((a, b) => b.seatWin - a.seatWin)[0];
    leaders.push(
      `${sc.title.en}: ${Number.isNaN(leader.seatWin) ? "– (needs 5 games per map)" : leader.strategy}`,
    );
    const goalMet = rows.filter((r) => r.goalMet).length / rows.length;
    out.push(`## ${sc.title.en} (\`${sc.id}\`)`);
    out.push("");
    out.push(
      `Cooperative goal (${sc.goal.text.en}) met in ${pct(goalMet)} of ${rows.length} games; median goal value ` +
        `${num(median(rows.map((r) => r.goalValue)))} of ${sc.goal.target}, median displaced share ` +
        `${median(rows.map((r) => r.goalDisplacedShare)).toFixed(2)} (limit ${sc.goal.maxDisplacedShare}).`,
    );
    out.push("");
    out.push(
      "| strategy | seats | top score | seat win | score | creatives | output | exports | displaced (median / mean) | rent>pay | resettled |",
    );
    out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const t of table) {
      out.push(
        `| ${t.strategy} | ${t.seats} | ${pct(t.topScore)} | ${pct(t.seatWin)} | ${num(t.score)} | ${num(t.creatives)} | ` +
          `${num(t.output)} | ${num(t.exports)} | ${num(t.displaced)} / ${num(t.meanDisplaced)} | ${num(t.rentOverPay)} | ` +
          `${pct(t.resettledShare)} |`,
      );
    }
    out.push("");
  }
  if (coop.length > 0) {
    out.push("## A room that works for the goal");
    out.push("");
    out.push(
      `${coop.length / SCENARIOS.length} games per scenario, on the maps of the games above, with every district ` +
        "played by the goal-minded **cooperative** bot: it protects lived-in space against displacement (the " +
        "goal's cap), lifts protections dearest first before its district would fall into debt, and grows " +
        "what the goal counts only as fast as the goal needs; districts without a district goal help pay for " +
        "it. The goals' targets and caps are tuned so that such a room meets them in most games, while rooms " +
        "of one strategy (the rotated games above) rarely do.",
    );
    out.push("");
    out.push("| scenario | games | goal met | median goal value / target | median displaced share / limit |");
    out.push("|---|---:|---:|---:|---:|");
    for (const sc of SCENARIOS) {
      const rows = coop.filter((r) => r.job.scenario === sc.id);
      if (rows.length === 0) continue;
      out.push(
        `| ${sc.id} | ${rows.length} | ${pct(rows.filter((r) => r.goalMet).length / rows.length)} | ` +
          `${num(median(rows.map((r) => r.goalValue)))} / ${sc.goal.target} | ` +
          `${median(rows.map((r) => r.goalDisplacedShare)).toFixed(2)} / ${sc.goal.maxDisplacedShare} |`,
      );
    }
    out.push("");
  }
  out.push("## Laissez-faire and the displacement cycle");
  out.push("");
  out.push(
    "Per scenario, over the laissez-faire districts: how many had creatives displaced, how many had a lived-in " +
      "tile whose rent passed what its creatives earned, and how many boomed and then busted (grew to at least " +
      "1.5× their first-year creatives, then ended at most 75% of that peak); mean displaced per district " +
      "against policy-heavy districts in the same games.",
  );
  out.push("");
  out.push(
    "| scenario | seats | displaced > 0 | rent > pay | boom then bust | displaced: laissez-faire / policy-heavy |",
  );
  out.push("|---|---:|---:|---:|---:|---:|");
  for (const sc of SCENARIOS) {
    const rows = strat.filter((r) => r.job.scenario === sc.id);
    const lf = rows.flatMap((r) => r.districts.filter((d) => d.strategy === "laissezFaire"));
    const ph = rows.flatMap((r) => r.districts.filter((d) => d.strategy === "policyHeavy"));
    if (lf.length === 0) continue;
    const share = (f: (d: (typeof lf)[number]) => boolean) => pct(lf.filter(f).length / lf.length);
    out.push(
      `| ${sc.id} | ${lf.length} | ${share((d) => d.displaced > 0)} | ${share((d) => d.rentOverPay > 0)} | ` +
        `${share((d) => d.peakCreatives >= 1.5 * d.firstYearCreatives && d.creatives <= 0.75 * d.peakCreatives)} | ` +
        `${num(mean(lf.map((d) => d.displaced)))} / ${num(mean(ph.map((d) => d.displaced)))} |`,
    );
  }
  out.push("");
  out.push("## Best strategy per scenario (seat win)");
  out.push("");
  for (const l of leaders) out.push(`- ${l}`);
  out.push("");
  if (lev.length > 0) {
    out.push("## Hard against easy bots");
    out.push("");
    out.push(
      `${lev.length / SCENARIOS.length} games per scenario on other maps, strategies rotated as above, hard and ` +
        "easy bots alternating over the districts (and swapped every game).",
    );
    out.push("");
    out.push(
      "| scenario | level | districts | top score | median score | median output | median displaced |",
    );
    out.push("|---|---|---:|---:|---:|---:|---:|");
    for (const sc of SCENARIOS) {
      for (const level of ["hard", "easy"] as const) {
        const ds = lev
          .filter((r) => r.job.scenario === sc.id)
          .flatMap((r) => r.districts.filter((d) => d.level === level));
        if (ds.length === 0) continue;
        out.push(
          `| ${sc.id} | ${level} | ${ds.length} | ${pct(ds.filter((d) => d.won).length / ds.length)} | ` +
            `${num(median(ds.map((d) => d.score)))} | ${num(median(ds.map((d) => d.output)))} | ` +
            `${num(median(ds.map((d) => d.displaced)))} |`,
        );
      }
    }
    out.push("");
  }
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Entry points.

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a non-negative integer`);
  return v;
}

async function main() {
  const games = arg("--games", 200);
  const levelGames = arg("--level-games", 50);
  const coopGames = arg("--coop-games", 40);
  const workers = Math.max(1, arg("--workers", Math.min(2, availableParallelism())));
  const jobs: Job[] = [];
  for (const sc of SCENARIOS) {
    for (let g = 0; g < games; g++) jobs.push({ scenario: sc.id, game: g, kind: "strategies" });
    for (let g = 0; g < levelGames; g++) jobs.push({ scenario: sc.id, game: g, kind: "levels" });
    for (let g = 0; g < coopGames; g++) jobs.push({ scenario: sc.id, game: g, kind: "cooperative" });
  }
  const t0 = performance.now();
  const chunks: Job[][] = Array.from({ length: workers }, () => []);
  for (let i = 0; i < jobs.length; i++) chunks[i % workers].push(jobs[i]);
  // Workers do not inherit tsx's loader: each registers it, then imports this file.
  const boot =
    `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<GameRow[]>((resolve, reject) => {
          const w = new Worker(boot, { eval: true, workerData: { balanceJobs: chunk } });
          w.once("message", (rows: GameRow[]) => resolve(rows));
          w.once("error", reject);
          w.once("exit", (code) => {
            if (code !== 0) reject(new Error(`worker exited with ${code}`));
          });
        }),
    ),
  );
  const rows = parts.flat();
  const seconds = (performance.now() - t0) / 1000;
  const flags = process.argv.slice(2);
  const command = ["npm run balance", ...(flags.length ? ["--", ...flags] : [])].join(" ");
  const md = render(rows, { command, seconds, workers });
  console.log(md);
  if (process.argv.includes("--write")) {
    const path = fileURLToPath(new URL("../docs/balance.md", import.meta.url));
    writeFileSync(path, `${md}\n`);
    console.error(`wrote ${path}`);
  }
}

if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else if (!isMainThread && workerData && Array.isArray(workerData.balanceJobs)) {
  parentPort?.postMessage((workerData.balanceJobs as Job[]).map(runJob));
}
