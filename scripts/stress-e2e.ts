// The browser suite on a busy machine: starts one CPU-bound busy loop per core, runs the e2e suite
// (`vitest run --config vitest.e2e.config.ts`) while they spin, stops them, and prints how long each
// run took. The loops end by themselves after --max-minutes even if this script is killed.
//
//   npm run test:e2e:stress                       one run, a busy loop on every core
//   npm run test:e2e:stress -- --runs 5           five runs in a row (stops at the first failure)
//   npm run test:e2e:stress -- --loops 2 -- tests/e2e/restore.e2e.test.ts
import { type ChildProcess, spawn } from "node:child_process";
import { availableParallelism } from "node:os";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const runs = option("runs", 1);
const loops = option("loops", availableParallelism());
const maxMinutes = option("max-minutes", 60);
const dashdash = process.argv.indexOf("--");
const vitestArgs = dashdash >= 0 ? process.argv.slice(dashdash + 1) : [];

function startLoops(): ChildProcess[] {
  const deadline = Date.now() + maxMinutes * 60_000;
  const code = `const end = ${deadline}; let x = 0; while (Date.now() < end) { for (let i = 0; i < 1e6; i++) x ^= i; }`;
  return Array.from({ length: loops }, () => spawn(process.execPath, ["-e", code], { stdio: "ignore" }));
}

function stopLoops(children: ChildProcess[]): void {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
}

function runSuite(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["vitest", "run", "--config", "vitest.e2e.config.ts", ...vitestArgs], {
      stdio: "inherit",
      env: { ...process.env, CQ_E2E_STRESS: "1" },
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const durations: string[] = [];
let failed = false;
let busy: ChildProcess[] = [];
const cleanUp = () => stopLoops(busy);
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});
process.on("SIGTERM", () => {
  cleanUp();
  process.exit(143);
});

for (let r = 1; r <= runs; r++) {
  busy = startLoops();
  console.log(`stress run ${r}/${runs}: ${loops} busy loop(s) on ${availableParallelism()} core(s)`);
  const started = Date.now();
  const code = await runSuite();
  cleanUp();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  durations.push(`${seconds} s${code === 0 ? "" : " (FAILED)"}`);
  console.log(`stress run ${r}/${runs}: ${code === 0 ? "passed" : "failed"} in ${seconds} s`);
  if (code !== 0) {
    failed = true;
    break;
  }
}
console.log(`stress runs: ${durations.join(", ")}`);
process.exit(failed ? 1 : 0);
