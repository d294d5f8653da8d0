// A room with seats: the connections of one class (who is who, joins, the reconnection window, seat
// requests, kicks, seat assignment and chat), below the game. server/city-room.ts adds the game
// session on top; the seats themselves are server/seats.ts, the door server/door.ts.
import { type Client, type Deferred, Room, ServerError } from "@colyseus/core";
import type { Phase } from "../shared/mirror.js";
import type { ErrorMessage, RoomSettings } from "../shared/protocol.js";
import { routeChat } from "./chat.js";
import { addressOfClient, Door } from "./door.js";
import { joinFailures, limits, serverClock } from "./limits.js";
import { broadcastMessage, sendMessage } from "./messages.js";
import type { TokenBucket } from "./rate-limit.js";
import type { RoomState } from "./schema.js";
import { type PlayerRecord, Seats } from "./seats.js";

/** Close code for a removal the client must not reconnect from (Colyseus' "consented" code). */
export const CLOSE_REMOVED = 4000;

export abstract class SeatedRoom extends Room<RoomState> {
  protected settings!: RoomSettings;
  protected solo = false;
  protected hostTokenHash = "";
  /** The host's token, kept only until the creator has joined and received it. */
  protected creatorToken: string | null = null;
  /** The slot ticket of the create request: only the join that carries it is the creator's. */
  protected creatorTicket: string | null = null;
  protected readonly seats = new Seats();
  protected readonly door = new Door();
  /** Session id → player id. */
  protected readonly sessions = new Map<string, string>();
  protected readonly reconnections = new Map<string, Deferred<Client>>();
  /** Fair start: sessions whose map is ready while the first clock waits ("starting"). */
  protected readonly mapsReady = new Set<string>();
  protected chatBudget!: TokenBucket;
  protected chatMuted = false;
  protected lastActivity = 0;

  /** Writes the Schema. */
  protected abstract sync(): void;
  /** The game's phase now. */
  protected abstract phase(): Phase;
  protected abstract districtCount(): number;
  /** Sends a joining (or returning) client who it is and the game so far. */
  protected abstract greet(client: Client, rec: PlayerRecord): void;
  /** A player left: the fair start may no longer wait for them. */
  protected abstract startIfAllReady(): void;

  override onJoin(client: Client, rawOptions: unknown): void {
    try {
      this.admit(client, rawOptions);
    } catch (e) {
      // A refused join counts against the address: repeated refusals are turned away at the door.
      joinFailures.fail(addressOfClient(client), serverClock.now());
      // A refusal is a protocol code; nothing else (a validation text, a stack) reaches the client.
      if (e instanceof ServerError) throw e;
      console.error(`[room ${this.roomId}] join failed:`, e);
      throw new ServerError(500, "server_error");
    }
  }

  protected admit(client: Client, rawOptions: unknown): void {
    const { rec, secret, creator, hostToken } = this.seats.admit(client.auth ?? {}, rawOptions, {
      creatorTicket: this.creatorTicket,
      hostTokenHash: this.hostTokenHash,
      inLobby: this.phase() === "lobby",
      lateJoin: this.settings.lateJoin,
      districts: this.districtCount(),
      teamSize: this.settings.teamSize,
      solo: this.solo,
      now: this.roomNow(),
      replace: (r) => this.replaceSession(r),
      requestsChanged: () => this.sendSeatRequests(),
    });
    if (creator) this.creatorTicket = null;
    if (hostToken !== undefined) this.creatorToken = hostToken;
    this.connect(client, rec);
    this.touch();
    if (rec.isHost && this.creatorToken) {
      sendMessage(client, "hostToken", { token: this.creatorToken, code: this.roomId });
      this.creatorToken = null;
    }
    if (secret !== null) sendMessage(client, "seat", { code: this.roomId, playerId: rec.id, secret });
    this.greet(client, rec);
    if (rec.isHost) this.sendSeatRequests(client);
    this.sync();
  }

  protected connect(client: Client, rec: PlayerRecord): void {
    rec.sessionId = client.sessionId;
    rec.awaiting = false;
    this.sessions.set(client.sessionId, rec.id);
    this.door.open(client.sessionId);
  }

