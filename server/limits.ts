// Limits at every door, in one place: rooms per address and per process, failed joins per address,
// the kicked client's cool-down, how long an empty lobby seat is kept, idle rooms, the chat budget,
// the log of bad input, and how long snapshots are kept. Every figure can be set from the environment
// (CQ_*), and tests set them small through `limits` itself. Times here come from `serverClock` (tests
// replace `now`) or, inside a room, from the room clock: no test waits on the wall clock.
import type http from "node:http";
import { TokenBucket } from "./rate-limit.js";

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export interface Limits {
  /** Live rooms one address may hold (CQ_ROOMS_PER_ADDRESS). */
  roomsPerAddress: number;
  /** Live rooms in this process (CQ_MAX_ROOMS). */
  maxRooms: number;
  /** Default seats one address may take in a room; the host can change it (CQ_JOINS_PER_ADDRESS). */
  joinsPerAddress: number;
  /** Failed joins (unknown code, bad restore) an address may make in a burst, then this many per second. */
  joinFailureBurst: number;
  joinFailuresPerSecond: number;
  /** Matchmaking requests (create, join, reconnect) one address may make: burst, then per second. */
  matchmakeBurst: number;
  matchmakePerSecond: number;
  /** A removed or flooding client's address may not rejoin that room for this long (CQ_KICK_COOLDOWN_SECONDS). */
  kickCooldownSeconds: number;
  /** A lobby seat whose player dropped is freed after this long (CQ_LOBBY_SEAT_SECONDS). */
  lobbySeatSeconds: number;
  /** A room with no player activity for this long is saved and closed (CQ_IDLE_ROOM_MINUTES). */
  idleRoomMinutes: number;
  /** Chat deliveries (message × recipient) a room may send: burst and per second (CQ_CHAT_BUDGET). */
  chatBudgetBurst: number;
  chatBudgetPerSecond: number;
  /** Lines of bad-input log per minute for the whole process; the rest are counted. */
  badInputLogPerMinute: number;
  /** Snapshots not written for this many days are deleted (CQ_RETENTION_DAYS). */
  retentionDays: number;
  /** Take the client address from X-Forwarded-For / X-Real-IP (behind a reverse proxy; CQ_TRUST_PROXY=1). */
  trustProxy: boolean;
}

export function limitsFromEnv(): Limits {
  const chat = envNumber("CQ_CHAT_BUDGET", 600);
  return {
    roomsPerAddress: envNumber("CQ_ROOMS_PER_ADDRESS", 10),
    maxRooms: envNumber("CQ_MAX_ROOMS", 200),
    joinsPerAddress: envNumber("CQ_JOINS_PER_ADDRESS", 40),
    joinFailureBurst: envNumber("CQ_JOIN_FAILURE_BURST", 10),
    joinFailuresPerSecond: envNumber("CQ_JOIN_FAILURES_PER_SECOND", 0.5),
    matchmakeBurst: envNumber("CQ_MATCHMAKE_BURST", 60),
    matchmakePerSecond: envNumber("CQ_MATCHMAKE_PER_SECOND", 5),
    kickCooldownSeconds: envNumber("CQ_KICK_COOLDOWN_SECONDS", 60),
    lobbySeatSeconds: envNumber("CQ_LOBBY_SEAT_SECONDS", 20),
    idleRoomMinutes: envNumber("CQ_IDLE_ROOM_MINUTES", 120),
    chatBudgetBurst: chat * 2,
    chatBudgetPerSecond: chat,
    badInputLogPerMinute: envNumber("CQ_BAD_INPUT_LOG_PER_MINUTE", 20),
    retentionDays: envNumber("CQ_RETENTION_DAYS", 30),
    trustProxy: process.env.CQ_TRUST_PROXY === "1",
  };
}

/** The process's limits (tests change fields of this object). */
export const limits: Limits = limitsFromEnv();

/** The clock of the process-wide throttles (tests replace `now`). */
export const serverClock = { now: (): number => Date.now() };

/** "::ffff:1.2.3.4" and "1.2.3.4" are one address. */
export function normaliseAddress(a: unknown): string {
  const s = Array.isArray(a) ? String(a[0] ?? "") : typeof a === "string" ? a : "";
  const first = s.split(",")[0].trim();
  return first.startsWith("::ffff:") ? first.slice(7) : first || "unknown";
}

