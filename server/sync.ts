// The one place that writes the Colyseus Schema: from the rules' GameState (through the plain mirror
// views of shared/mirror.ts) and the room's own facts (phase, timer, players). It runs after every
// action, so it writes only what changed: the tiles are not looked at when the tile list is the one last
// written (an action that changed no tile keeps it), a tile, district, link or proposal that is still the
// object last written is skipped, and of the rest only the fields whose values differ from those last
// written (kept beside the Schema) go through a Schema setter (its own check of an unchanged value is a
// slow keyed read shared by every Schema class).
import {
  chunkOf,
  chunkTiles,
  districtView,
  linkView,
  type Mirror,
  type PlayerView,
  type RoomStateView,
  proposalView,
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

/** Remembers the tiles last written, so untouched tiles (same object) are skipped, and the values last
 * written to each tile's Schema (a plain shadow array), so that a changed tile costs a Schema setter only
 * for the fields that changed. After a year that comes back from the year pool every tile is a new
 * object: the shadow keeps that year's sync to plain array reads for the unchanged fields. */
export class StateWriter {
  private lastTiles: Tile[] | null = null;
  /** The rules' objects last written to each district, link and proposal Schema (by index), and the
   * seat counts written with the districts: an item still the same object (the rules never change one
   * in place) is skipped, as most are after an action. */
  private readonly written = {
    districts: new ListShadow<GameState["districts"][number]>(),
    links: new ListShadow<GameState["links"][number]>(),
    proposals: new ListShadow<GameState["proposals"][number]>(),
  };
  private seatCounts: number[] = [];
  /** The room's facts as last written to the Schema (none yet: every value differs). */
  private readonly facts: Partial<Omit<RoomFacts, "players" | "seatCounts">> = {};
  /** Each player's view as last written (a view with the same values is skipped). */
  private readonly playerViews = new Map<string, PlayerView>();
  /** The game the head was last written from (its parts are compared: `sameHead`). */
  private headOf: GameState | null = null;
  /** The chronicle last turned into JSON, and its text (it only changes at a year or a placement). */
  private chronicle: { of: GameState["chronicle"]; text: string } = { of: undefined, text: "" };
  /** The Schema tile of each game tile index. */
  private targets: TileState[] = [];
  /** TILE_FIELDS values per tile, as last written to its Schema. */
  private shadow: unknown[] = [];

  constructor(readonly schema: RoomState) {}

  sync(game: GameState, facts: RoomFacts): void {
    const s = this.schema;
    // The room's facts: a Schema setter only for a value that changed since the last sync (a setter's
    // own check of an unchanged value is a slower, shared keyed read; most syncs change none).
    const f = this.facts;
    if (f.code !== facts.code) s.code = f.code = facts.code;
    if (f.phase !== facts.phase) s.phase = f.phase = facts.phase;
    if (f.paused !== facts.paused) s.paused = f.paused = facts.paused;
    if (f.phaseEndsAt !== facts.phaseEndsAt) s.phaseEndsAt = f.phaseEndsAt = facts.phaseEndsAt;
    if (f.remainingMs !== facts.remainingMs) s.remainingMs = f.remainingMs = facts.remainingMs;
    if (f.chatEnabled !== facts.chatEnabled) s.chatEnabled = f.chatEnabled = facts.chatEnabled;
    if (f.chatMuted !== facts.chatMuted) s.chatMuted = f.chatMuted = facts.chatMuted;
    if (f.botsEnabled !== facts.botsEnabled) s.botsEnabled = f.botsEnabled = facts.botsEnabled;
    if (f.botStrategy !== facts.botStrategy) s.botStrategy = f.botStrategy = facts.botStrategy;
    if (f.scenarioText !== facts.scenarioText) s.scenarioText = f.scenarioText = facts.scenarioText;

    // What the head is made of: the same values and objects (the rules never change one in place) give
    // the same head, already written (most actions touch none of it).
    if (this.headOf === null || !sameHead(game, this.headOf)) {
      this.headOf = game;
      this.writeHead(game);
    }

    this.syncTiles(game);

    const seats = facts.seatCounts;
    // New seat counts rewrite every district (they are part of its view).
    if (!sameNumbers(seats, this.seatCounts)) {
      this.written.districts.forget();
      this.seatCounts = seats.slice();
    }
    syncList(s.districts, game.districts, DistrictState, this.written.districts, (d, i) =>
      districtView(d, seats[i] ?? 0),
    );
    syncList(s.links, game.links, LinkState, this.written.links, linkView);
    syncList(s.proposals, game.proposals, ProposalState, this.written.proposals, proposalView);

    const written = this.playerViews;
    let known = 0;
    for (const p of facts.players) {
      let target = s.players.get(p.id);
      if (!target) {
        target = new PlayerState();
        Object.assign(target, p);
        s.players.set(p.id, target);
      } else {
        known++;
        if (!sameView(written.get(p.id), p)) Object.assign(target, p);
      }
      written.set(p.id, p);
    }
    // Players gone: only when the Schema holds more than the players just written.
    if (s.players.size > facts.players.length || known < facts.players.length) {
      const seen = new Set(facts.players.map((p) => p.id));
      for (const id of Array.from(s.players.keys()))
        if (!seen.has(id)) {
          s.players.delete(id);
          written.delete(id);
        }
    }
  }

  private syncTiles(game: GameState): void {
    const s = this.schema;
    const last = this.lastTiles;
    const sameShape =
      last !== null && s.width === game.width && s.height === game.height && s.chunks.length > 0;
    if (!sameShape) {
      s.chunks.clear();
      this.targets = new Array<TileState>(game.tiles.length);
      this.shadow = new Array<unknown>(game.tiles.length * TILE_FIELDS).fill(undefined);
      for (const c of chunkTiles(game)) {
        const chunk = new ChunkState();
        chunk.cx = c.cx;
        chunk.cy = c.cy;
        chunk.w = c.w;
        chunk.h = c.h;
        for (const t of c.tiles) chunk.tiles.push(Object.assign(new TileState(), t));
        s.chunks.push(chunk);
      }
      for (let i = 0; i < game.tiles.length; i++) {
        const { chunk, inner } = chunkOf(game.width, game.height, i);
        this.targets[i] = s.chunks[chunk].tiles[inner];
        writeTile(this.targets[i], game.tiles[i], this.shadow, i * TILE_FIELDS);
      }
    } else if (game.tiles !== last) {
      // (The same list: the action changed no tile — the rules copy the list at the first tile they
      // change — and nothing is scanned.)
      const { targets, shadow } = this;
      for (let i = 0; i < game.tiles.length; i++) {
        if (game.tiles[i] === last[i]) continue;
        writeTile(targets[i], game.tiles[i], shadow, i * TILE_FIELDS);
      }
    }
    this.lastTiles = game.tiles;
  }

  private writeHead(game: GameState): void {
    const s = this.schema;
    const m = this.head(game);
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
  }

  /** The mirror without its chunks (those are written tile by tile) and lists (syncList). The
   * chronicle's JSON is made again only when the chronicle is another object. */
  private head(game: GameState) {
    const m = toMirror({
      ...game,
      chronicle: undefined,
      tiles: [],
      width: 0,
      height: 0,
      links: [],
      proposals: [],
      districts: [],
    });
    // As toMirror writes it.
    if (this.chronicle.of !== game.chronicle)
      this.chronicle = { of: game.chronicle, text: game.chronicle ? JSON.stringify(game.chronicle) : "" };
    return {
      ...m,
      width: game.width,
      height: game.height,
      goalDistrict: m.goalDistrict ?? -1,
      goalMaxDisplacedShare: m.goalMaxDisplacedShare ?? 1,
      queuedEvents: m.queuedEvents ?? "",
      rentPressure: m.rentPressure ?? 1,
      chronicle: this.chronicle.text,
    };
  }
}

/** Fields of a TileState, in the order of the shadow array. */
const TILE_FIELDS = 16;

/**
 * Writes tile `t` to its Schema `ts` as shared/mirror.ts's tileView would (same roundings), calling a
 * setter only where the value differs from the shadow (the value last written, from `at`).
 */
function writeTile(ts: TileState, t: Tile, sh: unknown[], at: number): void {
  let v: unknown = t.terrain;
  if (sh[at] !== v) ts.terrain = sh[at] = t.terrain;
  v = t.use;
  if (sh[at + 1] !== v) ts.use = sh[at + 1] = t.use;
  v = t.district;
  if (sh[at + 2] !== v) ts.district = sh[at + 2] = t.district;
  const rent = Math.round(t.rent * 100);
  if (sh[at + 3] !== rent) ts.rent = sh[at + 3] = rent;
  v = t.creatives;
  if (sh[at + 4] !== v) ts.creatives = sh[at + 4] = t.creatives;
  const f = t.firms;
  const f0 = f[0] ?? 0;
  if (sh[at + 5] !== f0) ts.f0 = sh[at + 5] = f0;
  const f1 = f[1] ?? 0;
  if (sh[at + 6] !== f1) ts.f1 = sh[at + 6] = f1;
  const f2 = f[2] ?? 0;
  if (sh[at + 7] !== f2) ts.f2 = sh[at + 7] = f2;
  const f3 = f[3] ?? 0;
  if (sh[at + 8] !== f3) ts.f3 = sh[at + 8] = f3;
  const f4 = f[4] ?? 0;
  if (sh[at + 9] !== f4) ts.f4 = sh[at + 9] = f4;
  const f5 = f[5] ?? 0;
  if (sh[at + 10] !== f5) ts.f5 = sh[at + 10] = f5;
  const buzz = Math.round(t.buzz * 1000);
  if (sh[at + 11] !== buzz) ts.buzz = sh[at + 11] = buzz;
  const heritage = Math.round(t.heritage * 1000);
  if (sh[at + 12] !== heritage) ts.heritage = sh[at + 12] = heritage;
  v = t.protected;
  if (sh[at + 13] !== v) ts.protected = sh[at + 13] = t.protected;
  v = t.converted;
  if (sh[at + 14] !== v) ts.converted = sh[at + 14] = t.converted;
  v = t.pay;
  if (sh[at + 15] !== v) ts.pay = sh[at + 15] = t.pay;
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

/** The rules' item last written to each Schema item of a list, by index, and the view written there. */
class ListShadow<V> {
  items: V[] = [];
  /** The view last written to each Schema item (its fields are compared before a setter is called). */
  views: object[] = [];
  /** Every item is written again at the next sync (its fields still compared with the views). */
  forget(): void {
    this.items = [];
  }
}

/** Whether the head of `a` is the head of `b`: everything of the game that toMirror's head reads is the
 * same value or object (the rules never change one in place). */
function sameHead(a: GameState, b: GameState): boolean {
  return (
    a === b ||
    (a.scenario === b.scenario &&
      a.year === b.year &&
      a.years === b.years &&
      a.width === b.width &&
      a.height === b.height &&
      a.seed === b.seed &&
      a.nextId === b.nextId &&
      a.market === b.market &&
      a.cityPolicies === b.cityPolicies &&
      a.goal === b.goal &&
      a.goalProgress === b.goalProgress &&
      a.queuedEvents === b.queuedEvents &&
      a.rentPressure === b.rentPressure &&
      a.chronicle === b.chronicle)
  );
}

/** Every field of a PlayerView (the compiler checks the list is whole). */
const PLAYER_FIELDS = [
  "id",
  "nickname",
  "district",
  "connected",
  "isHost",
  "isBot",
  "isProjector",
] as const satisfies readonly (keyof PlayerView)[];
type MissingPlayerField = Exclude<keyof PlayerView, (typeof PLAYER_FIELDS)[number]>;
export const playerFieldsWhole: [MissingPlayerField] extends [never] ? true : MissingPlayerField = true;

function sameView(a: PlayerView | undefined, b: PlayerView): boolean {
  if (!a) return false;
  for (let i = 0; i < PLAYER_FIELDS.length; i++) {
    const k = PLAYER_FIELDS[i];
    if (a[k] !== b[k]) return false;
  }
  return true;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Writes `values` to the Schema list, item by item, as their views; an item that is still the object
 * last written at its index (`shadow`) is skipped, and of a written item's view only the fields that
 * differ from the view last written there go through the Schema's setters. */
function syncList<S extends object, V, W extends object>(
  target: SchemaList<S>,
  values: V[],
  Make: new () => S,
  shadow: ListShadow<V>,
  view: (v: V, i: number) => W,
): void {
  while (target.length > values.length) target.pop();
  const last = shadow.items;
  const views = shadow.views as W[];
  if (last.length > values.length) last.length = values.length;
  if (views.length > values.length) views.length = values.length;
  for (let i = 0; i < values.length; i++) {
    if (i < target.length) {
      if (i < last.length && last[i] === values[i]) continue;
      const w = view(values[i], i);
      assignChanged(target[i], w, views[i]);
      views[i] = w;
    } else {
      const w = view(values[i], i);
      const item = new Make();
      Object.assign(item, w);
      target.push(item);
      views[i] = w;
    }
    last[i] = values[i];
  }
}

/** Sets on `target` the fields of `view` that differ from `before` (all of them without `before`). */
function assignChanged<W extends object>(target: object, view: W, before: W | undefined): void {
  const t = target as Record<string, unknown>;
  const v = view as Record<string, unknown>;
  const b = before as Record<string, unknown> | undefined;
  for (const k in v) if (b === undefined || b[k] !== v[k]) t[k] = v[k];
}
