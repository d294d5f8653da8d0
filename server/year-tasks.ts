// The work a year pool runs, by name: pure functions from a structured-clonable input to a
// structured-clonable output. The pool's workers (server/year-worker.ts) and its main-thread fallback
// both call them from here, so a job gives the same result wherever it ran. A new year-end command
// (the session's) is one more entry.
import { resolveYear } from "../shared/resolve.js";
import type { GameState } from "../shared/state.js";

export const YEAR_TASKS = {
  /** One year of the rules: the new state and the year's events. */
  resolveYear: (state: GameState) => resolveYear(state),
  /** A snapshot's JSON text, so that serialising it leaves the event loop too. */
  stringify: (value: unknown) => JSON.stringify(value),
} satisfies Record<string, (input: never) => unknown>;

export type YearTaskName = keyof typeof YEAR_TASKS;
export type YearTaskInput<K extends YearTaskName> = Parameters<(typeof YEAR_TASKS)[K]>[0];
export type YearTaskOutput<K extends YearTaskName> = ReturnType<(typeof YEAR_TASKS)[K]>;

export function runYearTask<K extends YearTaskName>(task: K, input: YearTaskInput<K>): YearTaskOutput<K> {
  const fn = YEAR_TASKS[task] as (input: YearTaskInput<K>) => YearTaskOutput<K>;
  if (typeof fn !== "function") throw new Error(`unknown year task: ${String(task)}`);
  return fn(input);
}