/** The client's address: the socket's, or the proxy's header when the proxy is trusted. */
export function addressOf(req: http.IncomingMessage): string {
  if (limits.trustProxy) {
    const h = req.headers["x-forwarded-for"] ?? req.headers["x-real-ip"];
    if (h) return normaliseAddress(h);
  }
  return normaliseAddress(req.socket.remoteAddress);
}

// ---------------------------------------------------------------------------------------------
// Rooms per address and per process. A create request reserves a slot (a ticket handed to the new
// room through its options); the room takes it in onCreate and gives it back when disposed.

const TICKET_TTL_MS = 60_000;
const pending = new Map<string, { address: string; at: number }>();
const liveByAddress = new Map<string, number>();
let liveRooms = 0;

function sweepTickets(now: number): void {
  for (const [t, p] of pending) if (now - p.at > TICKET_TTL_MS) pending.delete(t);
}

export function reserveRoom(
  address: string,
  ticket: string,
): { ok: true } | { ok: false; code: "too_many_rooms" | "server_full" } {
  const now = serverClock.now();
  sweepTickets(now);
  if (liveRooms + pending.size >= limits.maxRooms) return { ok: false, code: "server_full" };
  let mine = liveByAddress.get(address) ?? 0;
  for (const p of pending.values()) if (p.address === address) mine++;
  if (mine >= limits.roomsPerAddress) return { ok: false, code: "too_many_rooms" };
  pending.set(ticket, { address, at: now });
  return { ok: true };
}

/** The room created with `ticket` now counts as live; returns its creator's address. */
export function takeRoomTicket(ticket: string): string | null {
  const p = pending.get(ticket);
  if (!p) return null;
  pending.delete(ticket);
  liveByAddress.set(p.address, (liveByAddress.get(p.address) ?? 0) + 1);
  liveRooms++;
  return p.address;
}

export function releaseRoom(address: string): void {
  const n = (liveByAddress.get(address) ?? 0) - 1;
  if (n > 0) liveByAddress.set(address, n);
  else liveByAddress.delete(address);
  liveRooms = Math.max(0, liveRooms - 1);
}

export function roomCounts(): { live: number; pending: number } {
  return { live: liveRooms, pending: pending.size };
}

// ---------------------------------------------------------------------------------------------
// Failed joins per address (guessing codes): each failure takes a token; with none left, further
// join requests from that address are refused until tokens refill.

const MAX_TRACKED = 50_000;

export class FailureThrottle {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(private readonly opts: () => { burst: number; perSecond: number }) {}
  blocked(address: string, now: number): boolean {
    const b = this.buckets.get(address);
    return b !== undefined && b.available(now) < 1;
  }
  /** Takes a token if there is one (a request allowed); false when the address is out of tokens. */
  tryTake(address: string, now: number): boolean {
    if (this.blocked(address, now)) return false;
    this.fail(address, now);
    return true;
  }
  fail(address: string, now: number): void {
    let b = this.buckets.get(address);
    if (!b) {
      if (this.buckets.size >= MAX_TRACKED) this.buckets.clear();
      const o = this.opts();
      b = new TokenBucket(o.burst, o.perSecond, now);
      this.buckets.set(address, b);
    }
    b.take(now);
  }
  clear(): void {
    this.buckets.clear();
  }
}

export const joinFailures = new FailureThrottle(() => ({
  burst: limits.joinFailureBurst,
  perSecond: limits.joinFailuresPerSecond,
}));

/** Every matchmaking request per address (a class behind one router joins well within the burst). */
export const matchmakeRequests = new FailureThrottle(() => ({
  burst: limits.matchmakeBurst,
  perSecond: limits.matchmakePerSecond,
}));

// ---------------------------------------------------------------------------------------------
// A log that cannot flood: at most `perMinute` lines a minute, then one line saying how many were held back.

export class LogThrottle {
  private windowStart = 0;
  private written = 0;
  private suppressed = 0;
  constructor(
    private readonly perMinute: () => number,
    private readonly write: (line: string) => void = (line) => console.warn(line),
  ) {}
  line(now: number, text: string): void {
    if (now - this.windowStart >= 60_000) {
      if (this.suppressed > 0) this.write(`(${this.suppressed} similar lines not logged in the last minute)`);
      this.windowStart = now;
      this.written = 0;
      this.suppressed = 0;
    }
    if (this.written < this.perMinute()) {
      this.written++;
      this.write(text);
    } else this.suppressed++;
  }
}

export const badInputLog = new LogThrottle(() => limits.badInputLogPerMinute);
