// The game session: the flow of one game (phases, the phase clock, the pause, the bots' turns, the year
// end and the action log) as a pure reducer over commands. The room (server/city-room.ts) feeds it the
// players' actions, the host's commands and its timer's ticks; the bots' whole games (shared/bots.ts,
// `npm run balance`), `npm run bench` and replays (shared/replay.ts) fold the same reducer, so they all
// play the room's loop: same order, same bot seeding, same log.
//
// A command carries its time (`at`, milliseconds on the caller's clock) and the districts bots play at
// that moment (the room knows who is seated). The reducer returns the next session and what the caller
// must do (outputs: publish events, send the year report, save, set or clear the phase timer), or a
// typed refusal with an existing error code. Phase and role rules live here once, as the exported
// functions below, and the client's gates call the same functions.
//
// The year end is two steps around one pure function, so that a caller may run the middle elsewhere
// (a worker thread): `beginYearEnd` (planning → resolving), `resolveYear(session.game)` (pure, plain
// JSON in and out), then the command `{ type: "yearEnd", year }` (resolving → report or ended). `run`
// does all three at once; the reducer alone stops at "resolving" and asks for the year (`resolve`).
import { type Action, type Actor, applyAction } from "./actions.js";
import {
  type BotLevel,
  type BotMode,
  type BotSeat,
  type BotTurn,
  botRespond,
  playBotsTurn,
  roomBotSeats,
} from "./bots.js";
import type { Phase } from "./mirror.js";
import type { ErrorMessage } from "./protocol.js";
import { ActionLog, type LogEntry } from "./replay.js";
import { resolveYear, type YearResult } from "./resolve.js";
import type { GameEvent, GameState, HistoryRow } from "./state.js";

/** The clock settings of a session (the room's settings of the same names). */
export interface SessionTiming {
  planningSeconds: number;
  reportSeconds: number;
  /** The report phase waits for the host's Continue. */
  reportWait: boolean;
  /** Fair start: seconds the first planning clock waits for the players' maps (0: at once). */
  startCountdown: number;
}

/** How bot districts play: a room's level and mode (strategy by district), or one seat per district
 * (the balance harness; district d plays `seats[d % seats.length]`). */
export type BotSeating = { level: BotLevel; mode: BotMode } | { seats: BotSeat[] };

export interface Session {
  game: GameState;
  phase: Phase;
  paused: boolean;
  /** When the phase clock ends, on the commands' clock; 0 when no clock runs. */
  phaseEndsAt: number;
  /** Time left, frozen while paused. */
  remainingMs: number;
  /** The report phase waits for the host (no clock). */
  waitingForHost: boolean;
  /** What changed the game, in order: the replay record (persistent: an append does not copy it). */
  log: ActionLog;
  timing: SessionTiming;
  bots: BotSeating;
}

/** Who sends a player action: the seat's district (-1: none) and whether it is the host's. */
export interface Seat {
  district: number;
  host: boolean;
}

/** Host commands that belong to the game's flow (seats, chat and join caps stay with the room). */
export type SessionHostCommand =
  | { type: "host.start" }
  | { type: "host.pause" }
  | { type: "host.resume" }
  | { type: "host.addTime"; seconds: number }
  | { type: "host.endPlanning" }
  | { type: "host.endGame" }
  | { type: "host.injectEvent"; event: Extract<Action, { type: "injectEvent" }>["event"] }
  | { type: "host.decree"; policy: Extract<Action, { type: "decreeCityPolicy" }>["policy"]; enabled: boolean }
  | { type: "host.setBotStrategy"; strategy: BotMode };

export const SESSION_HOST_COMMANDS = [
  "host.start",
  "host.pause",
  "host.resume",
  "host.addTime",
  "host.endPlanning",
  "host.endGame",
  "host.injectEvent",
  "host.decree",
  "host.setBotStrategy",
] as const satisfies readonly SessionHostCommand["type"][];

/** A command without its time and bot districts. */
export type SessionCommandBody =
  | { type: "act"; seat: Seat; action: Action }
  | { type: "host"; command: SessionHostCommand }
  /** Fair start: every connected player's map is drawn (the room counts them). */
  | { type: "allReady" }
  /** The phase timer ran out. */
  | { type: "tick" }
  /** The year, resolved from the game as it was when the year end began. */
  | { type: "yearEnd"; year: YearResult }
  /** One recorded log entry, applied as it was (replays): no phase gates. */
  | { type: "replay"; entry: LogEntry }
  /** One recorded log entry played again with the bots deciding anew (what-if forks), no phase gates:
   * a bots' turn marker plays the bots' turn on this game (the room's seats and seeds), the bots'
   * logged actions are left out, and a person's action is made as in the room — the districts in
   * `bots` (those of the last marker) answer its proposals at once; a refused action is a refusal. */
  | { type: "replan"; entry: LogEntry };

