// What every screen reads: the connection, the synced room state, the rules' view of it, who I am,
// and the client's own preferences. Screens render from this and send messages; nothing else.
import type { RoomStateView } from "../../shared/mirror.js";
import type { GameRecordFile } from "../../shared/record.js";
import type { GameEvent, GameState, HistoryRow } from "../../shared/state.js";
import type { ChatMessage, Connection, YearReportMessage, YouMessage } from "../net/connection.js";

export interface Prefs {
  reducedMotion: boolean;
}

export interface AppContext {
  conn: Connection;
  view: RoomStateView;
  game: GameState;
  you: YouMessage | null;
  history: HistoryRow[];
  chat: ChatMessage[];
  ticker: { year: number; text: string }[];
  lastReport: YearReportMessage | null;
  /** The game's record once it has ended (replays and what-if forks); null before. */
  record: GameRecordFile | null;
  prefs: Prefs;
  toast(text: string, kind?: "info" | "error"): void;
  /** The join URL students open (with the code). */
  joinUrl(): string;
}

export interface Screen {
  readonly el: HTMLElement;
  update(ctx: AppContext): void;
  /** The language changed: rebuild labels. */
  relabel?(ctx: AppContext): void;
  onYearReport?(ctx: AppContext, report: YearReportMessage): void;
  /** The rules' events of an accepted action (proposals closing, for the proposer's notice). */
  onEvents?(ctx: AppContext, events: readonly GameEvent[]): void;
  destroy(): void;
}

export function myDistrict(ctx: AppContext): number {
  return ctx.you?.district ?? -1;
}
