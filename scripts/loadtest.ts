// `npm run loadtest`: N rooms × M clients on loopback against a real server process, playing like a
// class (one action every few seconds each; short planning phases so years resolve). Prints CCU,
// action-to-patch latency (p50/p95/p99), server CPU and memory, and bytes per second per client.
//
//   npm run loadtest -- --rooms 50 --clients 30 --duration 60
//   LOADTEST_ROOMS=4 LOADTEST_CLIENTS=8 npm run loadtest
//
// Options: --rooms, --clients (per room, host included), --duration (s, measured window), --warmup (s),
// --planning (s, ≥ 20), --workers (load-generator processes; default one per 300 clients),
// --url ws://host:port (use a running server instead of starting one; loopback only).
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { freePort } from "./free-port.js";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "colyseus.js";
import { CITY_POLICY_KINDS, DISTRICT_POLICY_KINDS } from "../shared/kinds.js";
import { CHUNK_SIZE } from "../shared/mirror.js";
import { CMD } from "../shared/protocol.js";
import { ONE_ADDRESS_ENV } from "./one-address.js";

interface Options {
  rooms: number;
  clients: number;
  duration: number;
  warmup: number;
  planning: number;
  workers: number;
  url: string;
}

interface WorkerTask {
  url: string;
  rooms: number;
  clients: number;
  firstRoom: number;
  warmupMs: number;
  durationMs: number;
  planning: number;
  /** Where the generator writes its report (JSON). */
  reportFile: string;
}

interface WorkerReport {
  clients: number;
  joined: number;
  latencies: number[];
  rejected: number;
  timeouts: number;
  bytes: number;
  measuredMs: number;
  years: number;
  joinErrors: string[];
  /** The generator's own event-loop delay p99 (ms): if high, latencies measure the generator. */
  loopP99: number;
  /** The generator's CPU use over the window, % of one core. */
  cpuPercent: number;
}

function arg(name: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}

function argString(name: string, env: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : process.env[env];
}

const DEBUG = process.env.LOADTEST_DEBUG === "1";
const byCode: Record<number, number> = {};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// -----------------------------------------------------------------------------------------------
// Load generator (a worker process): plays its share of rooms and reports raw figures.

type AnyState = {
  phase: string;
  width: number;
  height: number;
  year: number;
  nextId: number;
  districts: { at(i: number): { policies: string; votes: string } | undefined; length: number };
  chunks: {
    at(i: number): { tiles: { at(i: number): { use: string; district: number } | undefined } } | undefined;
  };
  proposals: { length: number; at(i: number): { id: number; from: number; to: number } | undefined };
};

interface Pending {
  what: string;
  sentAt: number;
  done: (s: AnyState) => boolean;
}

