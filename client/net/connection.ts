// The one connection to the game server: create, join, reconnect, send commands on the "cmd"
// channel, and hand the room state and server messages to the screens. Tokens live in storage so a
// page refresh puts a student back in their seat and the host back in control.
import { Client, type Room } from "colyseus.js";
import type { RoomStateView } from "../../shared/mirror.js";
import type {
  ChatMessage,
  ClientMessage,
  CreateOptions,
  ErrorMessage,
  JoinOptions,
  SeatRequestsMessage,
  YearReportMessage,
  YouMessage,
} from "../../shared/protocol.js";
import { CMD, Nickname } from "../../shared/protocol.js";
import { type GameRecordFile, parseRecord } from "../../shared/record.js";
import type { GameEvent, HistoryRow } from "../../shared/state.js";
import { mark } from "../marks.js";
import { onMessage as on } from "./messages.js";

export type { ChatMessage, YearReportMessage, YouMessage };

export const ROOM_NAME = "city";

export type ConnectionStatus = "idle" | "connecting" | "connected" | "reconnecting" | "disconnected";

export interface ConnectionEvents {
  state: RoomStateView;
  status: ConnectionStatus;
  you: YouMessage;
  error: ErrorMessage;
  events: GameEvent[];
  yearReport: YearReportMessage;
  history: HistoryRow[];
  chat: ChatMessage;
  kicked: unknown;
  serverRestarting: unknown;
  /** The game's record (for replays and forks), checked by the shared schema. */
  record: GameRecordFile;
}

type Handler<K extends keyof ConnectionEvents> = (v: ConnectionEvents[K]) => void;

interface Session {
  code: string;
  token: string;
}

const SESSION_KEY = "cq.session";
const HOST_KEY = "cq.hostToken";

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function savedSession(): Session | null {
  const raw = globalThis.sessionStorage?.getItem(SESSION_KEY) ?? storage()?.getItem(SESSION_KEY);
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as Session;
    return typeof s.code === "string" && typeof s.token === "string" ? s : null;
  } catch {
    return null;
  }
}

export function savedHostToken(): { code: string; token: string; nickname?: string } | null {
  const raw = storage()?.getItem(HOST_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as { code: string; token: string; nickname?: string };
  } catch {
    return null;
  }
}

const SEATS_KEY = "cq.seats";

/** The seat secrets this browser holds (room code → secret): kept in localStorage, sent to nobody
 * but the server, and only when joining that room. */
