// The "city" room: one class's game. It holds little logic of its own: every message is parsed with the
// shared protocol at the door, dispatched in one place, applied by the shared rules, and the Schema is
// then written by one sync function (server/sync.ts). The room owns only what the rules do not know:
// players and seats, the phase clock, the host's controls, flood control and snapshots.
import { type Client, type Delayed, type Deferred, Room, ServerError } from "@colyseus/core";
import { type Action, type Actor, applyAction, type RuleError } from "../shared/actions.js";
import { completeHistoryRow } from "../shared/debrief.js";
import { LAND_USES } from "../shared/kinds.js";
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
import { resolveYear } from "../shared/resolve.js";
import { createGame, parseScenario, type Scenario, scenarioById } from "../shared/scenario.js";
import type { GameEvent, GameState } from "../shared/state.js";
import { answerBotProposal, planBots } from "./bots-adapter.js";
import { ClientLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from "./rate-limit.js";
import { RoomState } from "./schema.js";
import { autoSeat } from "./seating.js";
import { hashToken, newHostToken, newPlayerId, newRoomCode, newSeed, tokenMatches } from "./secrets.js";
import { type RoomSnapshot, snapshotStore } from "./storage.js";
import { claimCode, releaseCode } from "./codes.js";
import { StateWriter } from "./sync.js";

const MAX_PLAYERS = 80;
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
}

interface SessionData {
  playerId: string;
  limiter: ClientLimiter;
}

