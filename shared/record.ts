// The record of a game, as the results file carries it: the scenario, the settings (with the seed) and
// the action log, versioned. Everything a replay or a what-if fork needs; no frame is stored, the
// game is played forward from the log (shared/replay.ts). Read back through `parseRecord` (zod), so a
// hand-edited or truncated file is refused with the first bad field.
import { z } from "zod";
import { type Actor, ActionSchema } from "./actions.js";
import type { BotLevel, BotMode } from "./bots.js";
import { stateHash } from "./hash.js";
import { DISTRICTS_MAX, DISTRICTS_MIN, MAP_SIZE_MAX, MAP_SIZE_MIN } from "./limits.js";
import type { LogEntry } from "./replay.js";
import { type GameSettings, type Scenario, ScenarioSchema } from "./scenarios.js";
import type { GameState } from "./state.js";

export const RECORD_FORMAT = "creative-quarter-record";
export const RECORD_VERSION = 1;
/** Longest log a file may carry (a 12-district, 40-year game with hard bots stays far below). */
export const MAX_LOG_ENTRIES = 100_000;

export interface GameRecordFile {
  format: typeof RECORD_FORMAT;
  version: typeof RECORD_VERSION;
  scenario: Scenario;
  settings: GameSettings;
  log: LogEntry[];
  /** The state hash at the end of the log, so a viewer can tell its replay matches the room's game. */
  hash: string;
}

// The bots' levels and modes, spelled here so that reading a file does not load the bots (the start
// page reads results files); the type check keeps them equal to shared/bots.ts.
const LEVELS = ["easy", "hard"] as const satisfies readonly BotLevel[];
const MODES = ["mixed", "cooperative"] as const satisfies readonly BotMode[];
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameLevels: Exactly<(typeof LEVELS)[number], BotLevel> = true;
const sameModes: Exactly<(typeof MODES)[number], BotMode> = true;
void sameLevels;
void sameModes;

const ActorSchema: z.ZodType<Actor> = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("host") }).strict(),
  z
    .object({
      kind: z.literal("district"),
      district: z
        .number()
        .int()
        .min(0)
        .max(DISTRICTS_MAX - 1),
    })
    .strict(),
]);

const LogEntrySchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("action"),
      actor: ActorSchema,
      action: ActionSchema,
      bot: z.literal(true).optional(),
    })
    .strict(),
  z.object({ kind: z.literal("resolve") }).strict(),
  z
    .object({
      kind: z.literal("bots"),
      districts: z
        .array(
          z
            .number()
            .int()
            .min(0)
            .max(DISTRICTS_MAX - 1),
        )
        .max(DISTRICTS_MAX),
      level: z.enum(LEVELS),
      mode: z.enum(MODES),
    })
    .strict(),
]);

const SettingsSchema = z
  .object({
    seed: z.number().int(),
    size: z.number().int().min(MAP_SIZE_MIN).max(MAP_SIZE_MAX).optional(),
    districts: z.number().int().min(DISTRICTS_MIN).max(DISTRICTS_MAX).optional(),
    years: z.number().int().min(1).max(40).optional(),
    districtNames: z.array(z.string().max(40)).max(DISTRICTS_MAX).optional(),
  })
  .strict();

const RecordSchema = z.object({
  format: z.literal(RECORD_FORMAT),
  version: z.literal(RECORD_VERSION),
  scenario: ScenarioSchema,
  settings: SettingsSchema,
  log: z.array(LogEntrySchema).max(MAX_LOG_ENTRIES),
  hash: z.string().regex(/^[0-9a-f]{1,64}$/),
});

/** The record of a game, with the hash of the state the log ends in. */
export function makeRecord(
  scenario: Scenario,
  settings: GameSettings,
  log: Iterable<LogEntry>,
  end: GameState,
): GameRecordFile {
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    scenario,
    settings,
    log: [...log],
    hash: stateHash(end),
  };
}

/** Reads a record, or a results file that carries one under `record`; names the first bad field. */
export function parseRecord(
  input: unknown,
): { ok: true; record: GameRecordFile } | { ok: false; field: string } {
  const inner =
    input && typeof input === "object" && "record" in input ? (input as { record: unknown }).record : input;
  const r = RecordSchema.safeParse(inner);
  if (r.success) return { ok: true, record: r.data as GameRecordFile };
  const issue = r.error.issues[0];
  return { ok: false, field: issue.path.length ? issue.path.map(String).join(".") : "(file)" };
}
