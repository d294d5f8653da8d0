// The "city" room: one class's game, as transport around the shared session (shared/session.ts). Every
// frame goes through the door (server/door.ts: rate limit, decoding, parsing, roles); game commands go
// to the session's reducer, whose outputs the room carries out (publish, year report, save, timer); the
// Schema is written by one sync function (server/sync.ts). The room keeps only what the rules do not
// know: connections, seats (server/seats.ts), chat (server/chat.ts), timers and snapshots.
import { type AuthContext, type Client, type ClientPrivate, type Delayed, ServerError } from "@colyseus/core";
import type { Phase } from "../shared/mirror.js";
import type { ClientMessage, ErrorMessage, RoomSettings } from "../shared/protocol.js";
import { makeRecord } from "../shared/record.js";
import type { ActionLog } from "../shared/replay.js";
import { type Scenario, scenarioById } from "../shared/scenario.js";
import {
  endYear,
  reduce,
  run,
  SESSION_HOST_COMMANDS,
  type Session,
  type SessionCommandBody,
  type SessionHostCommand,
  type SessionResult,
} from "../shared/session.js";
import type { GameState } from "../shared/state.js";
import { releaseCode } from "./codes.js";
import {
  addressOfClient,
  authorize,
  type JoinAuth,
  parseCreateOptions,
  ticketOf,
  withoutTicket,
} from "./door.js";
import { badInputLog, limits, releaseRoom, takeRoomTicket } from "./limits.js";
import { broadcastMessage, sendMessage } from "./messages.js";
import { recordYear } from "./metrics.js";
import { TokenBucket } from "./rate-limit.js";
import { openRoom } from "./room-game.js";
import { RoomState } from "./schema.js";
import { SeatedRoom } from "./seated-room.js";
import { MAX_PLAYERS, type PlayerRecord } from "./seats.js";
import { LogJson, withPreparedJson } from "./snapshot-text.js";
import { flushSnapshots, type RoomSnapshot, snapshotStore } from "./storage.js";
import { StateWriter } from "./sync.js";
import { resolveYearOffThread, yearPool } from "./year-end.js";

export { roomConfig } from "./door.js";

/** Resolution of the phase timers. */
const CLOCK_TICK_MS = 100;
/** How often the room checks whether it has gone idle. */
const IDLE_CHECK_MS = 10_000;
const isSessionHost = (t: string): t is SessionHostCommand["type"] =>
  (SESSION_HOST_COMMANDS as readonly string[]).includes(t);

export class CityRoom extends SeatedRoom {
  override maxClients = MAX_PLAYERS;

  private session!: Session;
  private customScenario: unknown = null;
  private scenarioText = "";
  /** The creator's address (its room slot is given back on dispose). */
  private creatorAddress: string | null = null;
  private botsEnabled = true;
  private timer: Delayed | null = null;
  private writer!: StateWriter;
  private ownsCode = false;
  /** Set once the room is disposed: a year that resolves afterwards is dropped. */
  private disposed = false;
  /** The JSON of the game the year worker last resolved (the snapshot uses it while that game is the
   * session's), and the action log's JSON, grown between saves. */
  private gameJson: { game: GameState; text: string } | null = null;
  private readonly logJson = new LogJson();

  static override async onAuth(_token: string, options: unknown, context: AuthContext): Promise<JoinAuth> {
    return authorize(options, context);
  }

  override async onCreate(rawOptions: unknown): Promise<void> {
    const ticket = ticketOf(rawOptions);
    if (ticket !== null) {
      this.creatorAddress = takeRoomTicket(ticket);
      if (this.creatorAddress !== null) this.creatorTicket = ticket;
    }
    try {
      const opened = await openRoom(parseCreateOptions(withoutTicket(rawOptions)), this.presence);
      ({ settings: this.settings, customScenario: this.customScenario, session: this.session } = opened);
      ({ scenarioText: this.scenarioText, hostTokenHash: this.hostTokenHash, solo: this.solo } = opened);
      this.creatorToken = opened.creatorToken;
      this.botsEnabled = opened.settings.bots;
      this.seats.restore(opened.seats);
      this.ownsCode = true;
      this.roomId = opened.code;
    } catch (e) {
      this.giveSlotBack();
      throw e;
    }
    await this.setPrivate(true);
    await this.setMetadata({ scenario: this.session.game.scenario });
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
    if (process.env.CQ_TEST_HOOKS === "1")
      this.onMessage("test.throw", () => {
        throw new Error("test hook: a handler threw");
      });
    this.sync();
  }

  private giveSlotBack(): void {
    if (this.creatorAddress !== null) releaseRoom(this.creatorAddress);
    this.creatorAddress = null;
  }

  /** The server is stopping: saved at once, every client told (pages reconnect or restore), then closed
   * as usual (onDispose saves again). */
  override onBeforeShutdown(): void {
    this.save();
    broadcastMessage(this, "serverRestarting", {});
    super.onBeforeShutdown();
  }