async function runWorker(task: WorkerTask): Promise<WorkerReport> {
  const report: WorkerReport = {
    clients: task.rooms * task.clients,
    joined: 0,
    latencies: [],
    rejected: 0,
    timeouts: 0,
    bytes: 0,
    measuredMs: task.durationMs,
    years: 0,
    joinErrors: [],
    loopP99: 0,
    cpuPercent: 0,
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const start = Date.now();
  const measureFrom = start + task.warmupMs;
  const measureTo = measureFrom + task.durationMs;
  const inWindow = (t: number) => t >= measureFrom && t < measureTo;
  const rooms: Room[] = [];
  let stopping = false;

  const countBytes = (room: Room) => {
    const ws = (
      room.connection.transport as unknown as { ws: { onmessage: (e: { data: ArrayBuffer }) => void } }
    ).ws;
    const original = ws.onmessage;
    ws.onmessage = (e) => {
      if (inWindow(Date.now())) {
        report.bytes += e.data.byteLength;
        if (DEBUG) {
          const code = new Uint8Array(e.data)[0];
          byCode[code] = (byCode[code] ?? 0) + e.data.byteLength;
        }
      }
      original(e);
    };
  };

  const student = (room: Room, district: number) => {
    let pending: Pending | null = null;
    const state = () => room.state as unknown as AnyState;
    const tileAt = (s: AnyState, i: number) => {
      const x = i % s.width;
      const y = Math.floor(i / s.width);
      const cols = Math.ceil(s.width / CHUNK_SIZE);
      const cx = Math.floor(x / CHUNK_SIZE);
      const cy = Math.floor(y / CHUNK_SIZE);
      const w = Math.min(CHUNK_SIZE, s.width - cx * CHUNK_SIZE);
      return s.chunks.at(cy * cols + cx)?.tiles.at((y - cy * CHUNK_SIZE) * w + (x - cx * CHUNK_SIZE));
    };
    const settle = (ok: boolean) => {
      if (!pending) return;
      const latency = Date.now() - pending.sentAt;
      if (inWindow(pending.sentAt)) {
        if (DEBUG && latency > 200) console.error(`slow: ${pending.what} ${latency} ms`);
        if (ok) report.latencies.push(latency);
        else report.rejected++;
      }
      pending = null;
    };
    room.onStateChange((s) => {
      if (pending?.done(s as unknown as AnyState)) settle(true);
    });
    room.onMessage("error", () => settle(false));
    room.onMessage("*", () => {});
    const act = () => {
      if (stopping) return;
      setTimeout(act, 2000 + Math.random() * 2000);
      const s = state();
      if (pending) {
        if (Date.now() - pending.sentAt > 5000) {
          if (inWindow(pending.sentAt)) report.timeouts++;
          pending = null;
        } else return;
      }
      if (s.phase !== "planning") return;
      const d = s.districts.at(district);
      if (!d) return;
      const roll = Math.random();
      let action: Record<string, unknown>;
      let done: (s: AnyState) => boolean;
      if (roll < 0.4) {
        const policy = DISTRICT_POLICY_KINDS[Math.floor(Math.random() * DISTRICT_POLICY_KINDS.length)];
        const on = d.policies.split(",").includes(policy);
        action = { type: "setPolicy", policy, enabled: !on };
        done = (st) => st.districts.at(district)?.policies.split(",").includes(policy) === !on;
      } else if (roll < 0.7) {
        const policy = CITY_POLICY_KINDS[Math.floor(Math.random() * CITY_POLICY_KINDS.length)];
        const vote = !d.votes.includes(`${policy}:1`);
        action = { type: "voteCityPolicy", policy, vote };
        done = (st) => st.districts.at(district)?.votes.includes(`${policy}:${vote ? 1 : 0}`) ?? false;
      } else if (roll < 0.85) {
        // Build a park on an empty tile of our own (sampled).
        let target = -1;
        for (let k = 0; k < 40 && target < 0; k++) {
          const i = Math.floor(Math.random() * s.width * s.height);
          const t = tileAt(s, i);
          if (t && t.district === district && t.use === "empty") target = i;
        }
        if (target < 0) return;
        action = { type: "build", x: target % s.width, y: Math.floor(target / s.width), use: "park" };
        done = (st) => tileAt(st, target)?.use === "park";
      } else {
        const to = (district + 1 + Math.floor(Math.random() * (s.districts.length - 1))) % s.districts.length;
        // A bot may answer in the same patch, so watch the id counter, not the list.
        const nextId = s.nextId;
        action = { type: "proposeDeal", to, amount: 1 };
        done = (st) => st.nextId > nextId;
      }
      pending = { sentAt: Date.now(), done, what: String(action.type) };
      room.send(CMD, { type: "action", action });
    };
    setTimeout(act, Math.random() * 3000);
  };

  for (let r = 0; r < task.rooms; r++) {
    const client = new Client(task.url);
    try {
      const host = await client.create("city", {
        nickname: `Host ${task.firstRoom + r}`,
        settings: {
          planningSeconds: task.planning,
          reportSeconds: 3,
          rounds: 40,
          bots: true,
          chat: true,
          startCountdown: 0,
        },
      });
      const code = host.roomId;
      host.onMessage("*", () => {});
      host.onMessage("yearReport", (m: { year: number }) => {
        if (DEBUG) console.error(`room ${code} year ${m.year} at ${Date.now() - start} ms`);
        if (inWindow(Date.now())) report.years++;
      });
      countBytes(host);
      rooms.push(host);
      report.joined++;
      const joins: Promise<void>[] = [];
      for (let c = 1; c < task.clients; c++) {
        joins.push(
          (async () => {
            await sleep(c * 15);
            try {
              const room = await new Client(task.url).joinById(code, { nickname: `S${c}` });
              let seated = -1;
              room.onMessage("you", (m: { district: number }) => {
                if (seated < 0 && m.district >= 0) {
                  seated = m.district;
                  student(room, seated);
                }
              });
              countBytes(room);
              rooms.push(room);
              report.joined++;
            } catch (e) {
              report.joinErrors.push(String((e as Error).message));
            }
          })(),
        );
      }
      await Promise.all(joins);
      host.send(CMD, { type: "host.start" });
    } catch (e) {
      report.joinErrors.push(String((e as Error).message));
    }
  }
  const untilWindow = measureFrom - Date.now();
  if (untilWindow > 0) await sleep(untilWindow);
  loop.enable();
  const cpuFrom = process.cpuUsage();
  const wallFrom = Date.now();
  const left = measureTo - Date.now();
  if (left > 0) await sleep(left);
  loop.disable();
  const cpu = process.cpuUsage(cpuFrom);
  report.cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, Date.now() - wallFrom)) * 100;
  report.loopP99 = loop.percentile(99) / 1e6;
  stopping = true;
  report.measuredMs = task.durationMs;
  await Promise.all(rooms.map((r) => r.leave(true).catch(() => undefined)));
  if (DEBUG) console.error("bytes by protocol code (13 data, 15 patch):", byCode);
  return report;
}

