// The room's door, without the room: decoding a raw frame (any channel, any shape, never an
// exception), the create and join options, and the small facts a join carries (its address, the
// creator's ticket). The room charges the rate limiter first, then calls these.
import { randomBytes } from "node:crypto";
import { type AuthContext, type Client, ClientState, Protocol, ServerError } from "@colyseus/core";
import { unpack } from "@colyseus/msgpackr";
import { decode } from "@colyseus/schema";
import {
  CMD,
  type ClientMessage,
  CreateOptionsSchema,
  type ErrorMessage,
  JoinOptionsSchema,
  parseClientMessage,
} from "../shared/protocol.js";
import { roleRefusal } from "../shared/session.js";
import { addressOf, normaliseAddress, reserveRoom } from "./limits.js";
import { ClientLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from "./rate-limit.js";

/** What the server knows of a join before the room sees it (set in `onAuth`; clients cannot forge it). */
export interface JoinAuth {
  address: string;
  /** The join of the client that created this room (its ticket). */
  creatorTicket?: string;
}

/** The option key by which a create request hands the room its slot ticket (stripped before parsing). */
export const TICKET_KEY = "cq:ticket";

/** Server-wide knobs (tests shorten them, and drive the rate limiter's clock). */
export const roomConfig: { rateLimit: RateLimitOptions; limiterNow: () => number } = {
  rateLimit: rateLimitFromEnv(),
  limiterNow: () => Date.now(),
};

/** CQ_RATE_LIMIT="burst,perSecond,strikeBurst,strikesPerSecond" (the fuzz harness raises it). */
function rateLimitFromEnv(): RateLimitOptions {
  const parts = (process.env.CQ_RATE_LIMIT ?? "").split(",").map(Number);
  if (parts.length !== 4 || !parts.every((n) => Number.isFinite(n) && n > 0)) return DEFAULT_RATE_LIMIT;
  const [burst, perSecond, strikeBurst, strikesPerSecond] = parts;
  return { burst, perSecond, strikeBurst, strikesPerSecond };
}

export function withoutTicket(options: unknown): unknown {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return options;
  const { [TICKET_KEY]: _ticket, ...rest } = options as Record<string, unknown>;
  return rest;
}

export function ticketOf(options: unknown): string | null {
  if (typeof options !== "object" || options === null) return null;
  const ticket = (options as Record<string, unknown>)[TICKET_KEY];
  return typeof ticket === "string" ? ticket : null;
}

/** The client message type named in a refusal: a short string, or nothing (never a coerced object). */
export function causeOf(type: unknown): string | undefined {
  return typeof type === "string" ? type.slice(0, 40) : undefined;
}

export function addressOfClient(client: Client): string {
  const a = (client.auth as Partial<JoinAuth> | undefined)?.address;
  return typeof a === "string" ? a : "unknown";
}

/**
 * Before any room sees a request: the client's address, and for a create request a room slot (rooms
 * per address and per process are capped). The slot's ticket goes to the new room inside its options,
 * and comes back with the creator's own join: that is how the room knows its creator.
 */
export function authorize(options: unknown, context: AuthContext): JoinAuth {
  const address = context.req ? addressOf(context.req) : normaliseAddress(context.ip);
  if (!/^\/matchmake\/create\//.test(context.req?.url ?? "")) return { address };
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new ServerError(400, "bad_message");
  const ticket = randomBytes(18).toString("base64url");
  const slot = reserveRoom(address, ticket);
  if (!slot.ok) throw new ServerError(429, slot.code);
  (options as Record<string, unknown>)[TICKET_KEY] = ticket;
  return { address, creatorTicket: ticket };
}

/** What the door makes of one frame. */
export type DoorVerdict =
  /** Colyseus' own protocol frames (join acknowledgement, leave). */
  | { kind: "colyseus" }
  | { kind: "ignore" }
  /** Sustained flooding: disconnect, and the address cools down. */
  | { kind: "flood" }
  /** `bad`: the field to log as bad input. */
  | { kind: "refuse"; error: ErrorMessage; cause?: string; bad?: string }
  | { kind: "message"; message: ClientMessage };

/**
 * Every frame a client sends comes through here, whatever its channel or shape: it is charged to the
 * client's rate limiter before anything reads it, then decoded (a frame that does not decode is a
 * bad_message, not an exception), only "cmd" is served, and the message is parsed and checked against
 * the sender's role.
 */
export class Door {
  private readonly limiters = new Map<string, ClientLimiter>();

  open(sessionId: string): void {
    this.limiters.set(sessionId, new ClientLimiter(roomConfig.rateLimit, roomConfig.limiterNow()));
  }

  close(sessionId: string): void {
    this.limiters.delete(sessionId);
  }

  read(
    client: { sessionId: string; state: ClientState },
    buffer: Buffer,
    role: { isHost: boolean; isProjector: boolean } | undefined,
  ): DoorVerdict {
    const kind = buffer?.[0];
    if (kind === Protocol.LEAVE_ROOM || (kind === Protocol.JOIN_ROOM && client.state === ClientState.JOINING))
      return { kind: "colyseus" };
    if (client.state === ClientState.LEAVING) return { kind: "ignore" };
    if (!this.limiters.has(client.sessionId)) this.open(client.sessionId);
    const verdict = this.limiters.get(client.sessionId)?.check(roomConfig.limiterNow());
    if (verdict === "flood") return { kind: "flood" };
    if (verdict === "limited") return { kind: "refuse", error: { code: "rate_limited" } };
    const frame = decodeFrame(buffer);
    if (!frame.ok) {
      if (frame.type === "test.throw" && process.env.CQ_TEST_HOOKS === "1") return { kind: "colyseus" };
      const error: ErrorMessage = { code: "bad_message", params: { field: frame.field } };
      return { kind: "refuse", error, cause: causeOf(frame.type), bad: frame.field };
    }
    if (!role) return { kind: "refuse", error: { code: "no_seat" } };
    const parsed = parseClientMessage(frame.message);
    if (!parsed.ok) {
      const bad = String(parsed.error.params?.field ?? "");
      return { kind: "refuse", error: parsed.error, cause: claimedType(frame.message), bad };
    }
    const type = parsed.message.type;
    const refusal = roleRefusal(role, type);
    if (refusal) return { kind: "refuse", error: { code: refusal }, cause: type };
    return { kind: "message", message: parsed.message };
  }
}

/** A decoded frame: a "cmd" message's payload, or the field to name in a bad_message refusal. */
export type Frame =
  | { ok: true; message: unknown }
  | { ok: false; field: "(frame)" | "(channel)"; type?: unknown };

export function decodeFrame(buffer: Buffer): Frame {
  const kind = buffer?.[0];
  if (kind !== Protocol.ROOM_DATA && kind !== Protocol.ROOM_DATA_BYTES)
    return { ok: false, field: "(frame)" };
  let type: unknown;
  let message: unknown;
  try {
    const it = { offset: 1 };
    type = decode.stringCheck(buffer, it) ? decode.string(buffer, it) : decode.number(buffer, it);
    if (kind === Protocol.ROOM_DATA && buffer.byteLength > it.offset)
      message = unpack(buffer.subarray(it.offset, buffer.byteLength));
  } catch {
    return { ok: false, field: "(frame)" };
  }
  if (type !== CMD || kind !== Protocol.ROOM_DATA) return { ok: false, field: "(channel)", type };
  return { ok: true, message };
}

/** The type a raw message claims (for refusals), whatever its shape. */
export function claimedType(raw: unknown): string | undefined {
  return causeOf(typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined);
}

const refusal = (issues: { path: PropertyKey[] }[]) =>
  new ServerError(400, issues[0]?.path[0] === "nickname" ? "bad_nickname" : "bad_message");

export function parseCreateOptions(raw: unknown) {
  const parsed = CreateOptionsSchema.safeParse(raw);
  if (!parsed.success) throw refusal(parsed.error.issues);
  return parsed.data;
}

export function parseJoinOptions(raw: unknown) {
  const parsed = JoinOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) throw refusal(parsed.error.issues);
  return parsed.data;
}
