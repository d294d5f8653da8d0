// `npm run floodtest`: a victim room's action→patch latency while another room floods the server.
//
// A real server process on loopback (default limits). The victim: a host and a student; the student
// toggles a policy every 150 ms (under the per-client limit) and times each action until the patch that shows it arrives. First a
// quiet baseline, then the same while a separate process floods from another room: bad shapes
// ({type:{toString:1}}) on every channel as fast as the socket takes them, chat at the allowed rate from
// many clients, and join attempts (guessed codes, and kicked clients coming back).
//
//   npm run floodtest                         10 s baseline, 20 s flood
//   npm run floodtest -- --baseline 5 --flood 10 --flooders 30
//   FLOOD_KINDS=chat npm run floodtest       one kind of flood only (bad, chat, joins; comma-separated)
//   FLOOD_KINDS=none npm run floodtest       the control: flooding clients connected but silent, which
//                                           shows how much of the figure is the machine, not the flood
//   npm run floodtest -- --priority -10     server and victim ahead of other work on a shared machine
//                                           (needs the right to raise priority; the flooder stays at +10)
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "colyseus.js";
import { CMD } from "../shared/protocol.js";
import { freePort } from "./free-port.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const SETTINGS = { planningSeconds: 600, reportSeconds: 120, rounds: 10, bots: false, size: 64 as const };

// ---------------------------------------------------------------------------------------------
// The flooding process

async function flooder(url: string, clients: number): Promise<void> {
  // colyseus.js logs every refused join: thousands of lines here.
  console.error = () => undefined;
  console.warn = () => undefined;
  let stopping = false;
  process.on("message", () => {
    stopping = true;
  });
  const sent = { bad: 0, chat: 0, joins: 0, kicked: 0 };
  const host = await new Client(url).create("city", { nickname: "flood host", settings: SETTINGS });
  host.onMessage("*", () => undefined);
  const code = host.roomId;
  const rooms: Room[] = [];
  for (let i = 0; i < clients; i++) {
    try {
      const r = await new Client(url).joinById(code, { nickname: `f${i}` });
      r.onMessage("*", () => undefined);
      rooms.push(r);
    } catch {
      // capped: fine
    }
  }
  process.send?.({ ready: rooms.length });
  const chatters = rooms.slice(0, Math.ceil(rooms.length / 2));
  const shapers = rooms.slice(chatters.length);
  for (const r of rooms) r.onLeave(() => sent.kicked++);
  // Chat at the allowed rate (8 a second each).
  const kinds = (process.env.FLOOD_KINDS ?? "bad,chat,joins").split(",");
  const chatTimer = setInterval(() => {
    if (!kinds.includes("chat")) return;
    for (const r of chatters) {
      if (!r.connection.isOpen) continue;
      r.send(CMD, { type: "chat", text: `spam ${sent.chat}` });
      sent.chat++;
    }
  }, 125);
  // Bad shapes as fast as the sockets take them, on "cmd" and other channels.
  const shapeTimer = setInterval(() => {
    if (!kinds.includes("bad")) return;
    for (const r of shapers) {
      if (!r.connection.isOpen) continue;
      for (let k = 0; k < 20; k++) {
        r.send(k % 2 ? CMD : "shout", { type: { toString: 1 } });
        sent.bad++;
      }
    }
  }, 5);
  // Joins: guessed codes, and the flood room again (kicked clients are in their cool-down).
  const joinLoop = (async () => {
    while (!stopping && kinds.includes("joins")) {
      const target = sent.joins % 2 ? code : "AAAAAA";
      sent.joins++;
      await new Client(url)
        .joinById(target, { nickname: `j${sent.joins}` })
        .then((r) => {
          r.onMessage("*", () => undefined);
          return r.leave(true);
        })
        .catch(() => undefined);
    }
  })();
  while (!stopping) await sleep(100);
  clearInterval(chatTimer);
  clearInterval(shapeTimer);
  await joinLoop;
  process.send?.(sent);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The measuring process

async function measure(student: Room, district: number, seconds: number): Promise<number[]> {
  const out: number[] = [];
  let refusals = 0;
  const codes = new Set<string>();
  const end = Date.now() + seconds * 1000;
  const policiesOf = () =>
    ((student.state as { districts?: { policies: string }[] }).districts?.[district]?.policies ?? "").split(
      ",",
    );
  while (Date.now() < end) {
    const want = !policiesOf().includes("festival");
    const t0 = performance.now();
    const seen = new Promise<void>((resolve) => {
      const check = () => {
        if (policiesOf().includes("festival") === want) {
          off();
          resolve();
        }
      };
      const sub = student.onStateChange(check);
      const off = () => sub?.clear?.();
    });
    const refused = new Promise<"refused">((resolve) => {
      const off = student.onMessage("error", (e: { code: string }) => {
        off();
        codes.add(e.code);
        resolve("refused");
      });
    });
    student.send(CMD, { type: "action", action: { type: "setPolicy", policy: "festival", enabled: want } });
    const timeout = sleep(5000).then(() => "timeout" as const);
    const r = await Promise.race([seen, refused, timeout]);
    if (r === "refused") refusals++;
    else out.push(r === "timeout" ? 5000 : performance.now() - t0);
    await sleep(150); // under the per-client limit (8 messages a second)
  }
  if (refusals > 0) console.log(`  (${refusals} actions refused, not timed: ${[...codes].join(", ")})`);
  return out;
}

function summary(xs: number[]) {
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    samples: xs.length,
    p50: r(percentile(xs, 50)),
    p95: r(percentile(xs, 95)),
    p99: r(percentile(xs, 99)),
    max: r(Math.max(...xs)),
  };
}

