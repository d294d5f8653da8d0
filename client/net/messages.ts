// Typed server→client messages on the client: the name fixes the payload (shared/protocol.ts,
// ServerMessageSchemas), the same types the server's sendMessage/broadcastMessage take.
import type { Room } from "colyseus.js";
import type { ServerMessageName, ServerMessages } from "../../shared/protocol.js";

export function onMessage<K extends ServerMessageName>(
  room: Room,
  type: K,
  handler: (payload: ServerMessages[K]) => void,
): void {
  room.onMessage<ServerMessages[K]>(type, handler);
}