export type SessionCommand = SessionCommandBody & {
  /** The caller's clock, ms. */
  at: number;
  /** The districts bots play now (none if omitted). */
  bots?: readonly number[];
};

export type SessionOutput =
  /** The game changed by an action or a bot turn: sync and send the patch, then these events. */
  | { kind: "publish"; events: GameEvent[] }
  /** A year was resolved: the year's events and history rows. */
  | { kind: "yearReport"; year: number; events: GameEvent[]; history: HistoryRow[] }
  /** The game reached a point worth a snapshot. */
  | { kind: "save" }
  /** The year end began: resolve `session.game` and send `{ type: "yearEnd" }`. */
  | { kind: "resolve" }
  /** The bots played their turn (per district figures, for the balance harness). */
  | { kind: "botTurn"; turn: BotTurn };

export type SessionResult =
  | {
      ok: true;
      session: Session;
      outputs: SessionOutput[];
      /** The phase timer: a number of ms to (re)start it, null to clear it, absent to leave it. */
      timer?: number | null;
    }
  | { ok: false; error: ErrorMessage };

// ------------------------------------------------------------------------------------------------
// Phase and role rules (the room's door and the client's gates call these)

// They live in shared/phases.ts (no rules imported there, so the client's start page stays small).
import { clockRuns, playRefusal } from "./phases.js";

export { clockRuns, PROJECTOR_MESSAGES, playRefusal, roleRefusal } from "./phases.js";

/** The actor of a seated player's action: the host acts as the city for events and decrees. */
export function actorOf(seat: Seat, action: Action): Actor | null {
  if (seat.host && (action.type === "injectEvent" || action.type === "decreeCityPolicy"))
    return { kind: "host" };
  if (seat.district < 0) return null;
  return { kind: "district", district: seat.district };
}

// ------------------------------------------------------------------------------------------------
// The session

export const DEFAULT_TIMING: SessionTiming = {
  planningSeconds: 90,
  reportSeconds: 30,
  reportWait: false,
  startCountdown: 10,
};

export function newSession(
  game: GameState,
  options: {
    timing?: Partial<SessionTiming>;
    bots?: BotSeating;
    log?: Iterable<LogEntry> | ActionLog;
    phase?: Phase;
  } = {},
): Session {
  return {
    game,
    phase: options.phase ?? (game.year >= game.years ? "ended" : "lobby"),
    paused: false,
    phaseEndsAt: 0,
    remainingMs: 0,
    waitingForHost: false,
    log: options.log instanceof ActionLog ? options.log : ActionLog.from(options.log),
    timing: { ...DEFAULT_TIMING, ...options.timing },
    bots: options.bots ?? { level: "easy", mode: "mixed" },
  };
}

const refuse = (code: ErrorMessage["code"], params?: ErrorMessage["params"]): SessionResult => ({
  ok: false,
  error: params ? { code, params } : { code },
});

/** The seat a bot district plays. */
export function botSeatOf(seating: BotSeating, district: number): BotSeat {
  if ("seats" in seating) return seating.seats[district % seating.seats.length];
  return roomBotSeats(seating.level, seating.mode)(district);
}

/** A result being built: the session so far, its outputs and the timer decision. */
interface Turn {
  s: Session;
  out: SessionOutput[];
  timer?: number | null;
  bots: readonly number[];
  at: number;
}

function startTimer(t: Turn, ms: number): void {
  t.s = { ...t.s, phaseEndsAt: t.at + ms, remainingMs: 0 };
  t.timer = ms;
}

function clearTimer(t: Turn): void {
  t.timer = null;
}

/** The one place where the game changes by an action: apply, then log. */
function commit(t: Turn, action: Action, actor: Actor, bot = false): ErrorMessage | GameEvent[] {
  const r = applyAction(t.s.game, action, actor);
  if (!r.ok) return r.error.params ? { code: r.error.code, params: r.error.params } : { code: r.error.code };
  const entry: LogEntry = bot
    ? { kind: "action", actor, action, bot: true }
    : { kind: "action", actor, action };
  t.s = { ...t.s, game: r.state, log: t.s.log.append(entry) };
  return r.events;
}

/** An action, and the answers of bot districts to the proposals it made. */
function act(t: Turn, action: Action, actor: Actor): ErrorMessage | null {
  const events = commit(t, action, actor);
  if (!Array.isArray(events)) return events;
  const all = [...events];
  const bots = new Set(t.bots);
  for (const e of events) {
    if (e.type !== "proposal" || !bots.has(e.to)) continue;
    const p = t.s.game.proposals.find((x) => x.id === e.proposal);
    if (!p) continue;
    const accept = botRespond(t.s.game, e.to, p);
    const answered = commit(
      t,
      { type: "respondProposal", proposal: p.id, accept },
      { kind: "district", district: e.to },
      true,
    );
    if (Array.isArray(answered)) all.push(...answered);
  }
  t.out.push({ kind: "publish", events: all });
  return null;
}

