// The "city" room: one class's game. It holds little logic of its own: every message is parsed with the
// shared protocol at the door, dispatched in one place, applied by the shared rules, and the Schema is
// then written by one sync function (server/sync.ts). The room owns only what the rules do not know:
// players and seats, the phase clock, the host's controls, flood control and snapshots.
import { randomBytes } from "node:crypto";
import {
  type AuthContext,
  type Client,
  type ClientPrivate,
  ClientState,
  type Delayed,
  type Deferred,
  Protocol,
  Room,
  ServerError,
} from "@colyseus/core";
import { unpack } from "@colyseus/msgpackr";
import { decode } from "@colyseus/schema";
import { type Action, type Actor, applyAction, type RuleError } from "../shared/actions.js";
import { completeHistoryRow } from "../shared/debrief.js";
import { LAND_USES } from "../shared/kinds.js";
import { ROOM_CLIENTS_MAX } from "../shared/limits.js";
import type { Phase, PlayerView } from "../shared/mirror.js";
import {
  CMD,
  type ClientMessage,
  CreateOptionsSchema,
  type ErrorMessage,
  JoinOptionsSchema,
  parseClientMessage,
  type RoomSettings,
  SERVER_MESSAGES,
} from "../shared/protocol.js";
import type { LogEntry } from "../shared/replay.js";
import type { z } from "zod";
import { resolveYear } from "../shared/resolve.js";
import { createGame, parseScenario, type Scenario, scenarioById } from "../shared/scenario.js";
import type { GameEvent, GameState } from "../shared/state.js";
import { answerBotProposal, runBotTurn } from "./bots-adapter.js";
import {
  addressOf,
  badInputLog,
  joinFailures,
  limits,
  normaliseAddress,
  releaseRoom,
  reserveRoom,
  serverClock,
  takeRoomTicket,
} from "./limits.js";
import { ClientLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions, TokenBucket } from "./rate-limit.js";
import { RoomState } from "./schema.js";
import { autoSeat } from "./seating.js";
import {
  hashToken,
  newHostToken,
  newPlayerId,
  newRoomCode,
  newSeatSecret,
  newSeed,
  tokenMatches,
} from "./secrets.js";
import { type RoomSnapshot, snapshotStore } from "./storage.js";
import { claimCode, releaseCode } from "./codes.js";
import { StateWriter } from "./sync.js";

const MAX_PLAYERS = ROOM_CLIENTS_MAX;
/** Resolution of the phase timers. */
const CLOCK_TICK_MS = 100;
/** Close code for a removal the client must not reconnect from (Colyseus' "consented" code). */
const CLOSE_REMOVED = 4000;

interface PlayerRecord {
  id: string;
  nickname: string;
  district: number;
  isHost: boolean;
  isProjector: boolean;
  /** Session of the live connection (null when away). */
  sessionId: string | null;
  /** Dropped, inside the reconnection window. */
  awaiting: boolean;
  /** Hash of the seat secret (only its player has the secret). */
  secretHash?: string;
  /** The network address the seat was taken from (for the per-address cap). */
  address?: string;
}

/** What the server knows of a join before the room sees it (set in `onAuth`; clients cannot forge it). */
interface JoinAuth {
  address: string;
  /** The join of the client that created this room (its ticket). */
  creatorTicket?: string;
}

/** A browser asking for a seat that has a secret it does not have. */
interface SeatRequest {
  claimHash: string;
  nickname: string;
  approved: boolean;
  at: number;
}

/** The option key by which a create request hands the room its slot ticket (stripped before parsing). */
const TICKET_KEY = "cq:ticket";
/** How long a seat request waits for the host. */
const SEAT_REQUEST_MS = 10 * 60_000;
/** How often the room checks whether it has gone idle. */
const IDLE_CHECK_MS = 10_000;

interface SessionData {
  playerId: string;
}

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

const error = (code: ErrorMessage["code"], params?: ErrorMessage["params"]): ErrorMessage =>
  params ? { code, params } : { code };

export class CityRoom extends Room<RoomState> {
  override maxClients = MAX_PLAYERS;

  private game!: GameState;
  private log: LogEntry[] = [];
  private settings!: RoomSettings;
  private customScenario: unknown = null;
  /** The scenario's texts for the clients (title, summary, goal; JSON). */
  private scenarioText = "";
  private hostTokenHash = "";
  /** The host's token, kept only until the creator has joined and received it. */
  private creatorToken: string | null = null;
  /** The slot ticket of the create request: only the join that carries it is the creator's. */
  private creatorTicket: string | null = null;
  /** The creator's address (its room slot is given back on dispose). */
  private creatorAddress: string | null = null;
  private solo = false;
  /** Seats one address may take (the host can change it). */
  private joinCap = limits.joinsPerAddress;
  /** Address → room-clock time until which it may not join (removed players, flooders). */
  private readonly cooldowns = new Map<string, number>();
  /** Player id → a browser asking for that seat back. */
  private readonly seatRequests = new Map<string, SeatRequest>();
  private readonly limiters = new Map<string, ClientLimiter>();
  private chatBudget!: TokenBucket;
  private lastActivity = 0;

  private readonly players = new Map<string, PlayerRecord>();
  private readonly sessions = new Map<string, SessionData>();
  private readonly reconnections = new Map<string, Deferred<Client>>();

  private phase: Phase = "lobby";
  private paused = false;
  private phaseEndsAt = 0;
  private remainingMs = 0;
  private chatMuted = false;
  private botsEnabled = true;
  private timer: Delayed | null = null;
  /** Fair start: sessions whose map is ready while the first clock waits ("starting"). */
  private readonly mapsReady = new Set<string>();
  /** The report waits for the host's Continue (no clock runs). */
  private waitingForHost = false;
  private writer!: StateWriter;
  private ownsCode = false;