  /** Saved (a room still resolving its year is saved as it was when the year end began: the planning
   * state and its log, which a restore replays), the snapshot written, then the code given back (in
   * that order: a Redis save is fenced by the code's claim). */
  override async onDispose(): Promise<void> {
    this.disposed = true;
    this.timer?.clear();
    this.save();
    this.giveSlotBack();
    await flushSnapshots().catch((e) => console.error(`[room ${this.roomId}] snapshot flush failed:`, e));
    if (this.ownsCode) await releaseCode(this.presence, this.roomId);
  }

  override onUncaughtException(err: Error & { cause?: unknown }, methodName: string): void {
    if (err.cause instanceof ServerError) return; // refused joins, by design
    console.error(`[room ${this.roomId}] uncaught exception in ${methodName}:`, err?.stack ?? err);
  }

  // ---------------------------------------------------------------------------------------------
  // The door, and one dispatcher

  protected override _onMessage(client: Client & ClientPrivate, buffer: Buffer): void {
    const rec = this.playerOf(client);
    const v = this.door.read(client, buffer, rec);
    if (v.kind === "colyseus") super._onMessage(client, buffer);
    else if (v.kind === "flood") {
      this.seats.coolDown(addressOfClient(client), this.roomNow());
      this.remove(client, "flood");
    } else if (v.kind === "refuse") {
      if (v.bad !== undefined) {
        const line = `bad message from ${addressOfClient(client)} (${client.sessionId}): ${v.bad.slice(0, 60)}`;
        badInputLog.line(Date.now(), `[room ${this.roomId}] ${line}`);
      }
      this.refuse(client, v.error, v.cause);
    } else if (v.kind === "message" && rec) {
      let failure: ErrorMessage | null;
      try {
        failure = this.dispatch(client, rec, v.message);
      } catch (e) {
        console.error(`[room ${this.roomId}] ${v.message.type} failed:`, e);
        failure = { code: "server_error" };
      }
      if (failure) this.refuse(client, failure, v.message.type);
      else if (v.message.type !== "ping") this.touch();
    }
  }