function startCountdown(t: Turn): void {
  const seconds = t.s.timing.startCountdown;
  if (seconds <= 0) {
    startPlanning(t);
    return;
  }
  t.s = { ...t.s, phase: "starting", paused: false };
  startTimer(t, seconds * 1000);
}

function startPlanning(t: Turn): void {
  t.s = { ...t.s, waitingForHost: false };
  if (t.s.game.year >= t.s.game.years) {
    endGame(t);
    return;
  }
  t.s = { ...t.s, phase: "planning", paused: false };
  startTimer(t, t.s.timing.planningSeconds * 1000);
  // The bots' turn: the shared loop (each bot district in ascending order, seeded by botSeed).
  const seating = t.s.bots;
  const turn = playBotsTurn(t.s.game, t.bots, (d) => botSeatOf(seating, d));
  // The log marks the turn ("bots", when the room's level and mode seat them) and its actions (`bot`),
  // so a what-if fork can let the bots plan again.
  const logged: LogEntry[] = turn.actions.map(({ actor, action }) => ({
    kind: "action",
    actor,
    action,
    bot: true,
  }));
  if (t.bots.length > 0 && !("seats" in seating))
    logged.unshift({ kind: "bots", districts: [...t.bots], level: seating.level, mode: seating.mode });
  t.s = { ...t.s, game: turn.state, log: t.s.log.append(...logged) };
  t.out.push({ kind: "botTurn", turn }, { kind: "publish", events: turn.events });
}

/** Planning → resolving: the clock stops; the caller resolves `session.game` (pure) and sends the year. */
export function beginYearEnd(s: Session): Session {
  return { ...s, phase: "resolving", paused: false };
}

/** The year end in one call (the pure core the room may run elsewhere): resolveYear of the game. */
export function endYear(s: Session): YearResult {
  return resolveYear(s.game);
}

function finishYearEnd(t: Turn, year: YearResult): void {
  const state = year.state;
  t.s = { ...t.s, game: state, log: t.s.log.append({ kind: "resolve" }) };
  const history = state.history.filter((h) => h.year === state.year);
  t.out.push({ kind: "yearReport", year: state.year, events: year.events, history });
  if (state.year >= state.years) {
    t.s = { ...t.s, phase: "ended", phaseEndsAt: 0 };
  } else {
    // "Until I continue": no clock; the host's Continue starts the next planning phase.
    const wait = t.s.timing.reportWait;
    t.s = { ...t.s, phase: "report", waitingForHost: wait };
    if (wait) t.s = { ...t.s, phaseEndsAt: 0 };
    else startTimer(t, t.s.timing.reportSeconds * 1000);
  }
  t.out.push({ kind: "save" });
}

function endPlanning(t: Turn): void {
  clearTimer(t);
  t.s = beginYearEnd(t.s);
  t.out.push({ kind: "resolve" });
}

function endGame(t: Turn): void {
  clearTimer(t);
  t.s = { ...t.s, phase: "ended", paused: false, phaseEndsAt: 0, remainingMs: 0 };
  t.out.push({ kind: "save" });
}

function host(t: Turn, c: SessionHostCommand): ErrorMessage | null {
  const s = t.s;
  const wrong = (phase: string = s.phase): ErrorMessage => ({ code: "wrong_phase", params: { phase } });
  switch (c.type) {
    case "host.start":
      if (s.phase !== "lobby") return wrong();
      if (s.game.year >= s.game.years) return wrong("ended");
      startCountdown(t);
      return null;
    case "host.pause":
      if (!clockRuns(s.phase)) return wrong();
      if (s.paused) return { code: "paused" };
      t.s = {
        ...s,
        remainingMs: s.waitingForHost ? 0 : Math.max(0, s.phaseEndsAt - t.at),
        paused: true,
        phaseEndsAt: 0,
      };
      clearTimer(t);
      return null;
    case "host.resume":
      if (!s.paused) return wrong();
      t.s = { ...s, paused: false };
      if (!s.waitingForHost) startTimer(t, Math.max(1000, s.remainingMs));
      return null;
    case "host.addTime":
      if (!clockRuns(s.phase) || s.waitingForHost) return wrong();
      if (s.paused) t.s = { ...s, remainingMs: Math.max(1000, s.remainingMs + c.seconds * 1000) };
      else startTimer(t, Math.max(1000, s.phaseEndsAt + c.seconds * 1000 - t.at));
      return null;
    case "host.endPlanning":
      if (s.phase === "planning") endPlanning(t);
      else if (s.phase === "report" || s.phase === "starting") startPlanning(t);
      else return wrong();
      return null;
    case "host.endGame":
      if (s.phase === "ended") return wrong();
      endGame(t);
      return null;
    case "host.injectEvent":
      if (s.phase === "ended" || s.phase === "resolving") return wrong();
      return act(t, { type: "injectEvent", event: c.event }, { kind: "host" });
    case "host.decree":
      // The instructor as mayor: a city policy now, through the rules (and the action log).
      if (s.phase === "ended" || s.phase === "resolving") return wrong();
      return act(t, { type: "decreeCityPolicy", policy: c.policy, enabled: c.enabled }, { kind: "host" });
    case "host.setBotStrategy":
      // From the next planning phase on, bots play this way.
      if (!("seats" in s.bots)) t.s = { ...s, bots: { level: s.bots.level, mode: c.strategy } };
      return null;
  }
}