function seatStore(): Record<string, { secret: string; claim?: string }> {
  try {
    const v = JSON.parse(storage()?.getItem(SEATS_KEY) ?? "{}");
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function saveSeat(code: string, entry: { secret: string; claim?: string }): void {
  const all = seatStore();
  all[code] = entry;
  // Keep the latest few rooms only.
  const codes = Object.keys(all);
  for (const c of codes.slice(0, Math.max(0, codes.length - 20))) delete all[c];
  storage()?.setItem(SEATS_KEY, JSON.stringify(all));
}

/** This browser's secret for its seat in room `code`, if it has one. */
export function seatSecretFor(code: string): string | undefined {
  const s = seatStore()[code]?.secret;
  return typeof s === "string" && s.length >= 8 ? s : undefined;
}

/** The claim this browser shows while asking for its seat back in room `code` (made once). */
function seatClaimFor(code: string): string {
  const entry = seatStore()[code];
  if (entry?.claim) return entry.claim;
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  const claim = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  saveSeat(code, { secret: entry?.secret ?? "", claim });
  return claim;
}

/** Join options for a student: the nickname, this browser's seat secret and its claim. */
function studentOptions(code: string, nickname: string): JoinOptions {
  const seatSecret = seatSecretFor(code);
  return { nickname, ...(seatSecret ? { seatSecret } : {}), seatClaim: seatClaimFor(code) };
}

/** How long a student waits for the host to give their seat back, asking every few seconds. */
const APPROVAL_WAIT_MS = 5 * 60_000;
const APPROVAL_POLL_MS = 3_000;

const LAST_JOIN_KEY = "cq.lastJoin";

/** The last code and nickname this browser joined with: the start page offers them again, so a
 * student whose seat reservation ran out (a laptop asleep) rejoins the same seat by nickname. */
export function lastJoin(): { code: string; nickname: string } | null {
  try {
    const v = JSON.parse(storage()?.getItem(LAST_JOIN_KEY) ?? "null");
    return v && typeof v.code === "string" && typeof v.nickname === "string" ? v : null;
  } catch {
    return null;
  }
}

function rememberJoin(code: string, nickname: string): void {
  storage()?.setItem(LAST_JOIN_KEY, JSON.stringify({ code, nickname }));
}

export function forgetSession(): void {
  globalThis.sessionStorage?.removeItem(SESSION_KEY);
  storage()?.removeItem(SESSION_KEY);
}

function serverUrl(): string {
  const q = new URLSearchParams(location.search).get("server");
  if (q) return q;
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`;
}

export class Connection {
  readonly client: Client;
  room: Room | null = null;
  status: ConnectionStatus = "idle";
  you: YouMessage | null = null;
  /** Server clock minus ours, estimated from pings. */
  clockSkew = 0;
  private handlers = new Map<keyof ConnectionEvents, Set<(v: unknown) => void>>();
  private leaving = false;
  private retry = 0;
  private lastState: RoomStateView | null = null;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private hostNickname: string | null = null;
  /** For the host: players asking for their seat back. */
  seatRequests: SeatRequestsMessage["requests"] = [];

  constructor(url = serverUrl()) {
    this.client = new Client(url);
  }

  on<K extends keyof ConnectionEvents>(k: K, f: Handler<K>): () => void {
    let set = this.handlers.get(k);
    if (!set) {
      set = new Set();
      this.handlers.set(k, set);
    }
    set.add(f as (v: unknown) => void);
    return () => set.delete(f as (v: unknown) => void);
  }

  private emit<K extends keyof ConnectionEvents>(k: K, v: ConnectionEvents[K]) {
    for (const f of this.handlers.get(k) ?? []) f(v);
  }

  private setStatus(s: ConnectionStatus) {
    this.status = s;
    this.emit("status", s);
  }

  get state(): RoomStateView | null {
    return this.lastState;
  }

  async create(options: CreateOptions): Promise<void> {
    // A blank or too-long name is refused here with its own code (the server refuses it the same way).
    if (!Nickname.safeParse(options.nickname).success) throw new Error("bad_nickname");
    this.hostNickname = options.nickname;
    this.setStatus("connecting");
    try {
      this.attach(await this.client.create(ROOM_NAME, options));
    } catch (e) {
      this.setStatus("disconnected");
      throw e;
    }
  }

  async join(code: string, options: JoinOptions): Promise<void> {
    if (options.nickname !== undefined && !Nickname.safeParse(options.nickname).success)
      throw new Error("bad_nickname");
    this.setStatus("connecting");
    // A student brings this browser's seat secret (and claim) for the room.
    const full =
      options.nickname && !options.projector && !options.hostToken
        ? { ...studentOptions(code, options.nickname), ...options }
        : options;
    try {
      this.attach(await this.joinWaitingForApproval(code, full));
      if (options.nickname) rememberJoin(code, options.nickname);
    } catch (e) {
      this.setStatus("disconnected");
      throw e;
    }
  }

  /** A seat that needs the host's approval: say so once, then ask again until approved (or given up). */
  private async joinWaitingForApproval(code: string, options: JoinOptions): Promise<Room> {
    const start = Date.now();
    let told = false;
    for (;;) {
      try {
        return await this.client.joinById(code, options);
      } catch (e) {
        const pending = (e as Error)?.message === "seat_approval_pending";
        if (!pending || this.leaving || Date.now() - start > APPROVAL_WAIT_MS) throw e;
        if (!told) this.emit("error", { code: "seat_approval_pending" });
        told = true;
        await new Promise((r) => setTimeout(r, APPROVAL_POLL_MS));
      }
    }
  }

  /** After a page load: the stored reconnection token, else the host token. Returns false if neither works. */
  async resume(): Promise<boolean> {
    const s = savedSession();
    if (s) {
      this.setStatus("connecting");
      const room = await this.tryReturn(s.code, s.token, true);
      if (room) {
        this.attach(room);
        return true;
      }
      forgetSession();
    }
    this.setStatus("idle");
    return false;
  }

  /**
   * One attempt to get back into room `code`: the reconnection token (the seat is still held); for
   * the host, the room restored from its snapshot (after a server restart) and, on a page load, the
   * host token; for a student, the same seat by nickname (a restored room knows it).
   */
  private async tryReturn(code: string, token: string, pageLoad: boolean): Promise<Room | null> {
    try {
      return await this.client.reconnect(token);
    } catch {
      /* the seat reservation is gone */
    }
    const h = savedHostToken();
    if (h && h.code === code) {
      // Not on a live drop: a host replaced by their own newer tab must not take the seat back.
      if (pageLoad) {
        try {
          return await this.client.joinById(code, { hostToken: h.token });
        } catch {
          /* the room is gone from memory */
        }
      }
      try {
        // The teacher's own name (the server keeps the saved one anyway).
        return await this.client.create(ROOM_NAME, {
          nickname: h.nickname ?? this.hostNickname ?? "host",
          restore: { code, hostToken: h.token },
        });
      } catch {
        /* not saved, or already running */
      }
      return null;
    }
    const j = lastJoin();
    if (j && j.code === code) {
      try {
        return await this.client.joinById(code, studentOptions(code, j.nickname));
      } catch {
        /* not back yet */
      }
    }
    return null;
  }

  send(msg: ClientMessage): void {
    this.room?.send(CMD, msg);
  }

  async leave(): Promise<void> {
    this.leaving = true;
    clearInterval(this.pingTimer);
    forgetSession();
    await this.room?.leave(true).catch(() => undefined);
    this.room = null;
    this.setStatus("idle");
  }

  private saveSession(room: Room) {
    const s = JSON.stringify({ code: room.roomId, token: room.reconnectionToken });
    globalThis.sessionStorage?.setItem(SESSION_KEY, s);
  }

  private attach(room: Room) {
    this.room = room;
    this.leaving = false;
    this.retry = 0;
    this.saveSession(room);
    this.setStatus("connected");
    room.onStateChange((st: unknown) => {
      mark("cq:state-decoded");
      const json = (st as { toJSON?: () => unknown }).toJSON?.() ?? st;
      this.lastState = json as RoomStateView;
      this.emit("state", this.lastState);
    });
    on(room, "you", (m) => {
      this.you = m;
      this.emit("you", m);
    });
    on(room, "hostToken", (m) => {
      const nickname = this.hostNickname ?? savedHostToken()?.nickname;
      storage()?.setItem(HOST_KEY, JSON.stringify({ token: m.token, code: m.code, nickname }));
    });
    on(room, "seat", (m) => saveSeat(m.code, { secret: m.secret }));
    on(room, "seatRequests", (m) => {
      this.seatRequests = Array.isArray(m.requests) ? m.requests : [];
      // The instructor console redraws on state.
      if (this.lastState) this.emit("state", this.lastState);
    });
    on(room, "error", (m) => this.emit("error", m));
    on(room, "events", (m) => this.emit("events", m.events));
    on(room, "yearReport", (m) => this.emit("yearReport", m));
    on(room, "history", (m) => this.emit("history", m.rows));
    on(room, "record", (m) => {
      const r = parseRecord(m);
      if (r.ok) this.emit("record", r.record);
    });
    on(room, "chat", (m) => this.emit("chat", m));
    on(room, "pong", (m) => {
      this.clockSkew = m.serverTime - (Date.now() + m.t) / 2;
    });
    this.ping();
    on(room, "kicked", (m) => {
      this.leaving = true;
      forgetSession();
      this.emit("kicked", m);
    });
    // The server is stopping: the room is saved, and onLeave below reconnects (or restores) it.
    on(room, "serverRestarting", (m) => this.emit("serverRestarting", m));
    room.onMessage("*", () => undefined);
    room.onLeave(() => {
      clearInterval(this.pingTimer);
      if (this.leaving) {
        this.setStatus("disconnected");
        return;
      }
      // Anything else is a drop: the network, or the server stopping (it closes with 4000 too).
      void this.reconnectLoop(room.roomId, room.reconnectionToken);
    });
  }

  /** Server time now (for the phase timer), from the skew measured by pings. */
  now(): number {
    return Date.now() + this.clockSkew;
  }

  private ping() {
    this.send({ type: "ping", t: Date.now() });
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: "ping", t: Date.now() }), 15_000);
  }

  private async reconnectLoop(code: string, token: string) {
    this.setStatus("reconnecting");
    while (!this.leaving && this.retry < 20) {
      this.retry++;
      await new Promise((r) => setTimeout(r, Math.min(500 * this.retry, 4000)));
      if (this.leaving) break;
      const room = await this.tryReturn(code, token, false);
      if (room) {
        this.attach(room);
        return;
      }
    }
    this.setStatus("disconnected");
  }
}
