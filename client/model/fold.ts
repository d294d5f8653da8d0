// Replays and what-if forks, played forward in the browser from a game's record (scenario, settings
// with the seed, action log): the one place the client folds a log into states. A replay keeps the
// state at the start of every year and each year's resolution events; nothing is stored frame by
// frame in the file. A fork replays the same log with one change: a policy switched the other way at
// the fork year, a space protected then, or one logged action not made. From the fork year on the bots plan again with the
// room's own bot turn (`playBotsTurn`, the same seeds) and answer proposals as the room does; logged
// actions that the changed game refuses are skipped and counted.
import { type Action, type Actor, applyAction } from "../../shared/actions.js";
import { botRespond, playBotsTurn, roomBotSeats } from "../../shared/bots.js";
import { stateHash } from "../../shared/hash.js";
import type { CityPolicy, DistrictPolicy } from "../../shared/kinds.js";
import type { GameRecordFile } from "../../shared/record.js";
import { type LogEntry, step } from "../../shared/replay.js";
import { isLegalTarget } from "../../shared/queries.js";
import { resolveYear } from "../../shared/resolve.js";
import { createGame } from "../../shared/scenario.js";
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
  let state = createGame(record.scenario, record.settings);
  const frames: GameState[] = [state];
  const events: GameEvent[][] = [[]];
  let forked = false;
  let applied = fork?.change.type === "drop";
  let skipped = 0;
  let replanned = 0;
  let bots = new Set<number>();
  const dropped = fork?.change.type === "drop" ? fork.change.entry : -1;

  const apply = (action: Action, actor: Actor): GameEvent[] | null => {
    const r = applyAction(state, action, actor);
    if (!r.ok) return null;
    state = r.state;
    return r.events;
  };
  const enterFork = () => {
    forked = true;
    const c = fork ? changeAction(fork.change) : null;
    if (c) applied = apply(c.action, c.actor) !== null;
  };
  const resolve = () => {
    if (state.year >= state.years) return;
    const r = resolveYear(state);
    state = r.state;
    frames.push(state);
    events.push(r.events);
    bots = new Set();
  };

  for (let i = 0; i < record.log.length; i++) {
    const e: LogEntry = record.log[i];
    if (fork && !forked && state.year >= fork.year) enterFork();
    if (!forked) {
      if (e.kind === "resolve") resolve();
      else state = step(state, e);
      continue;
    }
    if (e.kind === "resolve") resolve();
    else if (e.kind === "bots") {
      // The room's bot turn, on the forked state: the same functions and seeds as in the room.
      const turn = playBotsTurn(state, e.districts, roomBotSeats(e.level, e.mode));
      state = turn.state;
      bots = new Set(e.districts);
      replanned++;
    } else if (e.bot || i === dropped) {
      // The bots' logged choices are replaced by their new plan; the dropped action is not made.
    } else {
      const made = apply(e.action, e.actor);
      if (made === null) {
        skipped++;
        continue;
      }
      // A proposal to a bot district is answered at once, as the room does.
      for (const ev of made) {
        if (ev.type !== "proposal" || !bots.has(ev.to)) continue;
        const p = state.proposals.find((x) => x.id === ev.proposal);
        if (!p) continue;
        const accept = botRespond(state, ev.to, p);
        apply({ type: "respondProposal", proposal: p.id, accept }, { kind: "district", district: ev.to });
      }
    }
  }
  if (fork && !forked) enterFork();
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