  // ---------------------------------------------------------------------------------------------
  // Life cycle

  /**
   * Before any room sees a request: the client's address, and for a create request a room slot
   * (rooms per address and per process are capped). The slot's ticket goes to the new room inside its
   * options, and comes back with the creator's own join: that is how the room knows its creator.
   */
  static override async onAuth(_token: string, options: unknown, context: AuthContext): Promise<JoinAuth> {
    const address = context.req ? addressOf(context.req) : normaliseAddress(context.ip);
    const creating = /^\/matchmake\/create\//.test(context.req?.url ?? "");
    if (!creating) return { address };
    if (typeof options !== "object" || options === null || Array.isArray(options))
      throw new ServerError(400, "bad_message");
    const ticket = randomBytes(18).toString("base64url");
    const slot = reserveRoom(address, ticket);
    if (!slot.ok) throw new ServerError(429, slot.code);
    (options as Record<string, unknown>)[TICKET_KEY] = ticket;
    return { address, creatorTicket: ticket };
  }

  override async onCreate(rawOptions: unknown): Promise<void> {
    const options = withoutTicket(rawOptions);
    if (typeof rawOptions === "object" && rawOptions !== null) {
      const ticket = (rawOptions as Record<string, unknown>)[TICKET_KEY];
      if (typeof ticket === "string") {
        this.creatorAddress = takeRoomTicket(ticket);
        if (this.creatorAddress !== null) this.creatorTicket = ticket;
      }
    }
    try {
      await this.create(options);
    } catch (e) {
      this.giveSlotBack();
      throw e;
    }
  }

  private giveSlotBack(): void {
    if (this.creatorAddress !== null) releaseRoom(this.creatorAddress);
    this.creatorAddress = null;
  }

  private async create(rawOptions: unknown): Promise<void> {
    const parsed = CreateOptionsSchema.safeParse(rawOptions);
    if (!parsed.success)
      throw new ServerError(
        400,
        parsed.error.issues[0]?.path[0] === "nickname" ? "bad_nickname" : "bad_message",
      );
    const options = parsed.data;
    const store = snapshotStore();

    let code: string;
    if (options.restore) {
      code = options.restore.code;
      const snap = store.load(code);
      if (!snap) throw new ServerError(404, "room_not_found");
      if (!tokenMatches(options.restore.hostToken, snap.hostTokenHash))
        throw new ServerError(403, "bad_host_token");
      // Claimed atomically: of two restores of one code at once (two tabs, two processes sharing the
      // presence), exactly one gets the room.
      if (!(await claimCode(this.presence, code))) throw new ServerError(409, "room_exists");
      try {
        this.restore(snap);
      } catch (e) {
        // A snapshot that cannot be read gives its code back, and says so.
        await releaseCode(this.presence, code);
        console.error(`[room ${code}] snapshot could not be restored:`, e);
        throw new ServerError(500, "snapshot_unreadable");
      }
      this.ownsCode = true;
      this.creatorToken = options.restore.hostToken;
    } else {
      const settings = { ...options.settings, seed: options.settings.seed ?? newSeed() };
      if (options.solo) settings.bots = true;
      let scenario: Scenario | undefined;
      if (settings.customScenario !== undefined) {
        const r = parseScenario(settings.customScenario);
        // The refusal names the first bad field: "scenario_invalid:goal.target".
        if (!r.ok) throw new ServerError(400, `scenario_invalid:${r.error.field}`);
        scenario = r.scenario;
        // Stored once, as parsed: the scenario's known fields only.
        this.customScenario = r.scenario;
      } else scenario = scenarioById(settings.scenario);
      if (!scenario) throw new ServerError(400, "scenario_invalid");
      delete settings.customScenario;
      this.settings = settings;
      this.scenarioText = scenarioText(scenario);
      this.solo = options.solo;
      this.botsEnabled = settings.bots;
      this.game = createGame(scenario, {
        seed: settings.seed,
        size: settings.size,
        districts: settings.districts,
        years: settings.rounds,
      });
      code = await this.uniqueCode();
      this.creatorToken = newHostToken();
      this.hostTokenHash = hashToken(this.creatorToken);
    }
    this.roomId = code;
    await this.setPrivate(true);
    await this.setMetadata({ scenario: this.game.scenario });

    // The room clock ticks on its own interval, so that broadcastPatch() (called after each action for
    // low latency) never ticks it from inside a timer callback, which would fire that timer twice.
    this.setSimulationInterval(() => undefined, CLOCK_TICK_MS);
    // School Wi-Fi and busy laptops: give a joining client longer than the default 15 s to connect.
    this.setSeatReservationTime(30);
    this.setState(new RoomState());
    this.writer = new StateWriter(this.state);
    this.chatBudget = new TokenBucket(limits.chatBudgetBurst, limits.chatBudgetPerSecond, Date.now());
    this.lastActivity = this.clock.currentTime;
    this.clock.setInterval(() => this.closeIfIdle(), IDLE_CHECK_MS);
    // Every message comes in through `_onMessage` below (the one door); no handler is registered
    // for "cmd" or "*".
    if (process.env.CQ_TEST_HOOKS === "1") {
      // Test-only: a handler that throws, to prove the process survives it.
      this.onMessage("test.throw", () => {
        throw new Error("test hook: a handler threw");
      });
    }
    this.sync();
  }

  override onJoin(client: Client, rawOptions: unknown): void {
    try {
      this.admit(client, rawOptions);
    } catch (e) {
      // A refused join counts against the address, like an unknown code: repeated refusals (a kicked
      // client hammering the door, guessed nicknames) are then turned away before they cost a join.
      joinFailures.fail(addressOfClient(client), serverClock.now());
      // A refusal is a protocol code; nothing else (a validation text, a stack) reaches the client.
      if (e instanceof ServerError) throw e;
      console.error(`[room ${this.roomId}] join failed:`, e);
      throw new ServerError(500, "server_error");
    }
  }

