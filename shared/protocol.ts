// The wire protocol, declared once: every client→server message is a member of one zod
// discriminated union, sent on the single "cmd" channel and parsed where it enters the server.
// Server→client messages are typed here too. Join options and room settings are validated the same way.
//
// Join flow (colyseus.js 0.16, room name "city"):
// - Host: `client.create("city", CreateOptions)`. The room id is the 6-character code. The host alone
//   receives "hostToken" {token, code}: keep it (localStorage). Everyone receives "you" and "history".
//   Only the creator's own join (the server marks it) or a join presenting the host token is the host:
//   a restored room's host is whoever restores it with the token, never the first to arrive.
// - Student: `client.joinById(code, { nickname })`; projector: `client.joinById(code, { projector: true })`.
//   A student's first join is answered with "seat" {code, playerId, secret}: that player's seat secret,
//   sent to nobody else and stored by the server only as a hash. Keep it (localStorage) and come back
//   with `{ nickname, seatSecret }`. A nickname alone never returns a seat that has a secret: the join
//   is refused with "seat_locked", or, with a `seatClaim` (a random string the browser keeps), with
//   "seat_approval_pending" while the host is asked ("Alice wants her seat back"); once the host
//   approves, the same join with the same claim gets the seat (and a new secret).
// - Reload: `client.reconnect(room.reconnectionToken)` inside the reconnection window; else join again.
// - Host after a reload: `client.joinById(code, { hostToken })`; if the room is gone (server restarted,
//   or everyone left), `client.create("city", { nickname, restore: { code, hostToken } })` brings it back
//   at its last saved year, in the lobby phase; the host starts it again.
// - A refused join rejects with an Error whose message is a protocol code ("nickname_taken",
//   "late_join_closed", "bad_host_token", "room_not_found", "room_exists", "bad_message", ...).
// - The state: `room.state.toJSON()` is a RoomStateView (shared/mirror.ts); `fromMirror` gives a GameState.
import { z } from "zod";
import { ActionSchema, type RuleError } from "./actions.js";
import { CITY_POLICY_KINDS, type CityPolicy } from "./kinds.js";
import {
  DISTRICTS_MAX,
  DISTRICTS_MIN,
  MAP_SIZES,
  TEAM_SIZE_DEFAULT,
  TEAM_SIZE_MAX,
  TEAM_SIZE_MIN,
} from "./limits.js";
import type { GameRecordFile } from "./record.js";
import type { GameEvent, HistoryRow } from "./state.js";
import { CITY_EVENTS } from "./state.js";

/** The one message channel clients send on. */
export const CMD = "cmd";

export const NICKNAME_MAX = 24;
export const Nickname = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1).max(NICKNAME_MAX));

