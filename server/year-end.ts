// Where a room's year end runs: in the process's year pool (server/year-pool.ts, worker threads), so
// that resolving a year never blocks the event loop that answers every room. One pool per process,
// created on the first year end, closed on shutdown (server/main.ts).
//
// CQ_YEAR_WORKERS sets the number of worker threads (default: the cores but one, at least 1); 0 runs
// every year end on the main thread, at once (the room then steps its session with `run`, as before
// the pool: for debugging).
import { availableParallelism } from "node:os";
import type { GameState } from "../shared/state.js";
import { YearPool, type YearPoolStats } from "./year-pool.js";
import { packedBuffers, packGame, runYearTask, type TakenYear, unpackYear } from "./year-tasks.js";

/** CQ_YEAR_WORKERS as read once: every command of every room asks (`yearPool()`), and reading
 * `process.env` is a call into the environment each time (1.8 % of the main thread at 50 × 30). */
let workersSetting: number | null = null;

/** Worker threads for year ends (0: none, the main thread resolves). */
export function yearWorkers(): number {
  workersSetting ??= readYearWorkers();
  return workersSetting;
}

/** Reads CQ_YEAR_WORKERS again at the next `yearWorkers()` (for tests that change it). */
export function rereadYearWorkers(): void {
  workersSetting = null;
}

function readYearWorkers(): number {
  const raw = process.env.CQ_YEAR_WORKERS;
  if (raw !== undefined && raw.trim() !== "") {
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 0) return n;
  }
  return Math.max(1, availableParallelism() - 1);
}

let pool: YearPool | null = null;

/** The process's year pool (created on first use), or null when year ends run on the main thread. */
export function yearPool(): YearPool | null {
  const size = yearWorkers();
  if (size === 0) return null;
  pool ??= new YearPool({ size });
  return pool;
}

/** For /api/health: where year ends run, and the pool's counts (jobs done in a worker, run again on
 * the main thread after a worker died, workers that died); zeros until the first year end. */
export function yearEndStats(): { workers: number } & Omit<YearPoolStats, "workers"> {
  const zero = { busy: 0, queued: 0, done: 0, fellBack: 0, crashes: 0 };
  return { ...zero, ...pool?.stats(), workers: yearWorkers() };
}

/** Stops the pool's workers (server shutdown, after the rooms are saved). A later year end starts a
 * new pool. */
export async function closeYearPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.close();
}

/** Test hooks (tests run the server in their own process): `beforeAnswer`, when set, is awaited after
 * the worker answered and before the room gets the year, so a test can hold a room in "resolving". */
export const yearEndHooks: { beforeAnswer: (() => Promise<void>) | null } = { beforeAnswer: null };

/** Waiters for a turn of their own (see `nextTurn`), oldest first. */
const turnQueue: (() => void)[] = [];
let pumping = false;

function pump(): void {
  turnQueue.shift()?.();
  // An immediate scheduled while immediates run waits for the next turn of the loop (after its I/O).
  if (turnQueue.length > 0) setImmediate(pump);
  else pumping = false;
}

/**
 * Resolves in a turn of the event loop of its own: one waiter per turn, with the loop's I/O (other
 * rooms' messages) polled between. When many rooms' years come back together (a bell), each room's
 * sync, patch and year report go out in a separate turn instead of one long one.
 */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    turnQueue.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(pump);
    }
  });
}

/**
 * One year of `game` (the session's `endYear`), resolved in a worker, with the new state's JSON for the
 * room's snapshot (made in the worker; absent when the year ran here). A job the pool cannot run (a
 * worker that died holding it, a task that threw there) is run again here, on the main thread, so the
 * year always completes; only a closed pool (the server is stopping) rejects.
 */
export async function resolveYearOffThread(game: GameState): Promise<TakenYear> {
  const p = yearPool();
  let year: TakenYear;
  if (!p) year = runYearTask("resolveYear", game);
  else {
    try {
      // Rooms that started together end their planning in the same turn (their timers fall due
      // together): each packs and posts its game in a turn of its own.
      await nextTurn();
      // The tiles go as moved typed arrays (server/year-tasks.ts), packed from a copy: `game` stays
      // whole for the main-thread fallback.
      const packed = packGame(game);
      const out = await p.run("resolveYearPacked", packed, packedBuffers(packed.tiles));
      // Each room's year is taken in (unpacked, then synced and sent by the room) in a turn of its own.
      await nextTurn();
      year = unpackYear(out);
    } catch (e) {
      if (e instanceof Error && /closed/.test(e.message)) throw e;
      console.error("year pool: a year end failed in its worker; resolving it on the main thread:", e);
      year = runYearTask("resolveYear", game);
    }
  }
  if (yearEndHooks.beforeAnswer) await yearEndHooks.beforeAnswer();
  return year;
}
