// The one place that writes the Colyseus Schema: from the rules' GameState (through the plain mirror
// views of shared/mirror.ts) and the room's own facts (phase, timer, players). Schema setters ignore
// unchanged values, so writing everything is cheap; tiles are skipped by reference when untouched.
import {
  chunkOf,
  chunkTiles,
  districtView,
  linkView,
  type Mirror,
  type PlayerView,
  type RoomStateView,
  proposalView,
  tileView,
  toMirror,
} from "../shared/mirror.js";
import type { GameState, Tile } from "../shared/state.js";
import {
  ChunkState,
  DistrictState,
  LinkState,
  PlayerState,
  ProposalState,
  type RoomState,
  TileState,
} from "./schema.js";

/** What the room knows besides the rules' state. */
export interface RoomFacts extends Omit<RoomStateView, keyof Mirror | "players"> {
  players: PlayerView[];
  /** Per district: players seated there who are connected or inside their reconnection window. */
  seatCounts: number[];
}

/** Remembers the tiles last written, so untouched tiles (same object) are skipped. */
export class StateWriter {
  private lastTiles: Tile[] | null = null;

  constructor(readonly schema: RoomState) {}

  sync(game: GameState, facts: RoomFacts): void {
    const s = this.schema;
    s.code = facts.code;
    s.phase = facts.phase;
    s.paused = facts.paused;
    s.phaseEndsAt = facts.phaseEndsAt;
    s.remainingMs = facts.remainingMs;
    s.chatEnabled = facts.chatEnabled;
    s.chatMuted = facts.chatMuted;
    s.botsEnabled = facts.botsEnabled;
    s.botStrategy = facts.botStrategy;
    s.scenarioText = facts.scenarioText;

    const m = toMirrorHead(game);
    s.scenario = m.scenario;
    s.year = m.year;
    s.years = m.years;
    s.width = m.width;
    s.height = m.height;
    s.seed = m.seed;
    s.nextId = m.nextId;
    s.event = m.event;
    assignNumbers(s.demand, m.demand);
    s.cityPolicies = m.cityPolicies;
    s.goalKind = m.goalKind;
    s.goalValue = m.goalValue;
    s.goalTarget = m.goalTarget;
    s.goalDisplacedShare = m.goalDisplacedShare;
    s.goalMet = m.goalMet;
    s.goalFailed = m.goalFailed;
    s.goalDistrict = m.goalDistrict;
    s.goalMaxDisplacedShare = m.goalMaxDisplacedShare;
    s.queuedEvents = m.queuedEvents;
    s.rentPressure = m.rentPressure;
    s.chronicle = m.chronicle;

    this.syncTiles(game);

    const seats = facts.seatCounts;
    syncList(s.districts, game.districts, DistrictState, (target, d, i) =>
      Object.assign(target, districtView(d, seats[i] ?? 0)),
    );
    syncList(s.links, game.links, LinkState, (target, l) => Object.assign(target, linkView(l)));
    syncList(s.proposals, game.proposals, ProposalState, (target, p) =>
      Object.assign(target, proposalView(p)),
    );

    const seen = new Set<string>();
    for (const p of facts.players) {
      seen.add(p.id);
      let target = s.players.get(p.id);
      if (!target) {
        target = new PlayerState();
        Object.assign(target, p);
        s.players.set(p.id, target);
      } else Object.assign(target, p);
    }
    for (const id of Array.from(s.players.keys())) if (!seen.has(id)) s.players.delete(id);
  }

  private syncTiles(game: GameState): void {
    const s = this.schema;
    const last = this.lastTiles;
    const sameShape =
      last !== null && s.width === game.width && s.height === game.height && s.chunks.length > 0;
    if (!sameShape) {
      s.chunks.clear();
      for (const c of chunkTiles(game)) {
        const chunk = new ChunkState();
        chunk.cx = c.cx;
        chunk.cy = c.cy;
        chunk.w = c.w;
        chunk.h = c.h;
        for (const t of c.tiles) chunk.tiles.push(Object.assign(new TileState(), t));
        s.chunks.push(chunk);
      }
    } else {
      for (let i = 0; i < game.tiles.length; i++) {
        if (game.tiles[i] === last[i]) continue;
        const { chunk, inner } = chunkOf(game.width, game.height, i);
        Object.assign(s.chunks[chunk].tiles[inner], tileView(game.tiles[i]));
      }
    }
    this.lastTiles = game.tiles;
  }
}

/** The mirror without its chunks (those are written tile by tile). */
function toMirrorHead(game: GameState) {
  const m = toMirror({ ...game, tiles: [], width: 0, height: 0, links: [], proposals: [], districts: [] });
  return {
    ...m,
    width: game.width,
    height: game.height,
    goalDistrict: m.goalDistrict ?? -1,
    goalMaxDisplacedShare: m.goalMaxDisplacedShare ?? 1,
    queuedEvents: m.queuedEvents ?? "",
    rentPressure: m.rentPressure ?? 1,
    chronicle: m.chronicle ?? "",
  };
}

function assignNumbers(
  target: { length: number; push(v: number): unknown; pop(): unknown; [i: number]: number },
  values: number[],
): void {
  while (target.length > values.length) target.pop();
  for (let i = 0; i < values.length; i++) {
    if (i < target.length) {
      if (target[i] !== values[i]) target[i] = values[i];
    } else target.push(values[i]);
  }
}

interface SchemaList<T> {
  length: number;
  push(v: T): unknown;
  pop(): unknown;
  [i: number]: T;
}

function syncList<S, V>(
  target: SchemaList<S>,
  values: V[],
  Make: new () => S,
  write: (t: S, v: V, i: number) => void,
): void {
  while (target.length > values.length) target.pop();
  for (let i = 0; i < values.length; i++) {
    if (i < target.length) write(target[i], values[i], i);
    else {
      const item = new Make();
      write(item, values[i], i);
      target.push(item);
    }
  }
}
