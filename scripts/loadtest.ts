// `npm run loadtest`: N rooms × M clients on loopback against a real server process, playing like a
// class (one action every few seconds each; short planning phases so years resolve). Prints CCU,
// action-to-patch latency (p50/p95/p99), server CPU and memory, bytes per second per client, clients lost
// (counted per reason), the server's event-loop delay and worst stall (from /api/health), the time from
// the planning clock's end to each room's year report (as the clients see it), the size of the first full
// state, and a raw WebSocket echo baseline measured in the same window at the same load, printed as a
// ratio beside action→patch. If the hard time limit hits, the generators are asked for their figures so far.
//
// The echo baseline: a minimal `ws` echo server in its own process on loopback, pinged during the measured
// window by probes that live in the same generator processes as the game's clients (one probe per room, at least 10 per generator,
// one 64-byte message every 0.5–1.5 s while its room is in planning, when its students act: both sample
// the same moments, not the year ends, when the generators decode every client's year patch). Each echo's time therefore contains everything an action's time
// contains except the game server: the generator's own event loop (its rooms' decoders and light clients),
// its share of the two cores, the kernel's loopback. Serving the echo from the game server's own process
// would hide the server's stalls in the baseline (the ratio would look good exactly when the server is
// slow); running it after the game, as before, measured an idle machine. The difference between
// action→patch and the echo is the game server's own contribution, and the ratio is comparable across
// machines.
//
//   npm run loadtest -- --rooms 50 --clients 30 --duration 60
//   npm run loadtest -- --rooms 1 --clients 300 --map 128     (a lecture hall: 40 districts, teams of 10)
//   LOADTEST_ROOMS=4 LOADTEST_CLIENTS=8 npm run loadtest
//
// The clients: each room has ONE client that decodes the state (the host, a colyseus.js client); its
// other players are light clients (scripts/loadtest-light.ts): real WebSockets that join through the
// matchmaker's seat reservation, answer the join handshake and the server's pings, send real actions,
// read the small messages meant for them ("you", "error", "yearReport"), and of each patch frame keep only
// its arrival time and a hash. Every client of a room is sent the same patch bytes in the same order, so
// decoding them once per room is enough; 3,000 full decoders on the server's own two cores measured the
// generators, not the server (they fell behind and missed the server's heartbeats). Action→patch stays
// exact: a light client's action is checked on its room decoder's state after each decoded patch; the
// first frame k showing the effect carries it, and the sample is the SENDER's own arrival of that same
// frame (its frame k − shift, the shift between the two clients' frame numbers found by matching their
// frame hashes; kept only if that frame's hash equals the decoder's frame k's) minus its send time.
// tests/server/loadtest-light.test.ts checks this against an independent full client. `--full-clients`
// makes every client a decoding colyseus.js client, as before.
//
// Every client of every room joins first; then all rooms start at one moment (a school's bell: their
// planning clocks, and so their year-ends, fall together), and the window begins `--warmup` s later.
//
// Options: --rooms, --clients (per room, host included), --duration (s, measured window), --warmup (s
// after the common start),
// --planning (s, ≥ 20), --workers (load-generator processes; default one per 300 clients),
// --url ws://host:port (use a running server instead of starting one; loopback only; several
// comma-separated URLs — processes sharing one Redis — spread the rooms over them: room r is created
// through URL r mod n, and its students join by code through the URLs in turn, so most joins cross
// processes),
// --map N (map side: one of shared/limits.ts's MAP_SIZES; default the scenario's), --districts N and
// --team N (default: the lecture hall's 40 and 10 at --map 128, else the scenario's and the room's),
// --no-echo (skip the echo baseline), --full-clients (every client decodes the state), --hard-limit (s; default warm-up + duration + 120: then the
// generators are asked for their figures so far, which are printed marked PARTIAL).
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { globalAgent } from "node:http";
import { freePort } from "./free-port.js";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { setPriority, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "colyseus.js";
import { WebSocket, WebSocketServer } from "ws";
import { CITY_POLICY_KINDS, DISTRICT_POLICY_KINDS } from "../shared/kinds.js";
import { LECTURE_HALL, MAP_SIZES } from "../shared/limits.js";
import { CHUNK_SIZE } from "../shared/mirror.js";
import { CMD } from "../shared/protocol.js";
import { type DecodingRoom, LightClient, RoomDecoder } from "./loadtest-light.js";
import { ONE_ADDRESS_ENV } from "./one-address.js";

interface Options {
  rooms: number;
  clients: number;
  duration: number;
  warmup: number;
  planning: number;
  workers: number;
  url: string;
  echo: boolean;
  full: boolean;
  hardLimit: number;
  map: number;
  districts: number;
  team: number;
}

interface WorkerTask {
  url: string;
  rooms: number;
  clients: number;
  firstRoom: number;
  warmupMs: number;
  durationMs: number;
  planning: number;
  /** Room settings beyond the defaults (map size, districts, team size). */
  settings: Record<string, number>;
  /** Every client decodes the state (--full-clients), instead of one decoder per room. */
  full: boolean;
  /** The echo server probed during the window ("" for none). */
  echoUrl: string;
  /** Where the generator writes its report (JSON). */
  reportFile: string;
}

interface WorkerReport {
  clients: number;
  joined: number;
  latencies: number[];
  rejected: number;
  timeouts: number;
  /** Light clients' actions whose patch frame could not be matched to the decoder's (should be 0). */
  unmatched: number;
  /** Light clients (not decoding) among the joined. */
  light: number;
  bytes: number;
  measuredMs: number;
  years: number;
  joinErrors: string[];
  /** The generator's own event-loop delay p99 (ms): if high, latencies measure the generator. */
  loopP99: number;
  /** The generator's CPU use over the window, % of one core. */
  cpuPercent: number;
  /** Clients that lost their connection before the end (not by our own leave), counted per reason. */
  lost: Record<string, number>;
  /** Of those, how many were lost inside the measured window. */
  lostInWindow: number;
  /** Planning clock's end (phaseEndsAt in the state) → arrival of yearReport, ms: the host's view, one per room-year. */
  yearLagRoom: number[];
  /** The same, every client's view. */
  yearLagClient: number[];
  /** True when the report was written early, at the coordinator's request (hard time limit). */
  partial: boolean;
  /** Echo probes: connected, round trips in the window (ms), unanswered in 5 s, lost (per reason). */
  echoProbes: number;
  echoLatencies: number[];
  echoTimeouts: number;
  echoLost: Record<string, number>;
  /** Sizes of the first full state each client received (bytes). */
  fullStates: number[];
}

/** Written by a generator when the coordinator asks (hard time limit) or when it is told to stop. */
let partialReport: { file: string; snapshot: () => unknown } | null = null;

function writePartialAndExit(): void {
  if (partialReport) {
    try {
      writeFileSync(partialReport.file, JSON.stringify(partialReport.snapshot()));
    } catch (e) {
      console.error("generator: could not write the partial report", e);
    }
  }
  process.exit(0);
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
/** Joins one generator has in flight at most. */
const JOINS_AT_ONCE = 8;
/** Colyseus' ROOM_STATE frame: a client's first full state. */
const ROOM_STATE = 14;
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
  districts: {
    at(i: number): { policies: string; votes: string; seatCount: number } | undefined;
    length: number;
  };
  chunks: {
    at(i: number): { tiles: { at(i: number): { use: string; district: number } | undefined } } | undefined;
  };
  proposals: { length: number; at(i: number): { id: number; from: number; to: number } | undefined };
};

/** What a simulated student needs of its connection (a full colyseus.js room, or a light client). */
interface Actor {
  state(): AnyState;
  send(message: Record<string, unknown>): void;
  onError(f: () => void): void;
  /** Times an action sent at `sentAt`; returns a cancel. */
  expect(
    sentAt: number,
    done: (s: unknown) => boolean,
    settle: (latencyMs: number | null) => void,
  ): () => void;
}

async function runWorker(task: WorkerTask): Promise<WorkerReport> {
  const report: WorkerReport = {
    clients: task.rooms * task.clients,
    joined: 0,
    latencies: [],
    rejected: 0,
    timeouts: 0,
    unmatched: 0,
    light: 0,
    bytes: 0,
    measuredMs: task.durationMs,
    years: 0,
    joinErrors: [],
    loopP99: 0,
    cpuPercent: 0,
    lost: {},
    lostInWindow: 0,
    yearLagRoom: [],
    yearLagClient: [],
    partial: false,
    echoProbes: 0,
    echoLatencies: [],
    echoTimeouts: 0,
    echoLost: {},
    fullStates: [],
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const start = Date.now();
  // Set when every generator has joined its rooms and the coordinator says go (all rooms start then).
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  const inWindow = (t: number) => t >= measureFrom && t < measureTo;
  const rooms: Room[] = [];
  /** Light clients' leaves. */
  const leavers: (() => Promise<void>)[] = [];
  let stopping = false;
  let loopOn = false;
  let cpuFrom: NodeJS.CpuUsage | null = null;
  let wallFrom = 0;
  /** Fills the generator's own figures (loop delay, CPU) from what has been measured so far. */
  const finish = () => {
    if (loopOn) loop.disable();
    loopOn = false;
    if (cpuFrom) {
      const cpu = process.cpuUsage(cpuFrom);
      report.cpuPercent = ((cpu.user + cpu.system) / 1000 / Math.max(1, Date.now() - wallFrom)) * 100;
      report.loopP99 = loop.percentile(99) / 1e6;
      cpuFrom = null;
    }
  };
  partialReport = {
    file: task.reportFile,
    snapshot: () => {
      stopping = true;
      finish();
      report.partial = true;
      report.measuredMs = Number.isFinite(measureFrom)
        ? Math.max(0, Math.min(Date.now(), measureTo) - measureFrom)
        : 0;
      return report;
    },
  };
  const watch = (room: Room, isHost: boolean) => {
    let lastError = "";
    room.onError((code, message) => {
      lastError = `${code}${message ? ` ${message}` : ""}`;
    });
    room.onLeave((code, reason) => {
      if (stopping) return;
      const why = `close ${code}${reason ? ` "${reason}"` : ""}${lastError ? ` after error ${lastError}` : ""}`;
      report.lost[why] = (report.lost[why] ?? 0) + 1;
      if (inWindow(Date.now())) report.lostInWindow++;
    });
    // The planning clock's end as this client last saw it; the year report's arrival is timed from it.
    let planningEnd = 0;
    room.onMessage("*", () => {});
    room.onStateChange((st) => {
      const s = st as unknown as { phase: string; phaseEndsAt: number };
      if (s.phase === "planning" && s.phaseEndsAt > 0) planningEnd = s.phaseEndsAt;
    });
    room.onMessage("yearReport", () => {
      const now = Date.now();
      if (planningEnd > 0 && inWindow(now)) {
        const lag = now - planningEnd;
        report.yearLagClient.push(lag);
        if (isHost) report.yearLagRoom.push(lag);
      }
      planningEnd = 0;
    });
  };

  const countBytes = (room: Room) => {
    const ws = (
      room.connection.transport as unknown as { ws: { onmessage: (e: { data: ArrayBuffer }) => void } }
    ).ws;
    const original = ws.onmessage;
    let first = true;
    ws.onmessage = (e) => {
      if (first && new Uint8Array(e.data)[0] === ROOM_STATE) {
        first = false;
        report.fullStates.push(e.data.byteLength);
      }
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

  /**
   * A student acting every 2–4 s. `actor` gives the room's decoded state (its own, or its room's decoder's
   * for a light client), sends, and times the action: `expect` calls back with the action→patch latency
   * once the patch carrying the action's effect has reached this client (null: not measurable).
   */
  const student = (actor: Actor, district: number) => {
    let pending: { what: string; sentAt: number; cancel: () => void } | null = null;
    const tileAt = (s: AnyState, i: number) => {
      const x = i % s.width;
      const y = Math.floor(i / s.width);
      const cols = Math.ceil(s.width / CHUNK_SIZE);
      const cx = Math.floor(x / CHUNK_SIZE);
      const cy = Math.floor(y / CHUNK_SIZE);
      const w = Math.min(CHUNK_SIZE, s.width - cx * CHUNK_SIZE);
      return s.chunks.at(cy * cols + cx)?.tiles.at((y - cy * CHUNK_SIZE) * w + (x - cx * CHUNK_SIZE));
    };
    const settle = (p: NonNullable<typeof pending>, latency: number | null) => {
      if (pending !== p) return;
      p.cancel();
      pending = null;
      if (!inWindow(p.sentAt)) return;
      if (latency === null) report.unmatched++;
      else if (latency < 0) report.rejected++;
      else {
        if (DEBUG && latency > 200) console.error(`slow: ${p.what} ${latency} ms`);
        report.latencies.push(latency);
      }
    };
    // A refusal by the rules (sent to this client only): counted as refused (negative latency above).
    actor.onError(() => {
      if (pending) settle(pending, -1);
    });
    const act = () => {
      if (stopping) return;
      setTimeout(act, 2000 + Math.random() * 2000);
      const s = actor.state();
      if (pending) {
        if (Date.now() - pending.sentAt > 5000) {
          if (inWindow(pending.sentAt)) report.timeouts++;
          pending.cancel();
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
        // To a district that people play (a bot may answer a proposal in the patch that carries it), and
        // timed on the proposal itself (our district's, with an id not used before the send): another
        // district's proposal does not settle it.
        const seated: number[] = [];
        for (let i = 0; i < s.districts.length; i++)
          if (i !== district && (s.districts.at(i)?.seatCount ?? 0) > 0) seated.push(i);
        if (seated.length === 0) return;
        const to = seated[Math.floor(Math.random() * seated.length)];
        const nextId = s.nextId;
        action = { type: "proposeDeal", to, amount: 1 };
        done = (st) => {
          for (let i = 0; i < st.proposals.length; i++) {
            const q = st.proposals.at(i);
            if (q && q.from === district && q.to === to && q.id >= nextId) return true;
          }
          return false;
        };
      }
      const sentAt = Date.now();
      const p = { sentAt, what: String(action.type), cancel: () => undefined as unknown };
      pending = p;
      actor.send({ type: "action", action });
      p.cancel = actor.expect(
        sentAt,
        (st) => done(st as AnyState),
        (latency) => settle(p, latency),
      );
    };
    setTimeout(act, Math.random() * 3000);
  };

  /** A full (decoding) client as an actor: its own state changes settle its action. */
  const fullActor = (room: Room): Actor => {
    let check: (() => void) | null = null;
    room.onStateChange(() => check?.());
    return {
      state: () => room.state as unknown as AnyState,
      send: (m) => room.send(CMD, m),
      onError: (f) => room.onMessage("error", f),
      expect: (sentAt, done, settle) => {
        check = () => {
          if (!done(room.state)) return;
          check = null;
          settle(Date.now() - sentAt);
        };
        return () => {
          check = null;
        };
      },
    };
  };

  /** A light student (see scripts/loadtest-light.ts): joins, acts, and is timed through `decoder`. */
  const joinLight = async (
    url: string,
    code: string,
    c: number,
    decoder: RoomDecoder,
    host: Room,
    planningEnd: () => number,
  ) => {
    const client = await LightClient.join(url, code, { nickname: `S${c}` });
    let gotState: () => void = () => undefined;
    const firstState = new Promise<void>((ok) => {
      gotState = ok;
    });
    client.onFirstState = (bytes) => {
      report.fullStates.push(bytes);
      gotState();
    };
    decoder.watch(client);
    // Only the messages read below are unpacked ("you", "error"; a year report is only timed).
    client.unpacks = (type) => type === "you" || type === "error";
    client.onFrame = (bytes, kind, at) => {
      if (!inWindow(at)) return;
      report.bytes += bytes;
      if (DEBUG) byCode[kind] = (byCode[kind] ?? 0) + bytes;
    };
    client.onLeave = (closeCode, reason) => {
      if (stopping) return;
      const why = `close ${closeCode}${reason ? ` "${reason}"` : ""}`;
      report.lost[why] = (report.lost[why] ?? 0) + 1;
      if (inWindow(Date.now())) report.lostInWindow++;
    };
    const errorHandlers: (() => void)[] = [];
    let seated = -1;
    let usedEnd = 0;
    client.onMessage = (type, message) => {
      if (type === "you") {
        const d = (message as { district: number }).district;
        if (seated < 0 && d >= 0) {
          seated = d;
          student(
            {
              state: () => host.state as unknown as AnyState,
              send: (m) => client.send(CMD, m),
              onError: (f) => errorHandlers.push(f),
              expect: (sentAt, done, settle) => decoder.expect(client, sentAt, done, settle),
            },
            seated,
          );
        }
      } else if (type === "error") {
        for (const f of errorHandlers) f();
      } else if (type === "yearReport") {
        const now = Date.now();
        const end = planningEnd();
        if (end > 0 && end !== usedEnd && inWindow(now)) report.yearLagClient.push(now - end);
        usedEnd = end;
      }
    };
    leavers.push(() => client.leave());
    report.joined++;
    report.light++;
    // The slot is held until the first full state has arrived (not decoded: a light client only counts it).
    await Promise.race([firstState, sleep(30_000)]);
  };

  const urls = task.url.split(",");
  const hosts: Room[] = [];
  // At most JOINS_AT_ONCE joins in flight (matchmaking to first full state): a generator busy decoding
  // hundreds of large first states at once lets seat reservations expire before it connects.
  let joining = 0;
  const joinWaiters: (() => void)[] = [];
  const joinSlot = async () => {
    while (joining >= JOINS_AT_ONCE) await new Promise<void>((ok) => joinWaiters.push(ok));
    joining++;
  };
  const releaseJoinSlot = () => {
    joining--;
    joinWaiters.shift()?.();
  };
  for (let r = 0; r < task.rooms; r++) {
    const client = new Client(urls[(task.firstRoom + r) % urls.length]);
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
          ...task.settings,
        },
      });
      const code = host.roomId;
      host.onMessage("*", () => {});
      host.onMessage("yearReport", (m: { year: number }) => {
        if (DEBUG) console.error(`room ${code} year ${m.year} at ${Date.now() - start} ms`);
        if (inWindow(Date.now())) report.years++;
      });
      watch(host, true);
      countBytes(host);
      rooms.push(host);
      report.joined++;
      // The room's one decoder (light mode): its patches settle the light clients' actions.
      const decoder = task.full ? null : new RoomDecoder(host as unknown as DecodingRoom);
      // The planning clock's end as the room's decoder last saw it (light clients' year-report lag).
      let lastPlanningEnd = 0;
      host.onStateChange((st) => {
        const s = st as unknown as { phase: string; phaseEndsAt: number };
        if (s.phase === "planning" && s.phaseEndsAt > 0) lastPlanningEnd = s.phaseEndsAt;
      });
      const joins: Promise<void>[] = [];
      for (let c = 1; c < task.clients; c++) {
        joins.push(
          (async () => {
            await sleep(c * 15);
            await joinSlot();
            try {
              const through = urls[(task.firstRoom + r + c) % urls.length];
              if (decoder) await joinLight(through, code, c, decoder, host, () => lastPlanningEnd);
              else {
                const room = await new Client(through).joinById(code, { nickname: `S${c}` });
                const firstState = new Promise<void>((ok) => room.onStateChange.once(() => ok()));
                let seated = -1;
                room.onMessage("you", (m: { district: number }) => {
                  if (seated < 0 && m.district >= 0) {
                    seated = m.district;
                    student(fullActor(room), seated);
                  }
                });
                watch(room, false);
                countBytes(room);
                rooms.push(room);
                report.joined++;
                // The slot is held until the first full state is decoded (a 128×128 one is ~1 MB).
                await Promise.race([firstState, sleep(30_000)]);
              }
            } catch (e) {
              report.joinErrors.push(String((e as Error).message));
            } finally {
              releaseJoinSlot();
            }
          })(),
        );
      }
      await Promise.all(joins);
      hosts.push(host);
    } catch (e) {
      report.joinErrors.push(String((e as Error).message));
    }
  }
  // One probe per room, and at least ECHO_PROBES_MIN per generator (a lecture hall's single room would
  // otherwise give a p95 of a few dozen echoes).
  if (task.echoUrl)
    for (const host of hosts) {
      const planning = () => (host.state as unknown as { phase?: string }).phase === "planning";
      for (let p = 0; p < Math.ceil(ECHO_PROBES_MIN / hosts.length); p++)
        await echoProbe(task.echoUrl, report, inWindow, () => stopping, planning);
    }
  // Every room of every generator starts at one moment, as a school's classes do at the bell.
  const go = await new Promise<number>((resolve) => {
    process.on("message", (m) => {
      if (typeof m === "object" && m !== null && "go" in m) resolve((m as { go: number }).go);
    });
    process.send?.("joined");
  });
  if (go > Date.now()) await sleep(go - Date.now());
  for (const host of hosts) host.send(CMD, { type: "host.start" });
  measureFrom = go + task.warmupMs;
  measureTo = measureFrom + task.durationMs;
  const untilWindow = measureFrom - Date.now();
  if (untilWindow > 0) await sleep(untilWindow);
  // The coordinator samples the server over the same window.
  process.send?.("window");
  loop.enable();
  loopOn = true;
  cpuFrom = process.cpuUsage();
  wallFrom = Date.now();
  const left = measureTo - Date.now();
  if (left > 0) await sleep(left);
  stopping = true;
  finish();
  report.measuredMs = task.durationMs;
  // A stalled server may never confirm a leave: the figures are taken, so do not wait long for it.
  await Promise.race([
    Promise.all([
      ...rooms.map((r) => r.leave(true).catch(() => undefined)),
      ...leavers.map((leave) => leave()),
    ]),
    sleep(5000),
  ]);
  if (DEBUG) console.error("bytes by protocol code (13 data, 15 patch):", byCode);
  return report;
}

// -----------------------------------------------------------------------------------------------
// Echo baseline: a minimal `ws` echo server (its own process) and probes in the generators (see the
// header): each probe is a raw WebSocket that sends one small message every 0.5–1.5 s during the whole
// run and times each echo that was sent inside the measured window.

/** Echo probes per generator at least. */
const ECHO_PROBES_MIN = 10;
/** The size of a game action message on the wire, about. */
const ECHO_BYTES = 64;

function runEchoServer(): void {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  wss.on("connection", (ws) => {
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    ws.on("error", () => undefined);
  });
  wss.on("listening", () => {
    const address = wss.address();
    process.send?.({ port: address && typeof address === "object" ? address.port : 0 });
  });
}

/** Opens one echo probe; resolves once it is open (or failed to open, which counts as lost). */
function echoProbe(
  url: string,
  report: WorkerReport,
  inWindow: (t: number) => boolean,
  stopping: () => boolean,
  planning: () => boolean,
): Promise<void> {
  return new Promise<void>((resolve) => {
    const ws = new WebSocket(url);
    ws.binaryType = "nodebuffer";
    let sentAt = 0;
    let seq = 0;
    let lastError = "";
    const payload = Buffer.alloc(ECHO_BYTES);
    ws.on("message", (data: Buffer) => {
      if (sentAt && data.readUInt32LE(0) === seq) {
        if (inWindow(sentAt)) report.echoLatencies.push(Date.now() - sentAt);
        sentAt = 0;
      }
    });
    ws.on("error", (e) => {
      lastError = e.message;
      resolve();
    });
    ws.on("close", (code) => {
      if (!stopping()) {
        const why = `close ${code}${lastError ? ` after error ${lastError}` : ""}`;
        report.echoLost[why] = (report.echoLost[why] ?? 0) + 1;
      }
      resolve();
    });
    ws.on("open", () => {
      report.echoProbes++;
      resolve();
      const tick = () => {
        if (stopping()) {
          ws.terminate();
          return;
        }
        if (ws.readyState !== WebSocket.OPEN) return;
        setTimeout(tick, 500 + Math.random() * 1000);
        if (sentAt) {
          if (Date.now() - sentAt <= 5000) return;
          if (inWindow(sentAt)) report.echoTimeouts++;
        }
        // Sent when the students act (their room's planning phase), so both sample the same moments.
        if (!planning()) {
          sentAt = 0;
          return;
        }
        seq = (seq + 1) >>> 0;
        payload.writeUInt32LE(seq, 0);
        sentAt = Date.now();
        ws.send(payload);
      };
      setTimeout(tick, Math.random() * 1000);
    });
  });
}

/** Forks a generator process (`mode` is --worker) at low priority; resolves to its report. */
function forkGenerator<T>(
  mode: string,
  task: { reportFile: string },
): { child: ChildProcess; report: Promise<T | null> } {
  // LOADTEST_PROFILE_DIR=dir: each generator writes a CPU profile there (node --cpu-prof).
  const prof = process.env.LOADTEST_PROFILE_DIR;
  const child = fork(fileURLToPath(import.meta.url), [mode, JSON.stringify(task)], {
    execArgv: ["--import", "tsx", ...(prof ? ["--cpu-prof", `--cpu-prof-dir=${prof}`] : [])],
  });
  // On a small machine the generators compete with the server for CPU: give the server priority.
  try {
    if (child.pid) setPriority(child.pid, 10);
  } catch {
    // not permitted: run as is
  }
  const report = new Promise<T | null>((resolve) => {
    child.once("exit", (code) => {
      try {
        resolve(JSON.parse(readFileSync(task.reportFile, "utf8")) as T);
      } catch {
        console.error(`load test: a generator exited with ${code} and no report`);
        resolve(null);
      }
    });
  });
  return { child, report };
}

/**
 * Waits for the generators' reports. At `limitMs` (the hard time limit) each generator still running is
 * asked for the figures it has so far; one that does not answer within 15 s is killed.
 */
async function collect<T>(
  gens: { child: ChildProcess; report: Promise<T | null> }[],
  limitMs: number,
  what: string,
): Promise<{ reports: T[]; hitLimit: boolean; missing: number }> {
  let hitLimit = false;
  const all = Promise.all(gens.map((g) => g.report));
  const timer = setTimeout(() => {
    hitLimit = true;
    console.error(`load test: hard time limit reached (${what}); asking the generators for partial figures`);
    for (const g of gens) if (g.child.exitCode === null && g.child.connected) g.child.send("report");
    setTimeout(() => {
      for (const g of gens) if (g.child.exitCode === null) g.child.kill("SIGKILL");
    }, 15_000).unref();
  }, limitMs);
  const got = await all;
  clearTimeout(timer);
  const reports = got.filter((r): r is Awaited<T> => r !== null) as T[];
  return { reports, hitLimit, missing: got.length - reports.length };
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

async function healthOf(httpBase: string): Promise<Health | null> {
  try {
    const r = await fetch(`${httpBase}/api/health`);
    return r.ok ? ((await r.json()) as Health) : null;
  } catch {
    return null;
  }
}

/** Rooms per process in the last sample (several --url processes). */
let roomsPerProcess: number[] = [];

/** The processes' figures together (several comma-separated bases): counts, CPU and memory summed,
 * event-loop delays the worst of them. */
async function health(httpBases: string): Promise<Health | null> {
  const all = await Promise.all(httpBases.split(",").map(healthOf));
  if (all.some((h) => h === null)) return null;
  const hs = all as Health[];
  // The split of the busiest sample (the last ones come after the clients have left).
  const total = hs.reduce((a, h) => a + h.rooms, 0);
  if (total >= roomsPerProcess.reduce((a, n) => a + n, 0)) roomsPerProcess = hs.map((h) => h.rooms);
  const sum = (f: (h: Health) => number) => hs.reduce((a, h) => a + f(h), 0);
  const max = (f: (h: Health) => number) => Math.max(...hs.map(f));
  return {
    rooms: sum((h) => h.rooms),
    ccu: sum((h) => h.ccu),
    rssBytes: sum((h) => h.rssBytes),
    cpuUserUs: sum((h) => h.cpuUserUs),
    cpuSystemUs: sum((h) => h.cpuSystemUs),
    eventLoopDelayMs: {
      p50: max((h) => h.eventLoopDelayMs.p50),
      p99: max((h) => h.eventLoopDelayMs.p99),
      max: max((h) => h.eventLoopDelayMs.max),
    },
  };
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
    echo: !process.argv.includes("--no-echo") && process.env.LOADTEST_NO_ECHO !== "1",
    full: process.argv.includes("--full-clients") || process.env.LOADTEST_FULL_CLIENTS === "1",
    hardLimit: 0,
    map: arg("map", "LOADTEST_MAP", 0),
    districts: arg("districts", "LOADTEST_DISTRICTS", 0),
    team: arg("team", "LOADTEST_TEAM", 0),
  };
  // Joining is not in the warm-up (the rooms start once every client has joined): allow for it.
  o.hardLimit = arg(
    "hard-limit",
    "LOADTEST_HARD_LIMIT",
    o.warmup + o.duration + 120 + o.rooms * o.clients * 0.06,
  );
  if (o.map && !(MAP_SIZES as readonly number[]).includes(o.map))
    throw new Error(`--map must be one of ${MAP_SIZES.join(", ")}`);
  // The lecture hall's districts and teams at its map size, unless given.
  const hall = o.map === LECTURE_HALL.size;
  if (!o.districts && hall) o.districts = LECTURE_HALL.districts;
  if (!o.team && hall) o.team = LECTURE_HALL.teamSize;
  const settings: Record<string, number> = {};
  if (o.map) settings.size = o.map;
  if (o.districts) settings.districts = o.districts;
  if (o.team) settings.teamSize = o.team;
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
        CQ_JOINS_PER_ADDRESS: String(Math.max(Number(ONE_ADDRESS_ENV.CQ_JOINS_PER_ADDRESS), o.clients + 10)),
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
  const httpBase = url.replace(/(^|,)ws/g, "$1http");
  for (const base of httpBase.split(",")) {
    const host = new URL(base).hostname;
    if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") throw new Error("loopback only");
  }
  for (let i = 0; !(await health(httpBase)); i++) {
    if (i > 200) throw new Error("server did not start");
    await sleep(100);
  }
  console.log(
    `load test: ${o.rooms} rooms × ${o.clients} clients = ${total} clients, ${o.workers} generator process(es), ` +
      `warm-up ${o.warmup}s, measured ${o.duration}s, planning ${o.planning}s` +
      (Object.keys(settings).length ? `, room settings ${JSON.stringify(settings)}` : ""),
  );

  // The echo server runs through the whole run; the generators' probes time it in the window.
  let echoUrl = "";
  if (o.echo) {
    const echoServer = fork(fileURLToPath(import.meta.url), ["--echo-server"], {
      execArgv: ["--import", "tsx"],
    });
    process.on("exit", () => echoServer.kill("SIGKILL"));
    const port = await new Promise<number>((resolve) =>
      echoServer.once("message", (m) => resolve((m as { port: number }).port)),
    );
    echoUrl = `ws://127.0.0.1:${port}`;
  }

  const t0 = Date.now();
  // Generators get whole rooms.
  const perWorker = Math.ceil(o.rooms / o.workers);
  const reportDir = mkdtempSync(join(tmpdir(), "cq-loadtest-reports-"));
  const gens: { child: ChildProcess; report: Promise<WorkerReport | null> }[] = [];
  for (let w = 0; w < o.workers; w++) {
    const rooms = Math.min(perWorker, o.rooms - w * perWorker);
    if (rooms <= 0) break;
    const task: WorkerTask = {
      url,
      rooms,
      clients: o.clients,
      firstRoom: w * perWorker,
      // The window begins `warmup` after every room has started (all at once).
      warmupMs: o.warmup * 1000,
      durationMs: o.duration * 1000,
      planning: o.planning,
      settings,
      full: o.full,
      echoUrl,
      reportFile: join(reportDir, `generator-${w}.json`),
    };
    gens.push(forkGenerator<WorkerReport>("--worker", task));
  }

  // When every generator has joined its rooms, all rooms start together (a generator that died does
  // not hold the others back: its exit counts as joined).
  let joinedGens = 0;
  const goAll = () => {
    if (++joinedGens < gens.length) return;
    const go = Date.now() + 500;
    console.log(
      `all generators joined after ${((Date.now() - t0) / 1000).toFixed(0)} s; every room starts now`,
    );
    for (const g of gens) if (g.child.connected) g.child.send({ go });
  };
  for (const g of gens) {
    let counted = false;
    const once = () => {
      if (counted) return;
      counted = true;
      goAll();
    };
    g.child.on("message", (m) => m === "joined" && once());
    g.child.once("exit", once);
  }

  // Sample the server over the measured window.
  const samples: { t: number; h: Health }[] = [];
  let sampling = true;
  // The generators' windows start when the first one says so (their warm-up counts from their own start).
  const windowStarts = new Promise<void>((resolve) => {
    for (const g of gens) g.child.on("message", (m) => m === "window" && resolve());
  });
  const sampler = (async () => {
    await windowStarts;
    const end = Date.now() + o.duration * 1000;
    while (sampling && Date.now() <= end) {
      const h = await health(httpBase);
      if (h) samples.push({ t: Date.now(), h });
      await sleep(1000);
    }
  })();

  const game = await collect(gens, o.hardLimit * 1000, "game");
  const results = game.reports;
  // After the hard limit the window is cut short: take the samples so far.
  if (game.hitLimit) sampling = false;
  else await Promise.race([sampler, sleep(1000)]);
  sampling = false;
  if (server) {
    const exited = new Promise((r) => server?.once("exit", r));
    server.kill("SIGTERM");
    await Promise.race([exited, sleep(5000)]);
    server.kill("SIGKILL");
  }

  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const joined = results.reduce((s, r) => s + r.joined, 0);
  const bytes = results.reduce((s, r) => s + r.bytes, 0);
  const rejected = results.reduce((s, r) => s + r.rejected, 0);
  const timeouts = results.reduce((s, r) => s + r.timeouts, 0);
  const years = results.reduce((s, r) => s + r.years, 0);
  const light = results.reduce((s, r) => s + r.light, 0);
  const unmatched = results.reduce((s, r) => s + r.unmatched, 0);
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
  const rssPeak = samples.length ? Math.max(...samples.map((s) => s.h.rssBytes)) : Number.NaN;
  const ccu = samples.length ? Math.max(...samples.map((s) => s.h.ccu)) : Number.NaN;
  const serverRooms = samples.length ? Math.max(...samples.map((s) => s.h.rooms)) : Number.NaN;
  // A partial report (hard time limit) covers only the part of the window it saw.
  const seconds = results.length ? Math.max(...results.map((r) => r.measuredMs)) / 1000 : o.duration;
  const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "n/a");
  const tally = (xs: Record<string, number>[]) => {
    const all: Record<string, number> = {};
    for (const x of xs) for (const [k, v] of Object.entries(x)) all[k] = (all[k] ?? 0) + v;
    return Object.entries(all)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${v} × ${k}`)
      .join("; ");
  };

  console.log("");
  if (game.hitLimit || game.missing)
    console.log(
      `PARTIAL               the hard time limit hit: ${results.filter((r) => r.partial).length} generator(s) reported their figures so far (window ${fmt(seconds)} s), ${game.missing} gave none`,
    );
  const joinTally = tally([countBy(joinErrors)]);
  console.log(
    `clients joined        ${joined} / ${total}${joinErrors.length ? ` (${joinErrors.length} join errors: ${joinTally})` : ""}` +
      ` · ${light ? `${joined - light} decoding the state (one per room), ${light} light (not decoding; see scripts/loadtest-light.ts)` : "every client decoding the state (--full-clients)"}`,
  );
  const lostCount = results.reduce((s, r) => s + Object.values(r.lost).reduce((a, b) => a + b, 0), 0);
  const lostInWindow = results.reduce((s, r) => s + r.lostInWindow, 0);
  console.log(
    `clients lost          ${lostCount} after joining (${lostInWindow} in the window)${lostCount ? `: ${tally(results.map((r) => r.lost))}` : ""}`,
  );
  console.log(
    `CCU (server)          ${fmt(ccu, 0)} in ${fmt(serverRooms, 0)} rooms` +
      (roomsPerProcess.length > 1 ? ` (per process: ${roomsPerProcess.join(" + ")})` : ""),
  );
  console.log(
    `actions measured      ${latencies.length} accepted (${fmt(latencies.length / seconds)}/s), ${rejected} refused by the rules, ${timeouts} unanswered in 5 s` +
      (light ? `, ${unmatched} not matched to a frame (light clients)` : ""),
  );
  console.log(
    `action→patch latency  p50 ${fmt(percentile(latencies, 50), 0)} ms · p95 ${fmt(percentile(latencies, 95), 0)} ms · p99 ${fmt(percentile(latencies, 99), 0)} ms · max ${fmt(latencies.at(-1) ?? Number.NaN, 0)} ms`,
  );
  console.log(`years resolved        ${years} (all rooms, in the window)`);
  console.log(`server CPU            ${fmt(cpu)} % of one core (mean over the window)`);
  // The first sample covers the time since the previous call (the warm-up): left out, as before.
  const inWindowSamples = samples.slice(1);
  const serverLoopP99 = inWindowSamples.length
    ? Math.max(...inWindowSamples.map((s) => s.h.eventLoopDelayMs.p99))
    : Number.NaN;
  const serverLoopP50 = percentile(
    inWindowSamples.map((s) => s.h.eventLoopDelayMs.p50).sort((a, b) => a - b),
    50,
  );
  const stalls = inWindowSamples.map((s) => s.h.eventLoopDelayMs.max);
  const worstStall = stalls.length ? Math.max(...stalls) : Number.NaN;
  const worstAt = inWindowSamples[stalls.indexOf(worstStall)];
  console.log(
    `server event loop     p50 delay ${fmt(serverLoopP50)} ms (median 1-s sample) · p99 ${fmt(serverLoopP99)} ms (worst 1-s sample) · worst stall ${fmt(worstStall, 0)} ms` +
      `${worstAt ? ` (${fmt((worstAt.t - samples[0].t) / 1000, 0)} s into the window)` : ""} · ${stalls.filter((m) => m > 100).length} of ${stalls.length} s had a stall over 100 ms` +
      " (from /api/health)",
  );
  const lagRoom = results.flatMap((r) => r.yearLagRoom).sort((a, b) => a - b);
  const lagClient = results.flatMap((r) => r.yearLagClient).sort((a, b) => a - b);
  console.log(
    `planning end→report   per room (host's view, ${lagRoom.length} year-ends) p50 ${fmt(percentile(lagRoom, 50), 0)} ms · p95 ${fmt(percentile(lagRoom, 95), 0)} ms · max ${fmt(lagRoom.at(-1) ?? Number.NaN, 0)} ms; ` +
      `every client (${lagClient.length}) p50 ${fmt(percentile(lagClient, 50), 0)} ms · p95 ${fmt(percentile(lagClient, 95), 0)} ms ` +
      "(phaseEndsAt in the state → arrival of yearReport)",
  );
  console.log(
    `generators            CPU ${results.map((r) => fmt(r.cpuPercent, 0)).join(", ")} % of a core · event-loop p99 ${results.map((r) => fmt(r.loopP99, 0)).join(", ")} ms (saturated generators inflate the latencies)`,
  );
  console.log(`server memory         ${fmt(rssPeak / 2 ** 20)} MB RSS peak`);
  console.log(
    `downstream            ${fmt(bytes / joined / seconds / 1024, 2)} KB/s per client (mean; patches + messages)`,
  );
  const fullStates = results.flatMap((r) => r.fullStates).sort((a, b) => a - b);
  console.log(
    `first full state      ${fmt(percentile(fullStates, 50) / 1024)} KB median · ${fmt((fullStates.at(-1) ?? Number.NaN) / 1024)} KB max (${fullStates.length} clients; the join's ROOM_STATE frame)`,
  );
  if (o.echo) {
    const echoLat = results.flatMap((r) => r.echoLatencies).sort((a, b) => a - b);
    const probes = results.reduce((s, r) => s + r.echoProbes, 0);
    const echoLost = tally(results.map((r) => r.echoLost));
    const echoP95 = percentile(echoLat, 95);
    const actionP95 = percentile(latencies, 95);
    console.log(
      `echo baseline         ${probes} probes (one per room, at least ${ECHO_PROBES_MIN} per generator, in the generators) to a minimal ws echo server in its own process, during the window: ` +
        `${echoLat.length} echoes (${results.reduce((s, r) => s + r.echoTimeouts, 0)} unanswered in 5 s), p50 ${fmt(percentile(echoLat, 50), 0)} ms · p95 ${fmt(echoP95, 0)} ms · p99 ${fmt(percentile(echoLat, 99), 0)} ms · max ${fmt(echoLat.at(-1) ?? Number.NaN, 0)} ms` +
        `${echoLost ? ` · lost: ${echoLost}` : ""}`,
    );
    // Loopback round trips round to 0–1 ms: the ratio is taken against at least 1 ms.
    console.log(
      `action→patch vs echo  p95 ${fmt(actionP95, 0)} ms / ${fmt(echoP95, 0)} ms = ${fmt(actionP95 / Math.max(1, echoP95), 1)}× at the same load (target ≤ 3×; echo p95 floored at 1 ms)`,
    );
  }
  // As before, a run cut short by the hard time limit exits with 2 (its figures are printed, marked PARTIAL).
  process.exit(game.hitLimit || game.missing ? 2 : 0);
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
}

/** Generator side: the coordinator's "report" message (hard time limit) writes the figures so far. */
function answerReportRequests(): void {
  process.on("message", (m) => {
    if (m === "report") writePartialAndExit();
  });
  process.once("SIGTERM", writePartialAndExit);
}

if (process.argv.includes("--echo-server")) {
  runEchoServer();
} else if (process.argv.includes("--worker")) {
  const task = JSON.parse(process.argv[process.argv.indexOf("--worker") + 1]) as WorkerTask;
  // colyseus.js's matchmaking requests go through Node's global agent, whose sockets give up after 5 s
  // of silence ("socket hang up"); a browser waits longer, and so do the simulated clients.
  (globalAgent as unknown as { options: { timeout: number } }).options.timeout = 60_000;
  answerReportRequests();
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
