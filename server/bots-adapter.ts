// The server's only contact with the bots (shared/bots.ts, pure): which strategy a bot district plays,
// and a deterministic seed per district and year, so a game's action log replays exactly.
import type { Action } from "../shared/actions.js";
import { BOT_STRATEGIES, type BotLevel, type BotStrategy, botRespond, planBotTurn } from "../shared/bots.js";
import type { GameState, Proposal } from "../shared/state.js";

export function planBots(
  state: GameState,
  district: number,
  level: BotLevel,
  mode: "mixed" | "cooperative" = "mixed",
): Action[] {
  const strategy: BotStrategy =
    mode === "cooperative" ? "cooperative" : BOT_STRATEGIES[district % BOT_STRATEGIES.length];
  const seed = (Math.imul(state.seed ^ 0x5bd1e995, 31) + state.year * 977 + district * 131) >>> 0;
  return planBotTurn(state, district, strategy, level, seed);
}

export function answerBotProposal(state: GameState, district: number, proposal: Proposal): boolean {
  return botRespond(state, district, proposal);
}