/** 6 characters without look-alikes (no O/0, I/1/L, S/5, Z/2, B/8). */
export const ROOM_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const RoomCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.string().regex(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`)));

export { MAP_SIZES };

/** The fair start's longest countdown, in seconds. */
export const START_COUNTDOWN_MAX = 10;

export const RoomSettingsSchema = z
  .object({
    scenario: z.string().min(1).max(40).default("steel-town"),
    size: z.literal(MAP_SIZES).optional(),
    districts: z.number().int().min(DISTRICTS_MIN).max(DISTRICTS_MAX).optional(),
    rounds: z.number().int().min(1).max(40).optional(),
    planningSeconds: z.number().int().min(20).max(600).default(90),
    /** Reading time of the year report before the next planning phase begins. */
    reportSeconds: z.number().int().min(3).max(300).default(30),
    /** "Until I continue": the report phase waits for the host's Continue (reportSeconds unused). */
    reportWait: z.boolean().default(false),
    /** Fair start: the first planning clock starts when every connected player's map is ready, or
     * after this many seconds (shown to all), whichever is first. 0 starts the clock at once. */
    startCountdown: z.number().int().min(0).max(START_COUNTDOWN_MAX).default(START_COUNTDOWN_MAX),
    teamSize: z.number().int().min(TEAM_SIZE_MIN).max(TEAM_SIZE_MAX).default(TEAM_SIZE_DEFAULT),
    bots: z.boolean().default(true),
    botLevel: z.enum(["easy", "hard"]).default("easy"),
    /** "mixed": bots play the five strategies of the balance study, one per district in turn (each
     * follows one idea of the paper); "cooperative": bots work with the class for the shared goal. */
    botStrategy: z.enum(["mixed", "cooperative"]).default("mixed"),
    chat: z.boolean().default(true),
    lateJoin: z.boolean().default(true),
    reconnectSeconds: z.number().int().min(10).max(600).default(120),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** An instructor's own scenario (validated with the scenario schema). */
    customScenario: z.unknown().optional(),
  })
  .strict();
export type RoomSettings = z.output<typeof RoomSettingsSchema>;

/** Options a client passes when creating a room (the host). */
export const CreateOptionsSchema = z
  .object({
    nickname: Nickname,
    // prefault, not default: zod 4's default({}) returns {} as is, without the fields' defaults.
    settings: RoomSettingsSchema.prefault({}),
    /** "solo": one person plus bots. */
    solo: z.boolean().default(false),
    locale: z.enum(["en", "zh-CN"]).default("en"),
    /**
     * Bring back a saved room (after a server restart, or after everyone left): its code and the
     * host token. The settings of the saved room are used; `settings` is then ignored.
     */
    restore: z
      .object({ code: RoomCode, hostToken: z.string().min(8).max(128) })
      .strict()
      .optional(),
  })
  .strict();
export type CreateOptions = z.input<typeof CreateOptionsSchema>;

/** Options a client passes when joining (a student, or the host returning with their token). */
export const JoinOptionsSchema = z
  .object({
    nickname: Nickname.optional(),
    hostToken: z.string().min(8).max(128).optional(),
    /** Read-only projector view. */
    projector: z.boolean().default(false),
    /** The seat secret this browser was given at its first join ("seat" message). */
    seatSecret: z.string().min(8).max(128).optional(),
    /** A random string the browser keeps while it asks the host for its seat back. */
    seatClaim: z.string().min(8).max(128).optional(),
  })
  .strict();
export type JoinOptions = z.input<typeof JoinOptionsSchema>;

const Seconds = z.number().int().min(-600).max(600);

export const ClientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("action"), action: ActionSchema }).strict(),
  z
    .object({ type: z.literal("chat"), text: z.string().min(1).max(280), team: z.boolean().default(false) })
    .strict(),
  z.object({ type: z.literal("ping"), t: z.number().finite() }).strict(),
  /** The client's map is drawn and it can play (fair start). */
  z.object({ type: z.literal("ready") }).strict(),
  z.object({ type: z.literal("host.start") }).strict(),
  z.object({ type: z.literal("host.pause") }).strict(),
  z.object({ type: z.literal("host.resume") }).strict(),
  z.object({ type: z.literal("host.addTime"), seconds: Seconds }).strict(),
  z.object({ type: z.literal("host.endPlanning") }).strict(),
  z.object({ type: z.literal("host.endGame") }).strict(),
  z.object({ type: z.literal("host.kick"), player: z.string().min(1).max(64) }).strict(),
  z.object({ type: z.literal("host.muteChat"), muted: z.boolean() }).strict(),
  z.object({ type: z.literal("host.injectEvent"), event: z.enum(CITY_EVENTS) }).strict(),
  z
    .object({
      type: z.literal("host.assignSeat"),
      player: z.string().min(1).max(64),
      district: z
        .number()
        .int()
        .min(0)
        .max(DISTRICTS_MAX - 1),
    })
    .strict(),
  z.object({ type: z.literal("host.setBots"), enabled: z.boolean() }).strict(),
  z.object({ type: z.literal("host.setBotStrategy"), strategy: z.enum(["mixed", "cooperative"]) }).strict(),
  /** Gives a seat back to the browser that asked for it (the "seatRequests" list). */
  z.object({ type: z.literal("host.approveSeat"), player: z.string().min(1).max(64) }).strict(),
  /** How many seats one network address may take in this room (a class behind one NAT needs more). */
  z.object({ type: z.literal("host.setJoinCap"), perAddress: z.number().int().min(1).max(80) }).strict(),
  z
    .object({
      type: z.literal("host.decree"),
      policy: z.enum(CITY_POLICY_KINDS as [CityPolicy, ...CityPolicy[]]),
      enabled: z.boolean(),
    })
    .strict(),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
export type ClientMessageType = ClientMessage["type"];

/** Protocol-level error codes (rule errors come from actions.ts). */
export const PROTOCOL_ERRORS = [
  "bad_message",
  "rate_limited",
  "not_host",
  "paused",
  "not_planning",
  "chat_muted",
  "chat_disabled",
  "projector_read_only",
  "no_seat",
  "no_such_player",
  "room_not_found",
  "nickname_taken",
  "room_full",
  "late_join_closed",
  "bad_host_token",
  "scenario_invalid",
  "server_error",
  "wrong_phase",
  "room_exists",
  "cannot_kick_host",
  "snapshot_unreadable",
  "seat_locked",
  "seat_approval_pending",
  "no_seat_request",
  "too_many_rooms",
  "server_full",
  "too_many_attempts",
  "join_cooldown",
  "address_cap",
  "chat_dropped",
  "bad_nickname",
  "server_stopping",
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERRORS)[number];

export interface ErrorMessage {
  code: ProtocolErrorCode | RuleError["code"];
  params?: Record<string, string | number>;
  /** The client message type that caused it. */
  cause?: string;
}

// ------------------------------------------------------------------------------------------------
// Server→client messages: one zod schema per message name, so a name fixes its payload end to end
// (the server's `sendMessage`/`broadcastMessage` and the client's `onMessage` helpers take the name
// and a payload of this type; tests parse what the server sends with these schemas).

const Params = z.record(z.string(), z.union([z.string(), z.number()]));
/** Rule events and history rows are the rules' own types (shared/state.ts); on the wire they are
 * objects of those types (checked as objects here, typed by the rules). */
const GameEvents = z.array(z.custom<GameEvent>((v) => typeof v === "object" && v !== null));
const HistoryRows = z.array(
  z.custom<HistoryRow>((v) => typeof v === "object" && v !== null && "district" in v && "year" in v),
);

export const ServerMessageSchemas = {
  /** A refusal: a protocol or rule error code, its parameters, and the client message type that caused it. */
  error: z
    .object({
      code: z.custom<ErrorMessage["code"]>((v) => typeof v === "string"),
      params: Params.optional(),
      cause: z.string().optional(),
    })
    .strict(),
  /** Sent to the host only, on create and on every host (re)join. Keep it secret. */
  hostToken: z.object({ token: z.string(), code: z.string() }).strict(),
  /** The rules' events of one accepted action (or a host control, or the bots' turn), to everyone. */
  events: z.object({ events: GameEvents }).strict(),
  /** After each resolution: the year's events and history rows. */
  yearReport: z.object({ year: z.number().int(), events: GameEvents, history: HistoryRows }).strict(),
  chat: z
    .object({
      from: z.string(),
      nickname: z.string(),
      text: z.string(),
      team: z.boolean(),
      district: z.number().int(),
    })
    .strict(),
  /** Answer to "ping": the client's t and the server's epoch ms. */
  pong: z.object({ t: z.number(), serverTime: z.number() }).strict(),
  /** Sent just before the server closes a removed player's connection. */
  kicked: z.object({ reason: z.enum(["host", "flood", "replaced"]) }).strict(),
  /** All history rows so far, sent on join and reconnect. */
  history: z.object({ rows: HistoryRows }).strict(),
  /** Who this client is, sent on join and reconnect (playerId: the key in `state.players`). */
  you: z
    .object({
      playerId: z.string(),
      district: z.number().int(),
      isHost: z.boolean(),
      isProjector: z.boolean(),
      code: z.string(),
    })
    .strict(),
  /** Sent to one student only, at their first join (or when the host gives a seat back). */
  seat: z.object({ code: z.string(), playerId: z.string(), secret: z.string() }).strict(),
  /** Sent to the host when the list changes: players asking for their seat back. */
  seatRequests: z
    .object({ requests: z.array(z.object({ player: z.string(), nickname: z.string() }).strict()) })
    .strict(),
  /** The server is stopping (a restart or an update): the room was saved; pages reconnect on their own. */
  serverRestarting: z.object({}).strict(),
  /** The game's record (scenario, settings, action log) once it has ended: for replays and forks. The
   * client reads it through `parseRecord` (shared/record.ts), which checks every field. */
  record: z.object({ record: z.custom<GameRecordFile>((v) => typeof v === "object" && v !== null) }).strict(),
} as const;

export type ServerMessageName = keyof typeof ServerMessageSchemas;
export type ServerMessages = { [K in ServerMessageName]: z.output<(typeof ServerMessageSchemas)[K]> };

/** Every server message as `{ type, payload }` (one discriminated union). */
export const ServerMessageSchema = z.discriminatedUnion(
  "type",
  Object.entries(ServerMessageSchemas).map(([type, payload]) =>
    z.object({ type: z.literal(type), payload }),
  ) as unknown as [z.ZodObject<{ type: z.ZodLiteral<string>; payload: z.ZodType }>],
);
export type ServerMessage = {
  [K in ServerMessageName]: { type: K; payload: ServerMessages[K] };
}[ServerMessageName];

/** Server→client message names. */
export const SERVER_MESSAGES = Object.fromEntries(Object.keys(ServerMessageSchemas).map((k) => [k, k])) as {
  [K in ServerMessageName]: K;
};

export type SeatRequestsMessage = ServerMessages["seatRequests"];
export type YearReportMessage = ServerMessages["yearReport"];
export type YouMessage = ServerMessages["you"];
export type ChatMessage = ServerMessages["chat"];

/** Checks a server message against its schema (tests and tools; the client trusts its server). */
export function parseServerMessage(
  type: string,
  payload: unknown,
): { ok: true } | { ok: false; field: string } {
  const schema = (ServerMessageSchemas as Record<string, z.ZodType>)[type];
  if (!schema) return { ok: false, field: "(type)" };
  const r = schema.safeParse(payload);
  return r.success ? { ok: true } : { ok: false, field: r.error.issues[0]?.path.join(".") || "(root)" };
}

/** Parses a client message; the error names the first bad field. */
export function parseClientMessage(
  input: unknown,
): { ok: true; message: ClientMessage } | { ok: false; error: ErrorMessage } {
  const r = ClientMessageSchema.safeParse(input);
  if (r.success) return { ok: true, message: r.data };
  const issue = r.error.issues[0];
  return { ok: false, error: { code: "bad_message", params: { field: issue.path.join(".") || "type" } } };
}
