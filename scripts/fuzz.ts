// `npm run fuzz`: random and mutated input against a real server process on loopback.
//
// A room is created (host, students, a projector); every fuzz message is followed by a ping on the same
// connection, so that the pong marks the end of that message's answer (an error with its code, or
// nothing: accepted). Messages: valid actions, actions on other districts' tiles, mutated fields, wrong
// types, odd keys (__proto__, constructor, objects in place of strings), host commands from students,
// other channels, binary frames and undecodable garbage; and HTTP requests with odd paths, methods and
// bodies. At the end everyone leaves, the room saves its snapshot, and the saved action log is replayed
// through the shared rules: if a refused message had changed the state, the replay would differ.
//
//   npm run fuzz                           100,000 messages (default)
//   npm run fuzz -- --messages 2000 --seed 7
//   FUZZ_MESSAGES=5000 npm run fuzz
//
// Reports: server exits, unanswered messages, answers per code, HTTP statuses, and state changes from
// refused messages. Exits non-zero if any of the three is not 0.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "colyseus.js";
import { SnapshotStore } from "../server/storage.js";
import { stateHash } from "../shared/hash.js";
import {
  ANCHOR_KINDS,
  BUILDABLE,
  CITY_POLICY_KINDS,
  CONVERSIONS,
  DISTRICT_POLICY_KINDS,
  LINK_KINDS,
} from "../shared/kinds.js";
import { chunkOf, type RoomStateView } from "../shared/mirror.js";
import { CMD } from "../shared/protocol.js";
import { step } from "../shared/replay.js";
import { createGame, scenarioById } from "../shared/scenario.js";
import { CITY_EVENTS } from "../shared/state.js";
import { freePort } from "./free-port.js";

export interface FuzzOptions {
  messages: number;
  seed: number;
  /** Students in the room (each a connection sending fuzz). */
  students: number;
  /** Messages in flight per connection. */
  window: number;
  /** Share of the messages that are HTTP requests. */
  httpShare: number;
  log: (line: string) => void;
}

export interface FuzzReport {
  messages: number;
  wsMessages: number;
  httpRequests: number;
  serverExits: number;
  unanswered: number;
  answers: Record<string, number>;
  httpStatuses: Record<string, number>;
  refused: number;
  stateChangesFromRefused: number;
  replayedEntries: number;
  seconds: number;
  serverErrorLines: number;
}

/** A small seeded PRNG (mulberry32): the same seed sends the same messages. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

const HOST_TYPES = [
  "host.start",
  "host.pause",
  "host.resume",
  "host.addTime",
  "host.endPlanning",
  "host.endGame",
  "host.kick",
  "host.muteChat",
  "host.injectEvent",
  "host.assignSeat",
  "host.setBots",
  "host.setBotStrategy",
  "host.decree",
  "host.approveSeat",
  "host.setJoinCap",
];

/** Host controls the host itself does not fuzz: they would end the run (kicks, the game's end) or
 * race the game to its last year; the game advances through occasional host.endPlanning instead. */
const HOST_LEFT_OUT = ["host.kick", "host.endGame", "host.endPlanning", "host.start", "host.setJoinCap"];

const ODD_VALUES: unknown[] = [
  null,
  true,
  -1,
  1e308,
  -0,
  Number.NaN,
  "",
  "x".repeat(3000),
  "__proto__",
  [],
  [1, 2, 3],
  {},
  { toString: 1 },
  { valueOf: "x" },
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  "<script>alert(1)</script>",
  "\u0000\uffff",
  2 ** 31,
  0.5,
];

const ODD_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "type", "x", ""];