  private dispatch(client: Client, rec: PlayerRecord, m: ClientMessage): ErrorMessage | null {
    if (m.type === "action") {
      const seat = { district: rec.district, host: rec.isHost };
      return this.command({ type: "act", seat, action: m.action });
    }
    if (m.type === "host.setBotStrategy") this.settings = { ...this.settings, botStrategy: m.strategy };
    if (isSessionHost(m.type)) return this.command({ type: "host", command: m as SessionHostCommand });
    switch (m.type) {
      case "chat":
        return this.chat(client, rec, m.text, m.team);
      case "ping":
        sendMessage(client, "pong", { t: m.t, serverTime: Date.now() });
        return null;
      case "ready":
        // Only the fair start listens; a map that becomes ready later changes nothing.
        if (this.session.phase === "starting") {
          this.mapsReady.add(client.sessionId);
          this.startIfAllReady();
        }
        return null;
      case "host.kick":
        return this.kick(m.player);
      case "host.muteChat":
        this.chatMuted = m.muted;
        break;
      case "host.assignSeat":
        return this.assignSeat(m.player, m.district);
      case "host.setBots":
        this.botsEnabled = m.enabled;
        break;
      case "host.approveSeat": {
        const failure = this.seats.approve(m.player, this.roomNow());
        if (!failure) this.sendSeatRequests();
        return failure;
      }
      case "host.setJoinCap":
        this.seats.joinCap = m.perAddress;
        return null;
    }
    this.sync();
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // The session: one reducer for the game's flow; the room carries out its outputs.

  private command(c: SessionCommandBody): ErrorMessage | null {
    const bots = this.seats.botDistricts(this.botsEnabled, this.session.game.districts.length);
    const t0 = performance.now();
    const cmd = { ...c, at: Date.now(), bots };
    // With the year pool the reducer stops at "resolving" and the year resolves in a worker; without it
    // (CQ_YEAR_WORKERS=0) `run` resolves it here, at once.
    const offThread = yearPool() !== null;
    const r = offThread ? reduce(this.session, cmd) : run(this.session, cmd);
    if (!r.ok) return r.error;
    if (r.outputs.some((o) => o.kind === "yearReport")) recordYear(performance.now() - t0);
    this.carryOut(r);
    if (offThread && r.outputs.some((o) => o.kind === "resolve"))
      this.awaitYear(t0).catch((e) => console.error(`[room ${this.roomId}] year end failed:`, e));
    return null;
  }

  /**
   * The year end began (phase "resolving"): the game goes to the year pool, and the room answers every
   * other message meanwhile (actions get the session's refusal). The year comes back as the session's
   * `yearEnd` command, unless the room was disposed or the session moved on (the host ended the game):
   * a stale year is dropped (the session also refuses a yearEnd outside "resolving").
   */
  private async awaitYear(t0: number): Promise<void> {
    const game = this.session.game;
    let year: Awaited<ReturnType<typeof resolveYearOffThread>>;
    try {
      year = await resolveYearOffThread(game);
    } catch (e) {
      if (this.disposed) return;
      // The pool was closed under a live room: the year still ends, here.
      console.error(`[room ${this.roomId}] year pool unavailable, resolving on the main thread:`, e);
      year = endYear(this.session);
    }
    if (this.disposed || this.session.phase !== "resolving" || this.session.game !== game) return;
    const r = reduce(this.session, { type: "yearEnd", year, at: Date.now() });
    if (!r.ok) return;
    if (year.stateJson !== undefined) this.gameJson = { game: year.state, text: year.stateJson };
    recordYear(performance.now() - t0);
    this.carryOut(r);
  }

  /** Carries out a session step: the new session, its timer and outputs (publish, report, save). */
  private carryOut(r: Extract<SessionResult, { ok: true }>): void {
    const before = this.session.phase;
    this.session = r.session;
    if (r.session.phase !== before) {
      this.mapsReady.clear();
      if (r.session.phase === "planning") this.touch();
    }
    if (r.timer !== undefined) {
      this.timer?.clear();
      this.timer = r.timer === null ? null : this.clock.setTimeout(() => this.onTimer(), r.timer);
    }
    let synced = false;
    for (const o of r.outputs) {
      synced = o.kind === "publish";
      if (o.kind === "publish") {
        this.sync();
        this.broadcastPatch(); // low action-to-patch latency, then the events
        if (o.events.length > 0) broadcastMessage(this, "events", { events: o.events });
      } else if (o.kind === "yearReport") {
        broadcastMessage(this, "yearReport", { year: o.year, events: o.events, history: o.history });
      } else if (o.kind === "save") this.save();
    }
    if (!synced) this.sync();
    if (before !== "ended" && r.session.phase === "ended") this.sendRecord();
  }

  private onTimer(): void {
    this.timer = null;
    this.command({ type: "tick" });
  }

  /** Fair start: the first clock waits for every connected player's map, or the countdown. */
  protected startIfAllReady(): void {
    if (this.session.phase !== "starting" || this.session.paused) return;
    for (const p of this.seats.players.values())
      if (p.sessionId !== null && !this.mapsReady.has(p.sessionId)) return;
    this.command({ type: "allReady" });
  }

  protected greet(client: Client, rec: PlayerRecord): void {
    this.sendYou(client, rec);
    sendMessage(client, "history", { rows: this.session.game.history });
    this.sendRecord(client);
  }

  /** The game's record for replays and what-if forks (to one client, or everyone), once it has ended. */
  private sendRecord(client?: Client): void {
    if (this.session.phase !== "ended") return;
    const scenario = (this.customScenario as Scenario | null) ?? scenarioById(this.settings.scenario);
    if (!scenario) return;
    const { seed, size, districts, rounds } = this.settings;
    const settings = { seed: seed ?? 0, size, districts, years: rounds };
    const message = { record: makeRecord(scenario, settings, this.session.log, this.session.game) };
    if (client) sendMessage(client, "record", message);
    else broadcastMessage(this, "record", message);
  }

  protected phase(): Phase {
    return this.session.phase;
  }

  protected districtCount(): number {
    return this.session.game.districts.length;
  }

  // ---------------------------------------------------------------------------------------------
  // State sync and snapshots

  protected sync(): void {
    const s = this.session;
    const nd = s.game.districts.length;
    const bots = s.phase !== "lobby" || this.solo ? this.seats.botDistricts(this.botsEnabled, nd) : [];
    this.writer.sync(s.game, {
      code: this.roomId,
      phase: s.phase,
      paused: s.paused,
      phaseEndsAt: s.phaseEndsAt,
      remainingMs: s.remainingMs,
      chatEnabled: this.settings.chat,
      chatMuted: this.chatMuted,
      botsEnabled: this.botsEnabled,
      botStrategy: this.settings.botStrategy,
      scenarioText: this.scenarioText,
      players: this.seats.views(bots, (d) => s.game.districts[d].name),
      seatCounts: this.seats.seatCounts(nd),
    });
  }

  private save(): void {
    if (!this.session || !this.hostTokenHash) return;
    const { settings, customScenario, hostTokenHash } = this;
    try {
      // Queued (server/snapshot-queue.ts): written in a later turn of the loop, or at the flush. The
      // state's JSON is the year worker's while the game is the one it resolved; the log's is grown.
      const { game, log } = this.session;
      const snapshot: RoomSnapshot = {
        code: this.roomId,
        hostTokenHash,
        settings,
        customScenario,
        state: game,
        log: [...log],
        seats: this.seats.saved(),
        ended: this.session.phase === "ended",
        savedAt: Date.now(),
      };
      const state = this.gameJson?.game === game ? this.gameJson.text : undefined;
      snapshotStore().save(withPreparedJson(snapshot, { state, log: this.logJson.text(log) }));
    } catch (e) {
      console.error(`[room ${this.roomId}] snapshot failed:`, e);
    }
  }

  // Test and tooling access (read-only views).
  get gameState(): GameState {
    return this.session.game;
  }
  get actionLog(): ActionLog {
    return this.session.log;
  }
  get roomSettings(): RoomSettings {
    return this.settings;
  }
  get gameSession(): Session {
    return this.session;
  }
}