/** A logged year end, replayed: the year resolved at once (none after the last year), with its report. */
function replayResolve(t: Turn): void {
  if (t.s.game.year >= t.s.game.years) return;
  const year = resolveYear(t.s.game);
  const state = year.state;
  t.s = { ...t.s, game: state, log: t.s.log.append({ kind: "resolve" }) };
  const history = state.history.filter((h) => h.year === state.year);
  t.out.push({ kind: "yearReport", year: state.year, events: year.events, history });
}

/** The reducer: one command → the next session and its outputs, or a refusal (the session unchanged). */
export function reduce(s: Session, cmd: SessionCommand): SessionResult {
  const t: Turn = { s, out: [], bots: cmd.bots ?? [], at: cmd.at };
  let failure: ErrorMessage | null = null;
  switch (cmd.type) {
    case "act": {
      const why = playRefusal(s.phase, s.paused);
      if (why === "not_planning") return refuse(why, { phase: s.phase });
      if (why) return refuse(why);
      const actor = actorOf(cmd.seat, cmd.action);
      if (!actor) return refuse("no_seat");
      failure = act(t, cmd.action, actor);
      break;
    }
    case "host":
      failure = host(t, cmd.command);
      break;
    case "allReady":
      if (s.phase === "starting" && !s.paused) startPlanning(t);
      break;
    case "tick":
      // No clock runs while paused or while the report waits for the host: a stale tick does nothing.
      if (s.paused || s.waitingForHost) break;
      if (s.phase === "planning") endPlanning(t);
      else if (s.phase === "report" || s.phase === "starting") startPlanning(t);
      break;
    case "yearEnd":
      if (s.phase !== "resolving") return refuse("wrong_phase", { phase: s.phase });
      finishYearEnd(t, cmd.year);
      break;
    case "replay": {
      const e = cmd.entry;
      if (e.kind === "resolve") replayResolve(t);
      else if (e.kind === "bots") t.s = { ...t.s, log: t.s.log.append(e) };
      else commit(t, e.action, e.actor, e.bot === true);
      break;
    }
    case "replan": {
      const e = cmd.entry;
      if (e.kind === "resolve") replayResolve(t);
      else if (e.kind === "bots") {
        const turn = playBotsTurn(t.s.game, e.districts, roomBotSeats(e.level, e.mode));
        const logged: LogEntry[] = turn.actions.map(({ actor, action }) => ({
          kind: "action",
          actor,
          action,
          bot: true,
        }));
        t.s = { ...t.s, game: turn.state, log: t.s.log.append(e, ...logged) };
        t.out.push({ kind: "botTurn", turn }, { kind: "publish", events: turn.events });
      } else if (!e.bot) failure = act(t, e.action, e.actor);
      break;
    }
  }
  if (failure) return { ok: false, error: failure };
  return t.timer === undefined
    ? { ok: true, session: t.s, outputs: t.out }
    : { ok: true, session: t.s, outputs: t.out, timer: t.timer };
}

/**
 * The reducer with the year end run at once: when a command begins it, the year is resolved here and
 * the `yearEnd` command follows (its outputs and timer appended). Bots, the balance harness, the bench,
 * replays and the room (unless it resolves elsewhere) all step the session this way.
 */
export function run(s: Session, cmd: SessionCommand): SessionResult {
  const first = reduce(s, cmd);
  if (!first.ok || !first.outputs.some((o) => o.kind === "resolve")) return first;
  const second = reduce(first.session, { type: "yearEnd", year: endYear(first.session), at: cmd.at });
  if (!second.ok) return first;
  const timer = second.timer !== undefined ? second.timer : first.timer;
  return {
    ok: true,
    session: second.session,
    outputs: [...first.outputs.filter((o) => o.kind !== "resolve"), ...second.outputs],
    ...(timer !== undefined ? { timer } : {}),
  };
}