function validAction(r: Rng, v: RoomStateView | null, district: number): Record<string, unknown> {
  const ready = v !== null && v.width > 0 && Array.isArray(v.chunks) && v.chunks.length > 0;
  const size = ready ? v.width : 24;
  const own = () => {
    // A tile of this district when the state is known (accepted more often), else anywhere.
    if (ready && district >= 0) {
      for (let i = 0; i < 20; i++) {
        const idx = r.int(size * size);
        const { chunk, inner } = chunkOf(v.width, v.height, idx);
        if (v.chunks[chunk]?.tiles[inner]?.district === district)
          return { x: idx % size, y: Math.floor(idx / size) };
      }
    }
    return { x: r.int(size), y: r.int(size) };
  };
  const p = own();
  switch (r.int(11)) {
    case 0:
      return { type: "placeAnchor", ...p, anchor: r.pick(ANCHOR_KINDS) };
    case 1:
      return { type: "convertFactory", ...p, to: r.pick(CONVERSIONS) };
    case 2:
      return { type: "build", ...p, use: r.pick(BUILDABLE) };
    case 3:
      return { type: "demolish", ...p };
    case 4:
      return { type: "forgeLink", from: p, to: own(), kind: r.pick(LINK_KINDS) };
    case 5:
      return { type: "cutLink", link: 1 + r.int(20) };
    case 6:
      return { type: "setPolicy", policy: r.pick(DISTRICT_POLICY_KINDS), enabled: r.chance(0.5) };
    case 7:
      return { type: "protectSpace", ...p, protect: r.chance(0.5) };
    case 8:
      return { type: "voteCityPolicy", policy: r.pick(CITY_POLICY_KINDS), vote: r.chance(0.5) };
    case 9:
      return { type: "proposeDeal", to: r.int(8), amount: r.int(21) - 10 };
    default:
      return { type: "respondProposal", proposal: 1 + r.int(30), accept: r.chance(0.5) };
  }
}

function hostMessage(r: Rng, players: string[]): Record<string, unknown> {
  const type = r.pick(HOST_TYPES);
  switch (type) {
    case "host.addTime":
      return { type, seconds: r.int(121) - 60 };
    case "host.kick":
    case "host.approveSeat":
      return { type, player: r.chance(0.5) ? r.pick(players) : `nobody-${r.int(100)}` };
    case "host.muteChat":
      return { type, muted: r.chance(0.5) };
    case "host.injectEvent":
      return { type, event: r.pick(CITY_EVENTS) };
    case "host.assignSeat":
      return { type, player: r.pick(players), district: r.int(12) };
    case "host.setBots":
      return { type, enabled: r.chance(0.5) };
    case "host.setBotStrategy":
      return { type, strategy: r.pick(["mixed", "cooperative"]) };
    case "host.decree":
      return { type, policy: r.pick(CITY_POLICY_KINDS), enabled: r.chance(0.5) };
    case "host.setJoinCap":
      return { type, perAddress: 1 + r.int(80) };
    default:
      return { type };
  }
}

/** A message mutated: a field dropped, retyped, replaced by an odd value, or an odd key added. */
function mutate(r: Rng, m: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = { ...m };
  const keys = Object.keys(out);
  switch (r.int(6)) {
    case 0:
      delete out[r.pick(keys)];
      return out;
    case 1:
      out[r.pick(keys)] = r.pick(ODD_VALUES);
      return out;
    case 2:
      Object.defineProperty(out, r.pick(ODD_KEYS), { value: r.pick(ODD_VALUES), enumerable: true });
      return out;
    case 3:
      if (out.action && typeof out.action === "object")
        out.action = mutate(r, out.action as Record<string, unknown>);
      else out.type = r.pick(ODD_VALUES);
      return out;
    case 4:
      return r.pick(ODD_VALUES);
    default:
      return {
        type: r.pick(["action", "chat", "ping", ...HOST_TYPES, "nope", "HOST.START"]),
        extra: r.pick(ODD_VALUES),
      };
  }
}

interface Outstanding {
  t: number;
  code: string | null;
}