// -----------------------------------------------------------------------------------------------
// Coordinator: starts the server (unless --url), forks the generators, samples the server, prints.

interface Health {
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  rooms: number;
  ccu: number;
  rssBytes: number;
  cpuUserUs: number;
  cpuSystemUs: number;
}

async function health(httpBase: string): Promise<Health | null> {
  try {
    const r = await fetch(`${httpBase}/api/health`);
    return r.ok ? ((await r.json()) as Health) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const o: Options = {
    rooms: arg("rooms", "LOADTEST_ROOMS", 2),
    clients: arg("clients", "LOADTEST_CLIENTS", 6),
    duration: arg("duration", "LOADTEST_DURATION", 30),
    warmup: arg("warmup", "LOADTEST_WARMUP", 10),
    planning: Math.max(20, arg("planning", "LOADTEST_PLANNING", 20)),
    workers: 0,
    url: argString("url", "LOADTEST_URL") ?? "",
  };
  const total = o.rooms * o.clients;
  o.workers = arg("workers", "LOADTEST_WORKERS", Math.max(1, Math.ceil(total / 300)));

  let server: ChildProcess | null = null;
  let url = o.url;
  if (!url) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), "cq-loadtest-"));
    server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        CQ_DB_PATH: join(dir, "load.db"),
        // Every simulated client comes from 127.0.0.1.
        ...ONE_ADDRESS_ENV,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    url = `ws://127.0.0.1:${port}`;
    // Never leave the server behind, whatever ends this process.
    const child = server;
    process.on("exit", () => child.kill("SIGKILL"));
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
      process.once(signal, () => process.exit(130));
  }
  const httpBase = url.replace(/^ws/, "http");
  const host = new URL(httpBase).hostname;
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") throw new Error("loopback only");
  for (let i = 0; !(await health(httpBase)); i++) {
    if (i > 200) throw new Error("server did not start");
    await sleep(100);
  }
  console.log(
    `load test: ${o.rooms} rooms × ${o.clients} clients = ${total} clients, ${o.workers} generator process(es), ` +
      `warm-up ${o.warmup}s, measured ${o.duration}s, planning ${o.planning}s`,
  );

  // Generators get whole rooms.
  const self = fileURLToPath(import.meta.url);
  const perWorker = Math.ceil(o.rooms / o.workers);
  const reportDir = mkdtempSync(join(tmpdir(), "cq-loadtest-reports-"));
  const reports: Promise<WorkerReport>[] = [];
  const workers: ChildProcess[] = [];
  for (let w = 0; w < o.workers; w++) {
    const rooms = Math.min(perWorker, o.rooms - w * perWorker);
    if (rooms <= 0) break;
    const task: WorkerTask = {
      url,
      rooms,
      clients: o.clients,
      firstRoom: w * perWorker,
      // Later workers start joining later; all measure the same wall-clock window.
      warmupMs: o.warmup * 1000,
      durationMs: o.duration * 1000,
      planning: o.planning,
      reportFile: join(reportDir, `generator-${w}.json`),
    };
    const child = fork(self, ["--worker", JSON.stringify(task)], { execArgv: ["--import", "tsx"] });
    // On a small machine the generators compete with the server for CPU: give the server priority.
    try {
      if (child.pid) setPriority(child.pid, 10);
    } catch {
      // not permitted: run as is
    }
    workers.push(child);
    reports.push(
      new Promise((resolve, reject) => {
        child.once("exit", (code) => {
          try {
            resolve(JSON.parse(readFileSync(task.reportFile, "utf8")) as WorkerReport);
          } catch {
            reject(new Error(`generator exited with ${code} and no report`));
          }
        });
      }),
    );
  }

  // Sample the server over the measured window.
  const samples: { t: number; h: Health }[] = [];
  const sampler = (async () => {
    await sleep(o.warmup * 1000);
    const end = Date.now() + o.duration * 1000;
    while (Date.now() <= end) {
      const h = await health(httpBase);
      if (h) samples.push({ t: Date.now(), h });
      await sleep(1000);
    }
  })();
  const hardStop = setTimeout(
    () => {
      console.error("load test: hard time limit reached");
      for (const w of workers) w.kill("SIGKILL");
      server?.kill("SIGKILL");
      process.exit(2);
    },
    (o.warmup + o.duration + 120) * 1000,
  );

  const results = await Promise.all(reports);
  await sampler;
  clearTimeout(hardStop);
  server?.kill("SIGTERM");

  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const joined = results.reduce((s, r) => s + r.joined, 0);
  const bytes = results.reduce((s, r) => s + r.bytes, 0);
  const rejected = results.reduce((s, r) => s + r.rejected, 0);
  const timeouts = results.reduce((s, r) => s + r.timeouts, 0);
  const years = results.reduce((s, r) => s + r.years, 0);
  const joinErrors = results.flatMap((r) => r.joinErrors);
  const first = samples[0];
  const last = samples[samples.length - 1];
  const cpu =
    first && last && last.t > first.t
      ? ((last.h.cpuUserUs + last.h.cpuSystemUs - first.h.cpuUserUs - first.h.cpuSystemUs) /
          1000 /
          (last.t - first.t)) *
        100
      : Number.NaN;
  const rssPeak = Math.max(...samples.map((s) => s.h.rssBytes));
  const ccu = Math.max(...samples.map((s) => s.h.ccu));
  const seconds = o.duration;
  const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");

  console.log("");
  console.log(
    `clients joined        ${joined} / ${total}${joinErrors.length ? ` (${joinErrors.length} join errors: ${[...new Set(joinErrors)].slice(0, 3).join("; ")})` : ""}`,
  );
  console.log(`CCU (server)          ${ccu} in ${Math.max(...samples.map((s) => s.h.rooms))} rooms`);
  console.log(
    `actions measured      ${latencies.length} accepted (${fmt(latencies.length / seconds)}/s), ${rejected} refused by the rules, ${timeouts} unanswered in 5 s`,
  );
  console.log(
    `action→patch latency  p50 ${fmt(percentile(latencies, 50), 0)} ms · p95 ${fmt(percentile(latencies, 95), 0)} ms · p99 ${fmt(percentile(latencies, 99), 0)} ms · max ${fmt(latencies.at(-1) ?? Number.NaN, 0)} ms`,
  );
  console.log(`years resolved        ${years} (all rooms, in the window)`);
  console.log(`server CPU            ${fmt(cpu)} % of one core (mean over the window)`);
  const serverLoopP99 = Math.max(...samples.slice(1).map((s) => s.h.eventLoopDelayMs.p99));
  console.log(`server event loop     p99 delay ${fmt(serverLoopP99)} ms (worst 1-s sample)`);
  console.log(
    `generators            CPU ${results.map((r) => fmt(r.cpuPercent, 0)).join(", ")} % of a core · event-loop p99 ${results.map((r) => fmt(r.loopP99, 0)).join(", ")} ms (saturated generators inflate the latencies)`,
  );
  console.log(`server memory         ${fmt(rssPeak / 2 ** 20)} MB RSS peak`);
  console.log(
    `downstream            ${fmt(bytes / joined / seconds / 1024, 2)} KB/s per client (mean; patches + messages)`,
  );
  process.exit(0);
}

if (process.argv.includes("--worker")) {
  const task = JSON.parse(process.argv[process.argv.indexOf("--worker") + 1]) as WorkerTask;
  runWorker(task).then(
    (r) => {
      writeFileSync(task.reportFile, JSON.stringify(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