  private admit(client: Client, rawOptions: unknown): void {
    const auth = (client.auth ?? {}) as Partial<JoinAuth>;
    const address = typeof auth.address === "string" ? auth.address : "unknown";
    let rec: PlayerRecord;
    let secret: string | null = null;
    if (this.creatorTicket !== null && auth.creatorTicket === this.creatorTicket) {
      // The creator's own join (fresh, or a restore checked against the saved token in onCreate).
      this.creatorTicket = null;
      const options = CreateOptionsSchema.safeParse(withoutTicket(rawOptions));
      if (!options.success) throw new ServerError(400, "bad_message");
      const saved = [...this.players.values()].find((p) => p.isHost);
      rec = saved ?? this.addPlayer(options.data.nickname, this.solo ? 0 : -1);
      rec.isHost = true;
      // A restored room keeps the teacher's saved name.
      if (!saved) rec.nickname = options.data.nickname;
      this.replaceSession(rec);
    } else {
      const parsed = JoinOptionsSchema.safeParse(rawOptions ?? {});
      if (!parsed.success)
        throw new ServerError(
          400,
          parsed.error.issues[0]?.path[0] === "nickname" ? "bad_nickname" : "bad_message",
        );
      const options = parsed.data;
      if (options.hostToken !== undefined) {
        if (!this.hostTokenHash || !tokenMatches(options.hostToken, this.hostTokenHash))
          throw new ServerError(403, "bad_host_token");
        rec =
          [...this.players.values()].find((p) => p.isHost) ?? this.addPlayer(options.nickname ?? "host", -1);
        rec.isHost = true;
        this.replaceSession(rec);
        this.creatorToken = options.hostToken;
      } else if (options.projector) {
        rec = this.addPlayer("projector", -1);
        rec.isProjector = true;
      } else {
        const until = this.cooldowns.get(address);
        if (until !== undefined && until > this.roomNow()) throw new ServerError(429, "join_cooldown");
        ({ rec, secret } = this.seatStudent(options, address));
      }
    }
    rec.sessionId = client.sessionId;
    rec.awaiting = false;
    this.sessions.set(client.sessionId, { playerId: rec.id });
    this.limiters.set(client.sessionId, new ClientLimiter(roomConfig.rateLimit, roomConfig.limiterNow()));
    this.touch();
    if (rec.isHost && this.creatorToken) {
      client.send(SERVER_MESSAGES.hostToken, { token: this.creatorToken, code: this.roomId });
      this.creatorToken = null;
    }
    if (secret !== null) client.send(SERVER_MESSAGES.seat, { code: this.roomId, playerId: rec.id, secret });
    this.greet(client, rec);
    if (rec.isHost) this.sendSeatRequests(client);
    this.sync();
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const session = this.sessions.get(client.sessionId);
    this.sessions.delete(client.sessionId);
    this.limiters.delete(client.sessionId);
    const rec = session ? this.players.get(session.playerId) : undefined;
    this.mapsReady.delete(client.sessionId);
    if (!rec || rec.sessionId !== client.sessionId) return;
    rec.sessionId = null;
    // A player who left no longer holds up the fair start.
    this.startIfAllReady();
    if (consented || rec.isProjector) {
      this.forgetIfFree(rec);
      this.sync();
      return;
    }
    rec.awaiting = true;
    this.sync();
    // The window runs on the room clock (not a Node timer), like the phase timers. A lobby seat is
    // held only briefly: nothing is at stake yet, and dropped sockets must not squat the room.
    const inLobby = this.phase === "lobby" && !rec.isHost;
    const seconds = inLobby
      ? Math.min(this.settings.reconnectSeconds, limits.lobbySeatSeconds)
      : this.settings.reconnectSeconds;
    const deferred = this.allowReconnection(client, "manual");
    this.reconnections.set(rec.id, deferred);
    const expiry = this.clock.setTimeout(
      () => deferred.reject(new Error("reconnection window closed")),
      seconds * 1000,
    );
    try {
      const back = await deferred;
      expiry.clear();
      this.reconnections.delete(rec.id);
      if (!this.players.has(rec.id)) return;
      rec.sessionId = back.sessionId;
      rec.awaiting = false;
      this.sessions.set(back.sessionId, { playerId: rec.id });
      this.limiters.set(back.sessionId, new ClientLimiter(roomConfig.rateLimit, roomConfig.limiterNow()));
      this.greet(back, rec);
    } catch {
      // The window closed: the seat stays with its district, marked empty; in the lobby it is freed.
      expiry.clear();
      this.reconnections.delete(rec.id);
      rec.awaiting = false;
      if (this.phase === "lobby" && !rec.isHost && rec.sessionId === null) this.players.delete(rec.id);
    }
    this.sync();
  }

  /** The server is stopping: the room is saved at once (this year's actions included: a client slow to
   * close its socket may hold the dispose up to the end of the grace period), every client is told (its
   * page reconnects, or restores the room once the server is back), then the room closes as usual
   * (onDispose saves it again). */
  override onBeforeShutdown(): void {
    this.save();
    this.broadcast(SERVER_MESSAGES.serverRestarting, {});
    super.onBeforeShutdown();
  }

  override onDispose(): void {
    this.clearTimer();
    this.save();
    this.giveSlotBack();
    if (this.ownsCode) void releaseCode(this.presence, this.roomId);
  }

  /** The room clock's time now (not as of its last tick; tests drive this clock). */
  private roomNow(): number {
    return (this.clock as unknown as { now: () => number }).now();
  }

