// Chat: who may speak, who hears it (everyone, or the sender's district), and the room's outgoing
// budget. The budget counts deliveries (one message to n clients costs n): once it is spent, messages
// are dropped and the sender is told, so chat cannot amplify into a flood.
import type { ChatMessage, ErrorMessage } from "../shared/protocol.js";
import type { TokenBucket } from "./rate-limit.js";
import type { PlayerRecord } from "./seats.js";

export interface ChatRoom<C> {
  enabled: boolean;
  muted: boolean;
  budget: TokenBucket;
  clients: readonly C[];
  playerOf: (client: C) => PlayerRecord | undefined;
}

/** The recipients and the message, or why it is refused. */
export function routeChat<C>(
  room: ChatRoom<C>,
  sender: C,
  rec: PlayerRecord,
  text: string,
  team: boolean,
  now: number,
): { ok: true; to: C[]; message: ChatMessage } | { ok: false; error: ErrorMessage } {
  if (!room.enabled) return { ok: false, error: { code: "chat_disabled" } };
  if (room.muted && !rec.isHost) return { ok: false, error: { code: "chat_muted" } };
  const message = { from: rec.id, nickname: rec.nickname, text, team, district: rec.district };
  if (team && rec.district < 0) return { ok: false, error: { code: "no_seat" } };
  const to = team
    ? room.clients.filter((c) => c === sender || room.playerOf(c)?.district === rec.district)
    : [...room.clients];
  if (!room.budget.takeMany(to.length, now)) return { ok: false, error: { code: "chat_dropped" } };
  return { ok: true, to, message };
}
