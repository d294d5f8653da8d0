// The room's players and seats: who holds which district, seat secrets, the host's seat approvals, the
// per-address join cap and cool-downs, and the players' view for the Schema. No transport here: the
// room passes in what it knows (the phase, the time) and sends what these methods return.
import { ServerError } from "@colyseus/core";
import type { z } from "zod";
import { ROOM_CLIENTS_MAX } from "../shared/limits.js";
import type { PlayerView } from "../shared/mirror.js";
import type { ErrorMessage, JoinOptionsSchema } from "../shared/protocol.js";
import { type JoinAuth, parseCreateOptions, parseJoinOptions, withoutTicket } from "./door.js";
import { limits } from "./limits.js";
import { autoSeat } from "./seating.js";
import { hashToken, newPlayerId, newSeatSecret, tokenMatches } from "./secrets.js";
import type { SavedSeat } from "./storage.js";

export const MAX_PLAYERS = ROOM_CLIENTS_MAX;
/** How long a seat request waits for the host. */
export const SEAT_REQUEST_MS = 10 * 60_000;

export interface PlayerRecord {
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

/** A browser asking for a seat that has a secret it does not have. */
interface SeatRequest {
  claimHash: string;
  nickname: string;
  approved: boolean;
  at: number;
}

/** What seating a student needs to know of the room. */
export interface SeatingContext {
  inLobby: boolean;
  lateJoin: boolean;
  districts: number;
  teamSize: number;
  solo: boolean;
  now: number;
  /** Ends the stale connection of a seat taken back. */
  replace: (rec: PlayerRecord) => void;
  /** The list of seat requests changed (the host is told). */
  requestsChanged: () => void;
}

/** Who a join is: its seat, a new seat secret for it, whether it is the creator's own join, and the
 * host token it presented. */
export interface Admission {
  rec: PlayerRecord;
  secret: string | null;
  creator: boolean;
  hostToken?: string;
}

export class Seats {
  readonly players = new Map<string, PlayerRecord>();
  /** Player id → a browser asking for that seat back. */
  private readonly requests = new Map<string, SeatRequest>();
  /** Address → room-clock time until which it may not join (removed players, flooders). */
  private readonly cooldowns = new Map<string, number>();
  /** Seats one address may take (the host can change it). */
  joinCap = limits.joinsPerAddress;

  host(): PlayerRecord | undefined {
    return [...this.players.values()].find((p) => p.isHost);
  }

