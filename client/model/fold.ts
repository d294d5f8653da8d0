// Replays and what-if forks, played forward in the browser from a game's record (scenario, settings
// with the seed, action log): the one place the client folds a log into states. A replay keeps the
// state at the start of every year and each year's resolution events; nothing is stored frame by
// frame in the file. A fork replays the same log with one change: a policy switched the other way at
// the fork year, a space protected then, or one logged action not made. Both fold the game session the
// room runs (shared/session.ts): from the fork year on its "replan" command lets the bots plan again
// with the room's own bot turn (the same seeds) and answer proposals as the room does; logged actions
// that the changed game refuses are skipped and counted.
import type { Action, Actor } from "../../shared/actions.js";
import { stateHash } from "../../shared/hash.js";
import type { CityPolicy, DistrictPolicy } from "../../shared/kinds.js";
import type { GameRecordFile } from "../../shared/record.js";
import type { LogEntry } from "../../shared/replay.js";
import { isLegalTarget } from "../../shared/queries.js";
import { createGame } from "../../shared/scenario.js";
import { newSession, reduce } from "../../shared/session.js";
import type { GameEvent, GameState, HistoryRow } from "../../shared/state.js";

export interface Timeline {
  /** `frames[y]`: the state at the start of year y's planning; the last frame is the end. */
  frames: GameState[];
  /** `events[y]`: the events of the resolution that ended year y - 1 (empty for year 0). */
  events: GameEvent[][];
  final: GameState;
  hash: string;
}

export type ForkChange =
  /** A district policy switched on or off at the fork year. */
  | { type: "districtPolicy"; district: number; policy: DistrictPolicy; enabled: boolean }
  /** A city policy decreed on or off at the fork year. */
  | { type: "cityPolicy"; policy: CityPolicy; enabled: boolean }
  /** The logged action at `entry` not made (an anchor not placed, a protection not given, ...). */
  | { type: "drop"; entry: number }
  /** A space of the district protected at the fork year (a studio, incubator, derelict site or home). */
  | { type: "protect"; district: number; x: number; y: number };

export interface Fork extends Timeline {
  year: number;
  change: ForkChange;
  /** Whether the rules accepted the change at the fork year (a dropped action always takes). */
  applied: boolean;
  /** Logged actions after the fork that the changed game refused. */
  skipped: number;
  /** Bot turns played again after the fork. */
  replanned: number;
}

/** Plays the record forward: the state at the start of every year, and each year's events. */
export function foldRecord(record: GameRecordFile): Timeline {
  return run(record, null);
}

/** Plays the record forward with one change from the start of `year`'s planning. */
export function foldFork(record: GameRecordFile, year: number, change: ForkChange): Fork {
  const fork = { year, change };
  const t = run(record, fork) as Fork;
  return t;
}

/** The history rows of a timeline's end (every year's rows). */
export function historyOf(t: Timeline): HistoryRow[] {
  return t.final.history;
}

/** Figures of the city per year (summed over districts; rent is the mean of the districts' means). */
export interface CitySeries {
  years: number[];
  creatives: number[];
  rent: number[];
  displaced: number[];
  exports: number[];
}

export function citySeries(rows: readonly HistoryRow[], upTo = Number.POSITIVE_INFINITY): CitySeries {
  const by = new Map<number, { c: number; r: number; d: number; e: number; n: number }>();
  for (const row of rows) {
    if (row.year > upTo) continue;
    const e = by.get(row.year) ?? { c: 0, r: 0, d: 0, e: 0, n: 0 };
    e.c += row.creatives;
    e.r += row.rentMean;
    e.d += row.displaced;
    e.e += row.exports;
    e.n++;
    by.set(row.year, e);
  }
  const years = [...by.keys()].sort((a, b) => a - b);
  const at = (y: number) => by.get(y)!;
  return {
    years,
    creatives: years.map((y) => at(y).c),
    rent: years.map((y) => at(y).r / at(y).n),
    displaced: years.map((y) => at(y).d),
    exports: years.map((y) => at(y).e),
  };
}

/** Creatives displaced over the whole game (every district, every year). */
export function displacedTotal(t: Timeline): number {
  let n = 0;
  for (const r of t.final.history) n += r.displaced;
  return n;
}

