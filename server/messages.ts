// Typed server→client messages: the name fixes the payload (shared/protocol.ts, ServerMessageSchemas).
// Every message the server sends goes through these two functions.
import type { ServerMessageName, ServerMessages } from "../shared/protocol.js";

export function sendMessage<K extends ServerMessageName>(
  client: { send(type: string, message: unknown): void },
  type: K,
  payload: ServerMessages[K],
): void {
  client.send(type, payload);
}

export function broadcastMessage<K extends ServerMessageName>(
  room: { broadcast(type: string, message: unknown): void },
  type: K,
  payload: ServerMessages[K],
): void {
  room.broadcast(type, payload);
}