async function main(): Promise<void> {
  const baseline = arg("baseline", 10);
  const flood = arg("flood", 20);
  const flooders = arg("flooders", 30);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "cq-flood-"));
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", CQ_DB_PATH: join(dir, "flood.db") },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let serverLog = 0;
  server.stderr?.on("data", (d: Buffer) => {
    serverLog += d.length;
  });
  process.on("exit", () => server.kill("SIGKILL"));
  const priority = arg("priority", 0);
  if (priority !== 0) {
    // A machine shared with other work: give the server and the measuring client the priority a
    // dedicated server would have (the flood itself stays at +10).
    try {
      if (server.pid) setPriority(server.pid, priority);
      setPriority(0, priority);
    } catch (e) {
      console.log(`(priority ${priority} not permitted: ${String(e)})`);
    }
  }
  const url = `ws://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    if (i > 300) throw new Error("server did not start");
    await sleep(100);
  }
  const host = await new Client(url).create("city", { nickname: "victim host", settings: SETTINGS });
  const student = await new Client(url).joinById(host.roomId, { nickname: "victim" });
  const you = await new Promise<{ district: number }>((r) => student.onMessage("you", r));
  student.onMessage("*", () => undefined);
  host.onMessage("*", () => undefined);
  host.send(CMD, { type: "host.start" });
  await sleep(500);

  console.log(`Baseline: ${baseline} s of actions in the victim room…`);
  const quiet = await measure(student, you.district, baseline);

  console.log(`Flood: ${flood} s, ${flooders} flooding clients in another room (separate process)…`);
  const self = fileURLToPath(import.meta.url);
  const child = fork(self, ["--flooder", url, String(flooders)], { execArgv: ["--import", "tsx"] });
  try {
    if (child.pid) setPriority(child.pid, 10);
  } catch {
    // not permitted: fine
  }
  const messages: Record<string, unknown>[] = [];
  const next = () =>
    new Promise<Record<string, unknown>>((resolve) => {
      const poll = () => (messages.length > 0 ? resolve(messages.shift()!) : setTimeout(poll, 50));
      poll();
    });
  child.on("message", (m) => messages.push(m as Record<string, unknown>));
  const ready = await next();
  console.log(`  ${String(ready.ready)} flooding clients joined; flooding…`);
  await sleep(1000); // the flood gets going
  const healthUrl = `http://127.0.0.1:${port}/api/health`;
  type Health = { cpuUserUs: number; cpuSystemUs: number; eventLoopDelayMs: { p99: number; max: number } };
  const before = (await (await fetch(healthUrl)).json()) as Health; // resets the loop-delay histogram
  const t0 = Date.now();
  const loud = await measure(student, you.district, flood);
  const after = (await (await fetch(healthUrl)).json()) as Health;
  const wall = (Date.now() - t0) * 1000;
  child.send("stop");
  const sent = await next();
  const health = {
    serverCpuDuringFlood: `${Math.round(((after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs) / wall) * 100)}% of a core`,
    serverEventLoopDelayDuringFloodMs: {
      p99: Math.round(after.eventLoopDelayMs.p99 * 10) / 10,
      max: Math.round(after.eventLoopDelayMs.max * 10) / 10,
    },
  };
  const result = {
    baseline: summary(quiet),
    underFlood: summary(loud),
    floodSent: sent,
    serverStderrBytes: serverLog,
    serverAlive: server.exitCode === null,
    health,
  };
  console.log(JSON.stringify(result, null, 2));
  const ok = result.underFlood.p99 < 50 && result.serverAlive;
  console.log(
    `${ok ? "OK" : "OVER BUDGET"}: victim action→patch p50/p99 ${result.baseline.p50}/${result.baseline.p99} ms quiet, ` +
      `${result.underFlood.p50}/${result.underFlood.p99} ms under flood (target p99 < 50 ms).`,
  );
  server.kill("SIGTERM");
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes("--flooder")) {
  const i = process.argv.indexOf("--flooder");
  await flooder(process.argv[i + 1], Number(process.argv[i + 2]));
} else await main();