  add(nickname: string, district: number): PlayerRecord {
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

  restore(saved: readonly SavedSeat[]): void {
    for (const s of saved) {
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
  }

  saved(): SavedSeat[] {
    return [...this.players.values()]
      .filter((p) => !p.isProjector)
      .map((p) => ({
        id: p.id,
        nickname: p.nickname,
        district: p.district,
        isHost: p.isHost,
        ...(p.secretHash ? { secretHash: p.secretHash } : {}),
      }));
  }

  coolingDown(address: string, now: number): boolean {
    const until = this.cooldowns.get(address);
    return until !== undefined && until > now;
  }

  coolDown(address: string, now: number): void {
    if (address === "unknown" || limits.kickCooldownSeconds <= 0) return;
    this.cooldowns.set(address, now + limits.kickCooldownSeconds * 1000);
  }

  /** A join: the creator's own (its ticket), the host with the token, a projector, or a student. */
  admit(
    auth: Partial<JoinAuth>,
    rawOptions: unknown,
    ctx: SeatingContext & { creatorTicket: string | null; hostTokenHash: string },
  ): Admission {
    const address = typeof auth.address === "string" ? auth.address : "unknown";
    if (ctx.creatorTicket !== null && auth.creatorTicket === ctx.creatorTicket) {
      // The creator's own join (fresh, or a restore checked against the saved token when created).
      let nickname: string;
      try {
        nickname = parseCreateOptions(withoutTicket(rawOptions)).nickname;
      } catch {
        throw new ServerError(400, "bad_message");
      }
      const saved = this.host();
      const rec = saved ?? this.add(nickname, ctx.solo ? 0 : -1);
      rec.isHost = true;
      if (!saved) rec.nickname = nickname; // a restored room keeps the teacher's saved name
      ctx.replace(rec);
      return { rec, secret: null, creator: true };
    }
    const options = parseJoinOptions(rawOptions);
    if (options.hostToken !== undefined) {
      if (!ctx.hostTokenHash || !tokenMatches(options.hostToken, ctx.hostTokenHash))
        throw new ServerError(403, "bad_host_token");
      const rec = this.host() ?? this.add(options.nickname ?? "host", -1);
      rec.isHost = true;
      ctx.replace(rec);
      return { rec, secret: null, creator: false, hostToken: options.hostToken };
    }
    if (options.projector) {
      const rec = this.add("projector", -1);
      rec.isProjector = true;
      return { rec, secret: null, creator: false };
    }
    if (this.coolingDown(address, ctx.now)) throw new ServerError(429, "join_cooldown");
    return { ...this.seatStudent(options, address, ctx), creator: false };
  }

  /** Removes a player (the host's kick); the host cannot be removed. */
  remove(playerId: string, now: number): PlayerRecord | ErrorMessage {
    const rec = this.players.get(playerId);
    if (!rec) return { code: "no_such_player", params: { player: playerId } };
    if (rec.isHost) return { code: "cannot_kick_host" };
    this.players.delete(rec.id);
    this.requests.delete(rec.id);
    if (rec.address) this.coolDown(rec.address, now);
    return rec;
  }

  /**
   * A student's seat. The seat secret returns its seat. A nickname alone gets a new seat, or a seat
   * saved without a secret; a seat that has a secret goes back to a nickname only with the host's
   * approval of this browser's claim.
   */
  seatStudent(
    o: z.output<typeof JoinOptionsSchema>,
    address: string,
    ctx: SeatingContext,
  ): { rec: PlayerRecord; secret: string | null } {
    if (o.seatSecret !== undefined) {
      const secret = o.seatSecret;
      const own = [...this.players.values()].find(
        (p) =>
          !p.isHost && !p.isProjector && p.secretHash !== undefined && tokenMatches(secret, p.secretHash),
      );
      if (own) {
        ctx.replace(own);
        this.requests.delete(own.id);
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
      const request = this.requests.get(same.id);
      if (request?.approved && tokenMatches(o.seatClaim, request.claimHash)) {
        this.requests.delete(same.id);
        ctx.replace(same); // ends a reconnection window still open
        ctx.requestsChanged();
        return { rec: same, secret: this.giveSecret(same) };
      }
      if (!request || !tokenMatches(o.seatClaim, request.claimHash)) {
        this.requests.set(same.id, {
          claimHash: hashToken(o.seatClaim),
          nickname: same.nickname,
          approved: false,
          at: ctx.now,
        });
        ctx.requestsChanged();
      }
      throw new ServerError(403, "seat_approval_pending");
    }
    if (!ctx.inLobby && !ctx.lateJoin) throw new ServerError(403, "late_join_closed");
    if (this.players.size >= MAX_PLAYERS) throw new ServerError(403, "room_full");
    let fromHere = 0;
    for (const p of this.players.values())
      if (!p.isHost && !p.isProjector && p.address === address) fromHere++;
    if (fromHere >= this.joinCap) throw new ServerError(429, "address_cap");
    const humans = [...this.players.values()].map((p) => ({
      district: p.isHost && !ctx.solo ? -1 : p.district,
      isProjector: p.isProjector,
      isBot: false,
    }));
    const rec = this.add(o.nickname, autoSeat(humans, ctx.districts, ctx.teamSize));
    rec.address = address;
    return { rec, secret: this.giveSecret(rec) };
  }

  /** A new seat secret for `rec` (any older one stops working); the server keeps only its hash. */
  private giveSecret(rec: PlayerRecord): string {
    const secret = newSeatSecret();
    rec.secretHash = hashToken(secret);
    return secret;
  }

  approve(playerId: string, now: number): ErrorMessage | null {
    const request = this.requests.get(playerId);
    if (!request || now - request.at > SEAT_REQUEST_MS)
      return { code: "no_seat_request", params: { player: playerId } };
    request.approved = true;
    request.at = now;
    return null;
  }

  /** The seat requests still waiting (expired ones are dropped). */
  waiting(now: number): { player: string; nickname: string }[] {
    for (const [id, r] of this.requests) if (now - r.at > SEAT_REQUEST_MS) this.requests.delete(id);
    return [...this.requests.entries()]
      .filter(([, r]) => !r.approved)
      .map(([player, r]) => ({ player, nickname: r.nickname }));
  }

  /** Districts no connected (or reconnecting) player holds: the bots play them when bots are on. */
  botDistricts(enabled: boolean, districts: number): number[] {
    if (!enabled) return [];
    const manned = new Set<number>();
    for (const p of this.players.values()) {
      if (p.isProjector || p.district < 0) continue;
      if (p.sessionId !== null || p.awaiting) manned.add(p.district);
    }
    const out: number[] = [];
    for (let d = 0; d < districts; d++) if (!manned.has(d)) out.push(d);
    return out;
  }

  /** Per district: players seated there who are connected or inside their reconnection window. */
  seatCounts(districts: number): number[] {
    const counts = new Array<number>(districts).fill(0);
    for (const p of this.players.values()) {
      if (p.isProjector || p.district < 0 || p.district >= districts) continue;
      if (p.sessionId !== null || p.awaiting) counts[p.district]++;
    }
    return counts;
  }

  /** The players for the Schema: people, then the bots (named after their districts). */
  views(bots: readonly number[], districtName: (d: number) => string): PlayerView[] {
    const out: PlayerView[] = [];
    for (const p of this.players.values()) {
      out.push({
        id: p.id,
        nickname: p.nickname,
        district: p.district,
        connected: p.sessionId !== null,
        isHost: p.isHost,
        isBot: false,
        isProjector: p.isProjector,
      });
    }
    for (const d of bots) {
      out.push({
        id: `bot-${d}`,
        nickname: `Bot ${districtName(d)}`,
        district: d,
        connected: true,
        isHost: false,
        isBot: true,
        isProjector: false,
      });
    }
    return out;
  }
}