/** The change as an action, with its actor, applied at the fork year (null for a dropped action). */
function changeAction(change: ForkChange): { action: Action; actor: Actor } | null {
  switch (change.type) {
    case "districtPolicy":
      return {
        action: { type: "setPolicy", policy: change.policy, enabled: change.enabled },
        actor: { kind: "district", district: change.district },
      };
    case "cityPolicy":
      return {
        action: { type: "decreeCityPolicy", policy: change.policy, enabled: change.enabled },
        actor: { kind: "host" },
      };
    case "protect":
      return {
        action: { type: "protectSpace", x: change.x, y: change.y, protect: true },
        actor: { kind: "district", district: change.district },
      };
    case "drop":
      return null;
  }
}

/** The tiles of a district that it could protect in this state (unprotected, and accepted by the rules'
 * own check, `isLegalTarget` with the protect tool), in tile order. */
export function protectableTiles(state: GameState, district: number): number[] {
  const actor: Actor = { kind: "district", district };
  const out: number[] = [];
  state.tiles.forEach((t, i) => {
    if (t.district === district && !t.protected && isLegalTarget(state, actor, { type: "protectSpace" }, i))
      out.push(i);
  });
  return out;
}

function run(record: GameRecordFile, fork: { year: number; change: ForkChange } | null): Timeline | Fork {
  // The game session folds the log (shared/session.ts): "replay" makes each entry as it was, "replan"
  // (after the fork) lets the bots decide again and answers proposals to them as the room does.
  let session = newSession(createGame(record.scenario, record.settings));
  const frames: GameState[] = [session.game];
  const events: GameEvent[][] = [[]];
  let forked = false;
  let applied = fork?.change.type === "drop";
  let skipped = 0;
  let replanned = 0;
  let bots: number[] = [];
  const dropped = fork?.change.type === "drop" ? fork.change.entry : -1;

  /** One command of the fold; false if the session refused it (the session stays as it was). */
  const fold = (type: "replay" | "replan", entry: LogEntry): boolean => {
    const r = reduce(session, { type, entry, at: 0, bots });
    if (!r.ok) return false;
    session = r.session;
    for (const o of r.outputs)
      if (o.kind === "yearReport") {
        frames.push(session.game);
        events.push(o.events);
        bots = [];
      }
    return true;
  };
  const enterFork = () => {
    forked = true;
    const c = fork ? changeAction(fork.change) : null;
    if (c) applied = fold("replan", { kind: "action", actor: c.actor, action: c.action });
  };

  for (let i = 0; i < record.log.length; i++) {
    const e: LogEntry = record.log[i];
    if (fork && !forked && session.game.year >= fork.year) enterFork();
    if (!forked) {
      fold("replay", e);
      continue;
    }
    if (i === dropped || (e.kind === "action" && e.bot)) continue;
    if (e.kind === "bots") {
      bots = [...e.districts];
      replanned++;
    }
    if (!fold("replan", e)) skipped++;
  }
  if (fork && !forked) enterFork();
  const state = session.game;
  const timeline: Timeline = { frames, events, final: state, hash: stateHash(state) };
  if (!fork) return timeline;
  return { ...timeline, year: fork.year, change: fork.change, applied, skipped, replanned };
}

/** A logged action a fork may leave out: the people's choices that shape a city (not the bots'). */
export interface DroppableAction {
  entry: number;
  year: number;
  actor: Actor;
  action: Action;
}

const DROPPABLE: ReadonlySet<Action["type"]> = new Set([
  "placeAnchor",
  "convertFactory",
  "protectSpace",
  "setPolicy",
  "decreeCityPolicy",
  "forgeLink",
]);

/** The people's logged actions from `year` on that a fork can leave out, in log order. */
export function droppableActions(record: GameRecordFile, year: number): DroppableAction[] {
  const out: DroppableAction[] = [];
  let y = 0;
  record.log.forEach((e, entry) => {
    if (e.kind === "resolve") y++;
    if (e.kind !== "action" || e.bot || y < year || !DROPPABLE.has(e.action.type)) return;
    out.push({ entry, year: y, actor: e.actor, action: e.action });
  });
  return out;
}