/** Server-wide knobs (tests shorten them). */
export const roomConfig: { rateLimit: RateLimitOptions } = { rateLimit: DEFAULT_RATE_LIMIT };

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
  private awaitingCreator = true;
  private solo = false;

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

  override async onCreate(rawOptions: unknown): Promise<void> {
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
        this.customScenario = settings.customScenario;
      } else scenario = scenarioById(settings.scenario);
      if (!scenario) throw new ServerError(400, "scenario_invalid");
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
    this.onMessage(CMD, (client, message) => this.receive(client, message));
    this.onMessage("*", (client, type) =>
      this.refuse(client, error("bad_message", { type: String(type) }), String(type)),
    );
    if (process.env.CQ_TEST_HOOKS === "1") {
      // Test-only: a handler that throws, to prove the process survives it.
      this.onMessage("test.throw", () => {
        throw new Error("test hook: a handler threw");
      });
    }
    this.sync();
  }

  override onJoin(client: Client, rawOptions: unknown): void {
    let rec: PlayerRecord;
    if (this.awaitingCreator) {
      this.awaitingCreator = false;
      const options = CreateOptionsSchema.parse(rawOptions);
      rec =
        [...this.players.values()].find((p) => p.isHost) ??
        this.addPlayer(options.nickname, this.solo ? 0 : -1);
      rec.isHost = true;
      rec.nickname = options.nickname;
    } else {
      const parsed = JoinOptionsSchema.safeParse(rawOptions ?? {});
      if (!parsed.success)
        throw new ServerError(
          400,
          parsed.error.issues[0]?.path[0] === "nickname" ? "bad_nickname" : "bad_message",
        );
      const options = parsed.data;
      if (options.hostToken !== undefined) {
        if (!tokenMatches(options.hostToken, this.hostTokenHash))
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
        if (options.nickname === undefined) throw new ServerError(400, "bad_message");
        rec = this.seatStudent(options.nickname);
      }
    }
    rec.sessionId = client.sessionId;
    rec.awaiting = false;
    this.sessions.set(client.sessionId, {
      playerId: rec.id,
      limiter: new ClientLimiter(roomConfig.rateLimit, Date.now()),
    });
    if (rec.isHost && this.creatorToken) {
      client.send(SERVER_MESSAGES.hostToken, { token: this.creatorToken, code: this.roomId });
      this.creatorToken = null;
    }
    this.greet(client, rec);
    this.sync();
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const session = this.sessions.get(client.sessionId);
    this.sessions.delete(client.sessionId);
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
    // The window runs on the room clock (not a Node timer), like the phase timers.
    const deferred = this.allowReconnection(client, "manual");
    this.reconnections.set(rec.id, deferred);
    const expiry = this.clock.setTimeout(
      () => deferred.reject(new Error("reconnection window closed")),
      this.settings.reconnectSeconds * 1000,
    );
    try {
      const back = await deferred;
      expiry.clear();
      this.reconnections.delete(rec.id);
      if (!this.players.has(rec.id)) return;
      rec.sessionId = back.sessionId;
      rec.awaiting = false;
      this.sessions.set(back.sessionId, {
        playerId: rec.id,
        limiter: new ClientLimiter(roomConfig.rateLimit, Date.now()),
      });
      this.greet(back, rec);
    } catch {
      // The window closed: the seat stays with its district, marked empty.
      expiry.clear();
      this.reconnections.delete(rec.id);
      rec.awaiting = false;
    }
    this.sync();
  }

  override onDispose(): void {
    this.clearTimer();
    this.save();
    if (this.ownsCode) void releaseCode(this.presence, this.roomId);
  }

  override onUncaughtException(err: Error & { cause?: unknown }, methodName: string): void {
    // Refused joins are ServerErrors by design: not worth a stack trace.
    if (err.cause instanceof ServerError) return;
    console.error(`[room ${this.roomId}] uncaught exception in ${methodName}:`, err?.stack ?? err);
  }

  // ---------------------------------------------------------------------------------------------
  // The door: flood control, parsing, and one dispatcher.

  private receive(client: Client, raw: unknown): void {
    const session = this.sessions.get(client.sessionId);
    const rec = session ? this.players.get(session.playerId) : undefined;
    if (!session || !rec) return;
    const cause =
      typeof raw === "object" && raw !== null ? String((raw as { type?: unknown }).type) : undefined;
    const verdict = session.limiter.check(Date.now());
    if (verdict === "flood") {
      client.send(SERVER_MESSAGES.kicked, { reason: "flood" });
      client.leave(CLOSE_REMOVED);
      return;
    }
    if (verdict === "limited") {
      this.refuse(client, error("rate_limited"), cause);
      return;
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
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
    const events: GameEvent[] = [];
    for (const d of this.botDistricts()) {
      for (const action of planBots(this.game, d, this.settings.botLevel, this.settings.botStrategy)) {
        const actor: Actor = { kind: "district", district: d };
        const r = applyAction(this.game, action, actor);
        if (!r.ok) continue;
        this.game = r.state;
        this.log.push({ kind: "action", actor, action });
        events.push(...r.events);
      }
    }
    // Proposals still open to bot districts are answered now.
    const open = this.game.proposals.map((p) => ({ type: "proposal" as const, proposal: p.id, to: p.to }));
    events.push(...this.answerBotProposals(open));
    return events;
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

  private seatStudent(nickname: string): PlayerRecord {
    const key = nickname.toLowerCase();
    const same = [...this.players.values()].find((p) => !p.isProjector && p.nickname.toLowerCase() === key);
    if (same) {
      // A returning student (page reload without a token, or after a restore) gets their seat back.
      if (same.sessionId !== null || same.awaiting || same.isHost)
        throw new ServerError(409, "nickname_taken");
      return same;
    }
    if (this.phase !== "lobby" && !this.settings.lateJoin) throw new ServerError(403, "late_join_closed");
    if (this.players.size >= MAX_PLAYERS) throw new ServerError(403, "room_full");
    return this.addPlayer(
      nickname,
      autoSeat(this.humanSeats(), this.game.districts.length, this.settings.teamSize),
    );
  }

  private humanSeats() {
    return [...this.players.values()].map((p) => ({
      district: p.isHost && !this.solo ? -1 : p.district,
      isProjector: p.isProjector,
      isBot: false,
    }));
  }

  /** A host returning with the token takes over from a stale connection. */
  private replaceSession(rec: PlayerRecord): void {
    const old = rec.sessionId ? this.clients.getById(rec.sessionId) : undefined;
    if (old) {
      this.sessions.delete(old.sessionId);
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
    if (!team) {
      this.broadcast(SERVER_MESSAGES.chat, message);
      return null;
    }
    if (rec.district < 0) return error("no_seat");
    for (const c of this.clients) {
      const other = this.players.get(this.sessions.get(c.sessionId)?.playerId ?? "");
      if (other && (other.district === rec.district || c === client)) c.send(SERVER_MESSAGES.chat, message);
    }
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
        .map((p) => ({ id: p.id, nickname: p.nickname, district: p.district, isHost: p.isHost })),
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

function ruleError(e: RuleError): ErrorMessage {
  return e.params ? { code: e.code, params: e.params } : { code: e.code };
}

/** What clients show of a scenario: title, summary and goal, in both languages. */
function scenarioText(s: Scenario): string {
  return JSON.stringify({ title: s.title, summary: s.summary, goal: s.goal.text });
}