  /** Player activity (an accepted message, a join, a phase change) keeps the room open. */
  private touch(): void {
    this.lastActivity = this.clock.currentTime;
  }

  private closeIfIdle(): void {
    if (this.clock.currentTime - this.lastActivity < limits.idleRoomMinutes * 60_000) return;
    console.log(`[room ${this.roomId}] idle for ${limits.idleRoomMinutes} min: saved and closed`);
    this.lastActivity = Number.POSITIVE_INFINITY;
    void this.disconnect(CLOSE_REMOVED);
  }

  override onUncaughtException(err: Error & { cause?: unknown }, methodName: string): void {
    // Refused joins are ServerErrors by design: not worth a stack trace.
    if (err.cause instanceof ServerError) return;
    console.error(`[room ${this.roomId}] uncaught exception in ${methodName}:`, err?.stack ?? err);
  }

  // ---------------------------------------------------------------------------------------------
  // The door: flood control, parsing, and one dispatcher.

  /**
   * Every frame a client sends comes through here, whatever its channel or shape: it is charged to the
   * client's rate limiter before anything reads it, then decoded (a frame that does not decode is a
   * bad_message, not an exception), and only "cmd" is served. Colyseus' own handling is kept for its
   * protocol frames (join acknowledgement, leave).
   */
  protected override _onMessage(client: Client & ClientPrivate, buffer: Buffer): void {
    const kind = buffer?.[0];
    if (
      kind === Protocol.LEAVE_ROOM ||
      (kind === Protocol.JOIN_ROOM && client.state === ClientState.JOINING)
    ) {
      super._onMessage(client, buffer);
      return;
    }
    if (client.state === ClientState.LEAVING) return;
    let limiter = this.limiters.get(client.sessionId);
    if (!limiter) {
      limiter = new ClientLimiter(roomConfig.rateLimit, roomConfig.limiterNow());
      this.limiters.set(client.sessionId, limiter);
    }
    const verdict = limiter.check(roomConfig.limiterNow());
    if (verdict === "flood") {
      this.coolDown(addressOfClient(client));
      client.send(SERVER_MESSAGES.kicked, { reason: "flood" });
      client.leave(CLOSE_REMOVED);
      return;
    }
    if (verdict === "limited") {
      this.refuse(client, error("rate_limited"));
      return;
    }
    if (kind !== Protocol.ROOM_DATA && kind !== Protocol.ROOM_DATA_BYTES) {
      this.badInput(client, "(frame)");
      this.refuse(client, error("bad_message", { field: "(frame)" }));
      return;
    }
    let type: unknown;
    let message: unknown;
    try {
      const it = { offset: 1 };
      type = decode.stringCheck(buffer, it) ? decode.string(buffer, it) : decode.number(buffer, it);
      if (kind === Protocol.ROOM_DATA && buffer.byteLength > it.offset)
        message = unpack(buffer.subarray(it.offset, buffer.byteLength));
    } catch {
      this.badInput(client, "(frame)");
      this.refuse(client, error("bad_message", { field: "(frame)" }));
      return;
    }
    if (type === "test.throw" && process.env.CQ_TEST_HOOKS === "1") {
      super._onMessage(client, buffer);
      return;
    }
    if (type !== CMD || kind !== Protocol.ROOM_DATA) {
      this.badInput(client, "(channel)");
      this.refuse(client, error("bad_message", { field: "(channel)" }), causeOf(type));
      return;
    }
    this.receive(client, message);
  }