  override async onLeave(client: Client, consented: boolean): Promise<void> {
    const rec = this.playerOf(client);
    this.sessions.delete(client.sessionId);
    this.door.close(client.sessionId);
    this.mapsReady.delete(client.sessionId);
    if (!rec || rec.sessionId !== client.sessionId) return;
    rec.sessionId = null;
    this.startIfAllReady(); // a player who left no longer holds up the fair start
    const inLobby = this.phase() === "lobby" && !rec.isHost;
    if (consented || rec.isProjector) {
      // Dropped while nothing is at stake yet (lobby), or a projector.
      if (rec.isProjector || inLobby) this.seats.players.delete(rec.id);
      this.sync();
      return;
    }
    rec.awaiting = true;
    this.sync();
    // The window runs on the room clock. A lobby seat is held only briefly: dropped sockets must not
    // squat the room.
    const seconds = inLobby
      ? Math.min(this.settings.reconnectSeconds, limits.lobbySeatSeconds)
      : this.settings.reconnectSeconds;
    const deferred = this.allowReconnection(client, "manual");
    this.reconnections.set(rec.id, deferred);
    const expiry = this.clock.setTimeout(() => deferred.reject(new Error("window closed")), seconds * 1000);
    try {
      const back = await deferred;
      expiry.clear();
      this.reconnections.delete(rec.id);
      if (!this.seats.players.has(rec.id)) return;
      this.connect(back, rec);
      this.greet(back, rec);
    } catch {
      // The window closed: the seat stays with its district, marked empty; in the lobby it is freed.
      expiry.clear();
      this.reconnections.delete(rec.id);
      rec.awaiting = false;
      if (this.phase() === "lobby" && !rec.isHost && rec.sessionId === null)
        this.seats.players.delete(rec.id);
    }
    this.sync();
  }

  /** The room clock's time now (not as of its last tick; tests drive this clock). */
  protected roomNow(): number {
    return (this.clock as unknown as { now: () => number }).now();
  }

  protected touch(): void {
    this.lastActivity = this.clock.currentTime;
  }

  protected closeIfIdle(): void {
    if (this.clock.currentTime - this.lastActivity < limits.idleRoomMinutes * 60_000) return;
    console.log(`[room ${this.roomId}] idle for ${limits.idleRoomMinutes} min: saved and closed`);
    this.lastActivity = Number.POSITIVE_INFINITY;
    void this.disconnect(CLOSE_REMOVED);
  }

  protected refuse(client: Client, err: ErrorMessage, cause?: string): void {
    sendMessage(client, "error", cause === undefined ? err : { ...err, cause });
  }

  // ---------------------------------------------------------------------------------------------
  // Players, seats and chat

  protected playerOf(client: Client): PlayerRecord | undefined {
    return this.seats.players.get(this.sessions.get(client.sessionId) ?? "");
  }

  protected clientOf(rec: PlayerRecord): Client | undefined {
    return rec.sessionId ? this.clients.getById(rec.sessionId) : undefined;
  }

  /** The host's list of seat requests still waiting (to one client, or to every host connection). */
  protected sendSeatRequests(to?: Client): void {
    const requests = this.seats.waiting(this.roomNow());
    const hosts = [...this.seats.players.values()].filter((p) => p.isHost).map((p) => this.clientOf(p));
    for (const c of to ? [to] : hosts) if (c) sendMessage(c, "seatRequests", { requests });
  }

  /** Told why, then closed (a client so removed does not reconnect). */
  protected remove(client: Client, reason: "host" | "flood" | "replaced"): void {
    sendMessage(client, "kicked", { reason });
    client.leave(CLOSE_REMOVED);
  }

  /** A host returning with the token (or a student with the seat secret) takes over from a stale connection. */
  protected replaceSession(rec: PlayerRecord): void {
    const old = this.clientOf(rec);
    if (old) {
      this.sessions.delete(old.sessionId);
      this.remove(old, "replaced"); // told, so that the older tab does not take the seat back
    }
    this.reconnections.get(rec.id)?.reject(new Error("replaced"));
  }

  protected kick(playerId: string): ErrorMessage | null {
    const rec = this.seats.remove(playerId, this.roomNow());
    if (!("id" in rec)) return rec;
    this.reconnections.get(rec.id)?.reject(new Error("kicked"));
    const client = this.clientOf(rec);
    if (client) this.remove(client, "host");
    this.sync();
    return null;
  }

  protected assignSeat(playerId: string, district: number): ErrorMessage | null {
    const rec = this.seats.players.get(playerId);
    if (!rec || rec.isProjector) return { code: "no_such_player", params: { player: playerId } };
    if (district >= this.districtCount()) return { code: "no_such_district", params: { district } };
    rec.district = district;
    const client = this.clientOf(rec);
    if (client) this.sendYou(client, rec);
    this.sync();
    return null;
  }

  protected chat(client: Client, rec: PlayerRecord, text: string, team: boolean): ErrorMessage | null {
    const { chat: enabled } = this.settings;
    const room = { enabled, muted: this.chatMuted, budget: this.chatBudget, clients: this.clients };
    const r = routeChat(
      { ...room, playerOf: (c: Client) => this.playerOf(c) },
      client,
      rec,
      text,
      team,
      Date.now(),
    );
    if (!r.ok) return r.error;
    if (!team) broadcastMessage(this, "chat", r.message);
    else for (const c of r.to) sendMessage(c, "chat", r.message);
    return null;
  }

  protected sendYou(client: Client, rec: PlayerRecord): void {
    const { id: playerId, district, isHost, isProjector } = rec;
    sendMessage(client, "you", { playerId, district, isHost, isProjector, code: this.roomId });
  }
}
