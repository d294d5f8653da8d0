// The server's only contact with the bots (shared/bots.ts, pure): the bots' turn of a planning phase is
// the shared loop `playBotsTurn` (the balance harness plays the same one), seated as the room's mode
// says; proposals made to a bot district between turns are answered at once.
import {
  type BotLevel,
  type BotMode,
  type BotTurn,
  botRespond,
  playBotsTurn,
  roomBotSeats,
} from "../shared/bots.js";
import type { GameState, Proposal } from "../shared/state.js";

export function runBotTurn(
  state: GameState,
  bots: readonly number[],
  level: BotLevel,
  mode: BotMode,
): BotTurn {
  return playBotsTurn(state, bots, roomBotSeats(level, mode));
}

export function answerBotProposal(state: GameState, district: number, proposal: Proposal): boolean {
  return botRespond(state, district, proposal);
}