  private receive(client: Client, raw: unknown): void {
    const session = this.sessions.get(client.sessionId);
    const rec = session ? this.players.get(session.playerId) : undefined;
    if (!session || !rec) {
      this.refuse(client, error("no_seat"));
      return;
    }
    const cause = causeOf(
      typeof raw === "object" && raw !== null ? (raw as { type?: unknown }).type : undefined,
    );
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      this.badInput(client, String(parsed.error.params?.field ?? ""));
      this.refuse(client, parsed.error, cause);
      return;
    }
    const message = parsed.message;
    if (message.type.startsWith("host.") && !rec.isHost) {
      this.refuse(client, error("not_host"), message.type);
      return;
    }
    if (rec.isProjector && message.type !== "ping" && message.type !== "ready") {
      this.refuse(client, error("projector_read_only"), message.type);
      return;
    }
    let failure: ErrorMessage | null;
    try {
      failure = this.dispatch(client, rec, message);
    } catch (e) {
      console.error(`[room ${this.roomId}] ${message.type} failed:`, e);
      failure = error("server_error");
    }
    if (failure) this.refuse(client, failure, message.type);
    else if (message.type !== "ping") this.touch();
  }

  /** Bad input is logged, but the log itself is throttled (one line per message would be a flood). */
  private badInput(client: Client, field: string): void {
    badInputLog.line(
      Date.now(),
      `[room ${this.roomId}] bad message from ${addressOfClient(client)} (${client.sessionId}): ${field.slice(0, 60)}`,
    );
  }

  private coolDown(address: string): void {
    if (address === "unknown" || limits.kickCooldownSeconds <= 0) return;
    this.cooldowns.set(address, this.roomNow() + limits.kickCooldownSeconds * 1000);
  }

  private dispatch(client: Client, rec: PlayerRecord, m: ClientMessage): ErrorMessage | null {
    switch (m.type) {
      case "action":
        return this.playerAction(rec, m.action);
      case "chat":
        return this.chat(client, rec, m.text, m.team);
      case "ping":
        client.send(SERVER_MESSAGES.pong, { t: m.t, serverTime: Date.now() });
        return null;
      case "ready":
        // Only the fair start listens; a map that becomes ready later changes nothing.
        if (this.phase === "starting") {
          this.mapsReady.add(client.sessionId);
          this.startIfAllReady();
        }
        return null;
      case "host.start":
        if (this.phase !== "lobby") return error("wrong_phase", { phase: this.phase });
        if (this.game.year >= this.game.years) return error("wrong_phase", { phase: "ended" });
        this.startCountdown();
        return null;
      case "host.pause":
        return this.pause();
      case "host.resume":
        return this.resume();
      case "host.addTime":
        return this.addTime(m.seconds);
      case "host.endPlanning":
        if (this.phase === "planning") this.endPlanning();
        else if (this.phase === "report" || this.phase === "starting") this.startPlanning();
        else return error("wrong_phase", { phase: this.phase });
        return null;
      case "host.endGame":
        if (this.phase === "ended") return error("wrong_phase", { phase: this.phase });
        this.endGame();
        return null;
      case "host.kick":
        return this.kick(rec, m.player);
      case "host.muteChat":
        this.chatMuted = m.muted;
        this.sync();
        return null;
      case "host.injectEvent":
        if (this.phase === "ended") return error("wrong_phase", { phase: this.phase });
        return this.applyGameAction({ type: "injectEvent", event: m.event }, { kind: "host" });
      case "host.assignSeat":
        return this.assignSeat(m.player, m.district);
      case "host.setBots":
        this.botsEnabled = m.enabled;
        this.sync();
        return null;
      case "host.approveSeat":
        return this.approveSeat(m.player);
      case "host.setJoinCap":
        this.joinCap = m.perAddress;
        return null;
      case "host.setBotStrategy":
        // From the next planning phase on, bots play this way (kept in the snapshot's settings).
        this.settings = { ...this.settings, botStrategy: m.strategy };
        this.sync();
        return null;
      case "host.decree":
        // The instructor as mayor: a city policy now, through the rules (and the action log).
        if (this.phase === "ended") return error("wrong_phase", { phase: this.phase });
        return this.applyGameAction(
          { type: "decreeCityPolicy", policy: m.policy, enabled: m.enabled },
          { kind: "host" },
        );
    }
  }

  private refuse(client: Client, err: ErrorMessage, cause?: string): void {
    client.send(SERVER_MESSAGES.error, cause === undefined ? err : { ...err, cause });
  }

  // ---------------------------------------------------------------------------------------------
  // Actions through the shared rules

  private playerAction(rec: PlayerRecord, action: Action): ErrorMessage | null {
    if (this.phase !== "planning") return error("not_planning", { phase: this.phase });
    if (this.paused) return error("paused");
    if (rec.isHost && (action.type === "injectEvent" || action.type === "decreeCityPolicy"))
      return this.applyGameAction(action, { kind: "host" });
    if (rec.district < 0) return error("no_seat");
    return this.applyGameAction(action, { kind: "district", district: rec.district });
  }

  /** The single path by which the game state changes outside resolution. */
  private applyGameAction(action: Action, actor: Actor): ErrorMessage | null {
    const r = applyAction(this.game, action, actor);
    if (!r.ok) return ruleError(r.error);
    this.game = r.state;
    this.log.push({ kind: "action", actor, action });
    const events = [...r.events, ...this.answerBotProposals(r.events)];
    this.publish(events);
    return null;
  }

  /** Syncs, sends the patch at once (low action-to-patch latency), then the events. */
  private publish(events: GameEvent[]): void {
    this.sync();
    this.broadcastPatch();
    if (events.length > 0) this.broadcast(SERVER_MESSAGES.events, { events });
  }

  // ---------------------------------------------------------------------------------------------
  // Bots: districts with no human seated play through the same rules path.

  private botDistricts(): number[] {
    if (!this.botsEnabled) return [];
    const manned = new Set<number>();
    for (const p of this.players.values()) {
      if (p.isProjector || p.district < 0) continue;
      if (p.sessionId !== null || p.awaiting) manned.add(p.district);
    }
    const out: number[] = [];
    for (let d = 0; d < this.game.districts.length; d++) if (!manned.has(d)) out.push(d);
    return out;
  }

  private runBots(): GameEvent[] {
    // The bots' turn is the shared loop the balance harness plays (shared/bots.ts, playBotsTurn).
    const turn = runBotTurn(
      this.game,
      this.botDistricts(),
      this.settings.botLevel,
      this.settings.botStrategy,
    );
    this.game = turn.state;
    for (const { actor, action } of turn.actions) this.log.push({ kind: "action", actor, action });
    return turn.events;
  }

  private answerBotProposals(
    events: readonly (GameEvent | { type: "proposal"; proposal: number; to: number })[],
  ): GameEvent[] {
    const bots = new Set(this.botDistricts());
    const out: GameEvent[] = [];
    for (const e of events) {
      if (e.type !== "proposal" || !bots.has(e.to)) continue;
      const p = this.game.proposals.find((x) => x.id === e.proposal);
      if (!p) continue;
      const accept = answerBotProposal(this.game, e.to, p);
      const action: Action = { type: "respondProposal", proposal: p.id, accept };
      const actor: Actor = { kind: "district", district: e.to };
      const r = applyAction(this.game, action, actor);
      if (!r.ok) continue;
      this.game = r.state;
      this.log.push({ kind: "action", actor, action });
      out.push(...r.events);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Phases and the clock

  /** Fair start: the first clock waits for every connected player's map, or the countdown. */
  private startCountdown(): void {
    const seconds = this.settings.startCountdown ?? 10;
    this.mapsReady.clear();
    if (seconds <= 0) {
      this.startPlanning();
      return;
    }
    this.phase = "starting";
    this.paused = false;
    this.startTimer(seconds * 1000);
    this.sync();
  }

  private startIfAllReady(): void {
    if (this.phase !== "starting" || this.paused) return;
    for (const p of this.players.values())
      if (p.sessionId !== null && !this.mapsReady.has(p.sessionId)) return;
    this.startPlanning();
  }

  private startPlanning(): void {
    this.mapsReady.clear();
    this.waitingForHost = false;
    if (this.game.year >= this.game.years) {
      this.endGame();
      return;
    }
    this.phase = "planning";
    this.paused = false;
    this.touch();
    this.startTimer(this.settings.planningSeconds * 1000);
    this.publish(this.runBots());
  }

  private endPlanning(): void {
    this.clearTimer();
    this.paused = false;
    this.phase = "resolving";
    const { state, events } = resolveYear(this.game);
    this.game = state;
    this.log.push({ kind: "resolve" });
    const history = state.history.filter((h) => h.year === state.year);
    this.broadcast(SERVER_MESSAGES.yearReport, { year: state.year, events, history });
    if (state.year >= state.years) {
      this.phase = "ended";
      this.phaseEndsAt = 0;
    } else {
      this.phase = "report";
      // "Until I continue": no clock; the host's Continue starts the next planning phase.
      this.waitingForHost = this.settings.reportWait === true;
      if (this.waitingForHost) this.phaseEndsAt = 0;
      else this.startTimer(this.settings.reportSeconds * 1000);
    }
    this.save();
    this.sync();
  }

  private endGame(): void {
    this.clearTimer();
    this.phase = "ended";
    this.paused = false;
    this.phaseEndsAt = 0;
    this.remainingMs = 0;
    this.save();
    this.sync();
  }

  private startTimer(ms: number): void {
    this.clearTimer();
    this.phaseEndsAt = Date.now() + ms;
    this.remainingMs = 0;
    this.timer = this.clock.setTimeout(() => this.onTimer(), ms);
  }

  private onTimer(): void {
    this.timer = null;
    if (this.paused) return;
    if (this.phase === "planning") this.endPlanning();
    else if (this.phase === "report" || this.phase === "starting") this.startPlanning();
  }

  private clearTimer(): void {
    this.timer?.clear();
    this.timer = null;
  }

  private pause(): ErrorMessage | null {
    if (this.phase !== "planning" && this.phase !== "report")
      return error("wrong_phase", { phase: this.phase });
    if (this.paused) return error("paused");
    this.remainingMs = this.waitingForHost ? 0 : Math.max(0, this.phaseEndsAt - Date.now());
    this.clearTimer();
    this.paused = true;
    this.phaseEndsAt = 0;
    this.sync();
    return null;
  }

  private resume(): ErrorMessage | null {
    if (!this.paused) return error("wrong_phase", { phase: this.phase });
    this.paused = false;
    if (!this.waitingForHost) this.startTimer(Math.max(1000, this.remainingMs));
    this.sync();
    return null;
  }

  private addTime(seconds: number): ErrorMessage | null {
    if ((this.phase !== "planning" && this.phase !== "report") || this.waitingForHost)
      return error("wrong_phase", { phase: this.phase });
    if (this.paused) this.remainingMs = Math.max(1000, this.remainingMs + seconds * 1000);
    else this.startTimer(Math.max(1000, this.phaseEndsAt + seconds * 1000 - Date.now()));
    this.sync();
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Players, seats and chat

  private addPlayer(nickname: string, district: number): PlayerRecord {
    const rec: PlayerRecord = {
      id: newPlayerId(),
      nickname,
      district,
      isHost: false,
      isProjector: false,
      sessionId: null,
      awaiting: false,
    };
    this.players.set(rec.id, rec);
    return rec;
  }

  /**
   * A student's seat. The seat secret returns its seat. A nickname alone gets a new seat, or a seat
   * saved without a secret; a seat that has a secret goes back to a nickname only with the host's
   * approval of this browser's claim.
   */
  private seatStudent(
    o: z.output<typeof JoinOptionsSchema>,
    address: string,
  ): {
    rec: PlayerRecord;
    secret: string | null;
  } {
    if (o.seatSecret !== undefined) {
      const secret = o.seatSecret;
      const own = [...this.players.values()].find(
        (p) =>
          !p.isHost && !p.isProjector && p.secretHash !== undefined && tokenMatches(secret, p.secretHash),
      );
      if (own) {
        this.replaceSession(own);
        this.seatRequests.delete(own.id);
        return { rec: own, secret: null };
      }
    }
    if (o.nickname === undefined) throw new ServerError(400, "bad_message");
    const key = o.nickname.toLowerCase();
    const same = [...this.players.values()].find((p) => !p.isProjector && p.nickname.toLowerCase() === key);
    if (same) {
      if (same.sessionId !== null || same.isHost) throw new ServerError(409, "nickname_taken");
      // A seat saved before seats had secrets: the nickname returns it (once its window has closed).
      if (same.secretHash === undefined) {
        if (same.awaiting) throw new ServerError(409, "nickname_taken");
        return { rec: same, secret: this.giveSecret(same) };
      }
      // Away (inside its reconnection window or after it): only its secret, or the host's approval.
      if (o.seatClaim === undefined) throw new ServerError(403, "seat_locked");
      const request = this.seatRequests.get(same.id);
      if (request?.approved && tokenMatches(o.seatClaim, request.claimHash)) {
        this.seatRequests.delete(same.id);
        this.replaceSession(same); // ends a reconnection window still open
        this.sendSeatRequests();
        return { rec: same, secret: this.giveSecret(same) };
      }
      if (!request || !tokenMatches(o.seatClaim, request.claimHash)) {
        this.seatRequests.set(same.id, {
          claimHash: hashToken(o.seatClaim),
          nickname: same.nickname,
          approved: false,
          at: this.roomNow(),
        });
        this.sendSeatRequests();
      }
      throw new ServerError(403, "seat_approval_pending");
    }
    if (this.phase !== "lobby" && !this.settings.lateJoin) throw new ServerError(403, "late_join_closed");
    if (this.players.size >= MAX_PLAYERS) throw new ServerError(403, "room_full");
    let fromHere = 0;
    for (const p of this.players.values())
      if (!p.isHost && !p.isProjector && p.address === address) fromHere++;
    if (fromHere >= this.joinCap) throw new ServerError(429, "address_cap");
    const rec = this.addPlayer(
      o.nickname,
      autoSeat(this.humanSeats(), this.game.districts.length, this.settings.teamSize),
    );
    rec.address = address;
    return { rec, secret: this.giveSecret(rec) };
  }

  /** A new seat secret for `rec` (any older one stops working); the server keeps only its hash. */
  private giveSecret(rec: PlayerRecord): string {
    const secret = newSeatSecret();
    rec.secretHash = hashToken(secret);
    return secret;
  }

  private approveSeat(playerId: string): ErrorMessage | null {
    const request = this.seatRequests.get(playerId);
    if (!request || this.roomNow() - request.at > SEAT_REQUEST_MS)
      return error("no_seat_request", { player: playerId });
    request.approved = true;
    request.at = this.roomNow();
    this.sendSeatRequests();
    return null;
  }

  /** The host's list of seat requests still waiting (to one client, or to every host connection). */
  private sendSeatRequests(to?: Client): void {
    const now = this.roomNow();
    for (const [id, r] of this.seatRequests) if (now - r.at > SEAT_REQUEST_MS) this.seatRequests.delete(id);
    const requests = [...this.seatRequests.entries()]
      .filter(([, r]) => !r.approved)
      .map(([player, r]) => ({ player, nickname: r.nickname }));
    const targets = to ? [to] : this.hostClients();
    for (const c of targets) c.send(SERVER_MESSAGES.seatRequests, { requests });
  }

  private hostClients(): Client[] {
    const out: Client[] = [];
    for (const p of this.players.values()) {
      if (!p.isHost || p.sessionId === null) continue;
      const c = this.clients.getById(p.sessionId);
      if (c) out.push(c);
    }
    return out;
  }

  private humanSeats() {
    return [...this.players.values()].map((p) => ({
      district: p.isHost && !this.solo ? -1 : p.district,
      isProjector: p.isProjector,
      isBot: false,
    }));
  }

  /** A host returning with the token (or a student with the seat secret) takes over from a stale connection. */
  private replaceSession(rec: PlayerRecord): void {
    const old = rec.sessionId ? this.clients.getById(rec.sessionId) : undefined;
    if (old) {
      this.sessions.delete(old.sessionId);
      // Told, so that the older tab does not try to take the seat back.
      old.send(SERVER_MESSAGES.kicked, { reason: "replaced" });
      old.leave(CLOSE_REMOVED);
    }
    this.reconnections.get(rec.id)?.reject(new Error("replaced"));
  }

  /** Drops a player who left on purpose while nothing is at stake yet (lobby), or a projector. */
  private forgetIfFree(rec: PlayerRecord): void {
    if (rec.isProjector || (this.phase === "lobby" && !rec.isHost)) this.players.delete(rec.id);
  }

  private kick(host: PlayerRecord, playerId: string): ErrorMessage | null {
    const rec = this.players.get(playerId);
    if (!rec) return error("no_such_player", { player: playerId });
    if (rec.id === host.id || rec.isHost) return error("cannot_kick_host");
    this.players.delete(rec.id);
    this.seatRequests.delete(rec.id);
    if (rec.address) this.coolDown(rec.address);
    this.reconnections.get(rec.id)?.reject(new Error("kicked"));
    const client = rec.sessionId ? this.clients.getById(rec.sessionId) : undefined;
    if (client) {
      client.send(SERVER_MESSAGES.kicked, { reason: "host" });
      client.leave(CLOSE_REMOVED);
    }
    this.sync();
    return null;
  }

  private assignSeat(playerId: string, district: number): ErrorMessage | null {
    const rec = this.players.get(playerId);
    if (!rec || rec.isProjector) return error("no_such_player", { player: playerId });
    if (district >= this.game.districts.length) return error("no_such_district", { district });
    rec.district = district;
    const client = rec.sessionId ? this.clients.getById(rec.sessionId) : undefined;
    if (client) this.sendYou(client, rec);
    this.sync();
    return null;
  }

  private chat(client: Client, rec: PlayerRecord, text: string, team: boolean): ErrorMessage | null {
    if (!this.settings.chat) return error("chat_disabled");
    if (this.chatMuted && !rec.isHost) return error("chat_muted");
    const message = { from: rec.id, nickname: rec.nickname, text, team, district: rec.district };
    // The room's outgoing chat budget counts deliveries (one message to n clients costs n): once it is
    // spent, messages are dropped and the sender is told, so chat cannot amplify into a flood.
    if (!team) {
      if (!this.chatBudget.takeMany(this.clients.length, Date.now())) return error("chat_dropped");
      this.broadcast(SERVER_MESSAGES.chat, message);
      return null;
    }
    if (rec.district < 0) return error("no_seat");
    const team_: Client[] = [];
    for (const c of this.clients) {
      const other = this.players.get(this.sessions.get(c.sessionId)?.playerId ?? "");
      if (other && (other.district === rec.district || c === client)) team_.push(c);
    }
    if (!this.chatBudget.takeMany(team_.length, Date.now())) return error("chat_dropped");
    for (const c of team_) c.send(SERVER_MESSAGES.chat, message);
    return null;
  }

  private greet(client: Client, rec: PlayerRecord): void {
    this.sendYou(client, rec);
    client.send(SERVER_MESSAGES.history, { rows: this.game.history });
  }

  private sendYou(client: Client, rec: PlayerRecord): void {
    client.send(SERVER_MESSAGES.you, {
      playerId: rec.id,
      district: rec.district,
      isHost: rec.isHost,
      isProjector: rec.isProjector,
      code: this.roomId,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // State sync and snapshots

  private sync(): void {
    const players: PlayerView[] = [];
    for (const p of this.players.values()) {
      players.push({
        id: p.id,
        nickname: p.nickname,
        district: p.district,
        connected: p.sessionId !== null,
        isHost: p.isHost,
        isBot: false,
        isProjector: p.isProjector,
      });
    }
    if (this.phase !== "lobby" || this.solo) {
      for (const d of this.botDistricts()) {
        players.push({
          id: `bot-${d}`,
          nickname: `Bot ${this.game.districts[d].name}`,
          district: d,
          connected: true,
          isHost: false,
          isBot: true,
          isProjector: false,
        });
      }
    }
    const seatCounts = new Array<number>(this.game.districts.length).fill(0);
    for (const p of this.players.values()) {
      if (p.isProjector || p.district < 0 || p.district >= seatCounts.length) continue;
      if (p.sessionId !== null || p.awaiting) seatCounts[p.district]++;
    }
    this.writer.sync(this.game, {
      code: this.roomId,
      phase: this.phase,
      paused: this.paused,
      phaseEndsAt: this.phaseEndsAt,
      remainingMs: this.remainingMs,
      chatEnabled: this.settings.chat,
      chatMuted: this.chatMuted,
      botsEnabled: this.botsEnabled,
      botStrategy: this.settings.botStrategy,
      scenarioText: this.scenarioText,
      players,
      seatCounts,
    });
  }

  private snapshot(): RoomSnapshot {
    return {
      code: this.roomId,
      hostTokenHash: this.hostTokenHash,
      settings: this.settings,
      customScenario: this.customScenario,
      state: this.game,
      log: this.log,
      seats: [...this.players.values()]
        .filter((p) => !p.isProjector)
        .map((p) => ({
          id: p.id,
          nickname: p.nickname,
          district: p.district,
          isHost: p.isHost,
          ...(p.secretHash ? { secretHash: p.secretHash } : {}),
        })),
      ended: this.phase === "ended",
      savedAt: Date.now(),
    };
  }

  private save(): void {
    if (!this.game || !this.hostTokenHash) return;
    try {
      snapshotStore().save(this.snapshot());
    } catch (e) {
      console.error(`[room ${this.roomId}] snapshot failed:`, e);
    }
  }

  private restore(snap: RoomSnapshot): void {
    // Settings saved before botStrategy existed: the default.
    this.settings = { ...snap.settings, botStrategy: snap.settings.botStrategy ?? "mixed" };
    this.customScenario = snap.customScenario;
    const custom = snap.customScenario ? parseScenario(snap.customScenario) : null;
    const scenario = custom?.ok ? custom.scenario : scenarioById(snap.settings.scenario);
    this.scenarioText = scenario ? scenarioText(scenario) : "";
    this.hostTokenHash = snap.hostTokenHash;
    this.botsEnabled = snap.settings.bots;
    // A snapshot written before the debrief fields existed is completed with neutral values (its
    // anchors at the start are unknown: taken as today's, so none count as added).
    const nd = snap.state.districts.length;
    const anchorsNow = (d: number) =>
      snap.state.tiles.filter((t) => t.district === d && LAND_USES[t.use].anchor).length;
    this.game = {
      ...snap.state,
      districts: snap.state.districts.map((d) => ({
        ...d,
        initialAnchors: d.initialAnchors ?? anchorsNow(d.id),
      })),
      history: snap.state.history.map((r) => completeHistoryRow(r, nd)),
    };
    this.log = snap.log;
    this.phase = snap.ended || snap.state.year >= snap.state.years ? "ended" : "lobby";
    for (const s of snap.seats) {
      this.players.set(s.id, {
        id: s.id,
        nickname: s.nickname,
        district: s.district,
        isHost: s.isHost,
        isProjector: false,
        sessionId: null,
        awaiting: false,
        ...(typeof s.secretHash === "string" ? { secretHash: s.secretHash } : {}),
      });
    }
    this.solo = false;
  }

  private async uniqueCode(): Promise<string> {
    const store = snapshotStore();
    for (let i = 0; i < 50; i++) {
      const code = newRoomCode();
      if (store.has(code)) continue;
      if (!(await claimCode(this.presence, code))) continue;
      this.ownsCode = true;
      return code;
    }
    throw new ServerError(503, "server_error");
  }

  // Test and tooling access (read-only views).
  get gameState(): GameState {
    return this.game;
  }
  get actionLog(): readonly LogEntry[] {
    return this.log;
  }
  get roomSettings(): RoomSettings {
    return this.settings;
  }
}

function withoutTicket(options: unknown): unknown {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return options;
  const { [TICKET_KEY]: _ticket, ...rest } = options as Record<string, unknown>;
  return rest;
}

/** The client message type named in a refusal: a short string, or nothing (never a coerced object). */
function causeOf(type: unknown): string | undefined {
  return typeof type === "string" ? type.slice(0, 40) : undefined;
}

function addressOfClient(client: Client): string {
  const a = (client.auth as Partial<JoinAuth> | undefined)?.address;
  return typeof a === "string" ? a : "unknown";
}

function ruleError(e: RuleError): ErrorMessage {
  return e.params ? { code: e.code, params: e.params } : { code: e.code };
}

/** What clients show of a scenario: title, summary and goal, in both languages, and the goal's own
 * target and years (the room's may be scaled to other rounds). */
function scenarioText(s: Scenario): string {
  return JSON.stringify({
    title: s.title,
    summary: s.summary,
    goal: s.goal.text,
    goalTarget: s.goal.target,
    years: s.years,
  });
}