/** One connection sending fuzz: each message is followed by a ping; answers are matched in order. */
class Fuzzer {
  private readonly queue: Outstanding[] = [];
  private waiters: (() => void)[] = [];
  private nextT = 1;
  closed = false;
  closeCode = 0;
  district = -1;
  playerId = "";
  private cached: RoomStateView | null = null;
  private stale = true;
  private reads = 0;
  /** The synced state, converted at most every 50 reads (toJSON of a whole map is not free). */
  get view(): RoomStateView | null {
    if (this.stale && (this.cached === null || ++this.reads % 50 === 0)) {
      const st = this.room.state as { toJSON?: () => RoomStateView } | undefined;
      if (st?.toJSON) {
        this.cached = st.toJSON();
        this.stale = false;
      }
    }
    return this.cached;
  }
  constructor(
    readonly name: string,
    readonly room: Room,
    private readonly report: FuzzReport,
    private readonly refusedCodes: Map<string, number>,
  ) {
    room.onMessage("*", (type, message) => {
      if (type === "error") {
        const head = this.queue[0];
        if (head && head.code === null) head.code = String((message as { code?: unknown })?.code ?? "?");
      } else if (type === "pong") {
        const t = (message as { t: number }).t;
        const head = this.queue.shift();
        if (!head || head.t !== t) this.report.unanswered++; // out of order: should not happen
        if (head) this.settle(head.code);
        this.wake();
      } else if (type === "you") {
        const y = message as { district: number; playerId: string };
        this.district = y.district;
        this.playerId = y.playerId;
      }
    });
    room.onStateChange(() => {
      this.stale = true;
    });
    room.onLeave((code) => {
      this.closed = true;
      this.closeCode = code;
      // Whatever was in flight will never be answered.
      this.report.unanswered += this.queue.length;
      this.queue.length = 0;
      this.wake();
    });
  }
  private settle(code: string | null) {
    const key = code ?? "accepted";
    this.report.answers[key] = (this.report.answers[key] ?? 0) + 1;
    if (code !== null) this.refusedCodes.set(code, (this.refusedCodes.get(code) ?? 0) + 1);
  }
  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
  /** Sends one fuzz frame (`send` does it) and its ping, waiting while `window` are in flight. */
  async push(window: number, send: () => void): Promise<void> {
    while (this.queue.length >= window && !this.closed) await new Promise<void>((r) => this.waiters.push(r));
    if (this.closed) {
      this.report.unanswered++;
      return;
    }
    const t = this.nextT++;
    this.queue.push({ t, code: null });
    send();
    this.room.send(CMD, { type: "ping", t });
  }
  async drain(timeoutMs: number): Promise<void> {
    const start = Date.now();
    while (this.queue.length > 0 && !this.closed && Date.now() - start < timeoutMs)
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    this.report.unanswered += this.queue.length;
    this.queue.length = 0;
  }
}

function httpFuzz(r: Rng, port: number, report: FuzzReport): Promise<void> {
  const paths = [
    "/%ff",
    "/%",
    "/api/%E0%A4%A",
    "/api/health",
    "/api/scenarios",
    "/api/nope",
    "/matchmake/create/city",
    "/matchmake/joinById/AAAAAA",
    "/matchmake/joinOrCreate/city",
    "/matchmake/reconnect/AAAAAA",
    "/matchmake/",
    "/x/matchmake/%ff",
    "/../../etc/passwd",
    "/..%2f..%2fetc%2fpasswd",
    "/assets/none.js",
    `/${"a".repeat(2000)}`,
    "/?code=<script>",
  ];
  const bodies = [
    "",
    "{",
    "null",
    "[]",
    "5",
    '{"nickname":{"toString":1}}',
    '{"nickname":"x","settings":{"size":"huge"}}',
    '{"__proto__":{"polluted":true},"nickname":"p"}',
    JSON.stringify({ nickname: "r", restore: { code: "AAAAAA", hostToken: "x".repeat(20) } }),
  ];
  const method = r.pick(["GET", "GET", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "BREW"]);
  const path = r.pick(paths);
  const body = method === "GET" || method === "HEAD" ? undefined : r.pick(bodies);
  return new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () => {
        const k = String(res.statusCode);
        report.httpStatuses[k] = (report.httpStatuses[k] ?? 0) + 1;
        resolve();
      });
    });
    const fail = (what: string) => {
      report.httpStatuses[what] = (report.httpStatuses[what] ?? 0) + 1;
      if (what === "timeout") report.unanswered++;
      resolve();
    };
    req.on("timeout", () => {
      req.destroy();
      fail("timeout");
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      // A method node's parser refuses outright is closed by the server: counted, answered (closed).
      if (!req.destroyed || e.code !== "ECONNRESET") fail(`error:${e.code ?? "?"}`);
      else fail("closed");
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function startServer(
  dbPath: string,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      CQ_DB_PATH: dbPath,
      // The fuzz exercises the door's parsing; the rate limiter is tested on its own.
      CQ_RATE_LIMIT: "1000000,1000000,1000000,1000000",
      CQ_JOIN_FAILURE_BURST: "1000000",
      CQ_MATCHMAKE_BURST: "1000000",
      CQ_KICK_COOLDOWN_SECONDS: "0",
      CQ_BAD_INPUT_LOG_PER_MINUTE: "20",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {
      // not yet
    }
    if (i > 300) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, port, output: () => out };
}

export async function runFuzz(partial: Partial<FuzzOptions> = {}): Promise<FuzzReport> {
  const o: FuzzOptions = {
    messages: 100_000,
    seed: 12,
    students: 6,
    window: 32,
    httpShare: 0.02,
    log: (l) => console.log(l),
    ...partial,
  };
  const r = rng(o.seed);
  const report: FuzzReport = {
    messages: 0,
    wsMessages: 0,
    httpRequests: 0,
    serverExits: 0,
    unanswered: 0,
    answers: {},
    httpStatuses: {},
    refused: 0,
    stateChangesFromRefused: 0,
    replayedEntries: 0,
    seconds: 0,
    serverErrorLines: 0,
  };
  const refusedCodes = new Map<string, number>();
  const dir = mkdtempSync(join(tmpdir(), "cq-fuzz-"));
  const dbPath = join(dir, "fuzz.db");
  const server = await startServer(dbPath);
  let exited = false;
  server.child.once("exit", () => {
    exited = true;
  });
  const url = `ws://127.0.0.1:${server.port}`;
  const started = Date.now();
  const settings = {
    rounds: 40,
    planningSeconds: 600,
    reportSeconds: 120,
    size: 24 as const,
    bots: true,
    seed: o.seed,
  };
  try {
    const hostRoom = await new Client(url).create("city", { nickname: "Fuzz host", settings });
    const code = hostRoom.roomId;
    const host = new Fuzzer("host", hostRoom, report, refusedCodes);
    const fuzzers: Fuzzer[] = [host];
    for (let i = 0; i < o.students; i++)
      fuzzers.push(
        new Fuzzer(
          `s${i}`,
          await new Client(url).joinById(code, { nickname: `fuzz${i}` }),
          report,
          refusedCodes,
        ),
      );
    fuzzers.push(
      new Fuzzer(
        "projector",
        await new Client(url).joinById(code, { projector: true }),
        report,
        refusedCodes,
      ),
    );
    // The game runs: the host starts it, and ends planning now and then (logged resolutions).
    await host.push(o.window, () => hostRoom.send(CMD, { type: "host.start" }));
    const players = () => fuzzers.map((f) => f.playerId).filter(Boolean);

    let sent = 0;
    const perFuzzer = async (f: Fuzzer, share: number) => {
      for (let i = 0; i < share; i++) {
        if (exited) return;
        if (r.chance(o.httpShare)) {
          report.httpRequests++;
          await httpFuzz(r, server.port, report);
          continue;
        }
        const roll = r.next();
        report.wsMessages++;
        sent++;
        if (f === host && roll < 0.05) {
          // The host's own controls (valid; kicks and the end of the game left out: they end the run).
          let m = hostMessage(r, players());
          while (HOST_LEFT_OUT.includes(String(m.type))) m = hostMessage(r, players());
          await f.push(o.window, () => f.room.send(CMD, m));
        } else if (roll < 0.35) {
          const action = validAction(r, f.view, f.district);
          await f.push(o.window, () => f.room.send(CMD, { type: "action", action }));
        } else if (roll < 0.45) {
          // Actions on someone else's tiles.
          const other = (f.district + 1 + r.int(5)) % 6;
          const action = validAction(r, f.view, other);
          await f.push(o.window, () => f.room.send(CMD, { type: "action", action }));
        } else if (roll < 0.6) {
          const base = r.chance(0.5)
            ? { type: "action", action: validAction(r, f.view, f.district) }
            : hostMessage(r, players());
          const m = mutate(r, base);
          await f.push(o.window, () => f.room.send(CMD, m));
        } else if (roll < 0.7) {
          const m = hostMessage(r, players());
          if (f === host && HOST_LEFT_OUT.includes(String(m.type))) m.type = `${m.type}.not`;
          await f.push(o.window, () => f.room.send(CMD, m));
        } else if (roll < 0.75) {
          const text = r.chance(0.9) ? `hello ${r.int(1000)}` : r.pick(ODD_VALUES);
          await f.push(o.window, () => f.room.send(CMD, { type: "chat", text, team: r.chance(0.3) }));
        } else if (roll < 0.83) {
          const channel = r.pick([
            "shout",
            "action",
            "__proto__",
            "constructor",
            "toString",
            "",
            "*",
            7,
            0,
            255,
          ]);
          await f.push(o.window, () => f.room.send(channel, r.pick(ODD_VALUES)));
        } else if (roll < 0.88) {
          const bytes = new Uint8Array(1 + r.int(64)).map(() => r.int(256));
          await f.push(o.window, () => f.room.sendBytes(r.pick([CMD, "bytes", 3]), bytes));
        } else if (roll < 0.95) {
          // Raw frames: a data frame with garbage after it, or no known protocol code. (Codes 10 and 12
          // are the join acknowledgement and a consented leave: not fuzz.)
          const len = 1 + r.int(48);
          const frame = new Uint8Array(len).map(() => r.int(256));
          frame[0] = r.pick([13, 17, 11, 0, 1, 255, 99]);
          await f.push(o.window, () => f.room.connection.send(frame));
        } else {
          await f.push(o.window, () => f.room.send(CMD, { type: "action", action: r.pick(ODD_VALUES) }));
        }
        if (f === host && r.chance(0.002))
          await host.push(o.window, () => hostRoom.send(CMD, { type: "host.endPlanning" }));
        if (sent % 10_000 === 0) o.log(`  ${sent} messages sent…`);
      }
    };
    const wsTotal = o.messages;
    const share = Math.ceil(wsTotal / fuzzers.length);
    await Promise.all(fuzzers.map((f) => perFuzzer(f, share)));
    await Promise.all(fuzzers.map((f) => f.drain(15_000)));
    report.messages = report.wsMessages + report.httpRequests;
    for (const f of fuzzers)
      if (f.closed && f.closeCode !== 1000) o.log(`  ${f.name} was closed (${f.closeCode})`);

    // Everyone leaves: the room saves its snapshot; then the log is replayed.
    const leftAt = Date.now();
    for (const f of fuzzers) if (!f.closed) await f.room.leave(true).catch(() => undefined);
    const store = await (async () => {
      for (let i = 0; i < 150; i++) {
        const s = new SnapshotStore(dbPath);
        const snap = s.load(code);
        // Written when the room closed (after everyone left).
        if (snap && snap.savedAt >= leftAt) return { s, snap };
        s.close();
        await new Promise((res) => setTimeout(res, 200));
      }
      throw new Error("the room was not saved");
    })();
    const { snap } = store;
    const scenario = scenarioById(snap.settings.scenario);
    if (!scenario) throw new Error(`unknown scenario ${snap.settings.scenario}`);
    let state = createGame(scenario, {
      seed: snap.settings.seed as number,
      size: snap.settings.size,
      districts: snap.settings.districts,
      years: snap.settings.rounds,
    });
    for (const e of snap.log) state = step(state, e);
    report.replayedEntries = snap.log.length;
    report.stateChangesFromRefused = stateHash(state) === stateHash(snap.state) ? 0 : 1;
    store.s.close();
  } finally {
    report.refused = [...refusedCodes.values()].reduce((a, b) => a + b, 0);
    report.seconds = Math.round((Date.now() - started) / 100) / 10;
    if (server.child.exitCode !== null) report.serverExits = 1;
    report.serverErrorLines = server
      .output()
      .split("\n")
      .filter((l) => /uncaught|unhandled|TypeError|at .*\(/.test(l)).length;
    server.child.kill("SIGTERM");
  }
  return report;
}

function arg(name: string, env: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : process.env[env];
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) ? n : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const messages = arg("messages", "FUZZ_MESSAGES", 100_000);
  const seed = arg("seed", "FUZZ_SEED", 12);
  console.log(`Fuzzing a server on loopback with ${messages} messages (seed ${seed})…`);
  const report = await runFuzz({ messages, seed });
  console.log(JSON.stringify(report, null, 2));
  const ok = report.serverExits === 0 && report.unanswered === 0 && report.stateChangesFromRefused === 0;
  console.log(
    `${ok ? "OK" : "FAILED"}: ${report.messages} messages (${report.wsMessages} WebSocket, ${report.httpRequests} HTTP) in ${report.seconds} s; ` +
      `${report.serverExits} server exits, ${report.unanswered} unanswered, ${report.refused} refused, ` +
      `${report.stateChangesFromRefused} state changes from refused messages (replayed ${report.replayedEntries} log entries).`,
  );
  process.exit(ok ? 0 : 1);
}
