// One socket write per client per turn of the event loop. Every frame the ws transport sends is a write
// of its own (a `writev` system call per frame): after an action, a client gets the patch and then the
// events, and under load one read of a socket carries many actions, each of which sends a patch to every
// client of its room. On a 30 × 30 load test the kernel's writes were a third of the server's CPU.
//
// Here the first frame sent to a client in a turn corks its TCP socket, and one `setImmediate` (after
// the poll phase, before the next one: no timer, no added wait beyond the turn itself) uncorks every
// socket corked in that turn, so the frames of one turn leave in one write. The frames, their order
// and their bytes are unchanged; only how they are handed to the kernel.
import { WebSocketClient } from "@colyseus/ws-transport";

interface Corkable {
  cork(): void;
  uncork(): void;
  destroyed: boolean;
}

const corked = new Set<Corkable>();
let scheduled = false;
let installed = false;
/** Sockets uncorked and frames sent through the batch (for tests and /api/health). */
export const writeBatchStats = { turns: 0, sockets: 0, frames: 0 };

/** The last view copied this turn and its copy: a broadcast hands the same view to every client of a
 * room, and one copy serves them all. Forgotten at the flush (the encoder's buffer is rewritten later). */
let lastView: Uint8Array | null = null;
let lastCopy: Buffer | null = null;

function flush(): void {
  scheduled = false;
  lastView = null;
  lastCopy = null;
  const sockets = [...corked];
  corked.clear();
  writeBatchStats.turns++;
  writeBatchStats.sockets += sockets.length;
  for (const s of sockets) if (!s.destroyed) s.uncork();
}

/** Wraps the ws transport's sends (once per process). */
export function installWriteBatching(): void {
  if (installed) return;
  installed = true;
  const proto = WebSocketClient.prototype as unknown as {
    raw: (this: WebSocketClient, data: unknown, ...rest: unknown[]) => unknown;
    leave: (this: WebSocketClient, ...args: unknown[]) => unknown;
  };
  const raw = proto.raw;
  // A client sent away (kicked, replaced, the server stopping) gets what this turn queued for it first,
  // then the close frame: a socket closed or the process gone before the turn's flush would lose the
  // last messages (the "server restarting" notice on SIGTERM among them).
  const leave = proto.leave;
  proto.leave = function (this: WebSocketClient, ...args: unknown[]) {
    const socket = (this.ref as unknown as { _socket?: Corkable })._socket;
    if (socket && corked.delete(socket) && !socket.destroyed) socket.uncork();
    return leave.apply(this, args);
  };
  proto.raw = function (this: WebSocketClient, data: unknown, ...rest: unknown[]) {
    const socket = (this.ref as unknown as { _socket?: Corkable })._socket;
    if (socket && !socket.destroyed && this.ref.readyState === 1) {
      writeBatchStats.frames++;
      if (!corked.has(socket)) {
        socket.cork();
        corked.add(socket);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      }
      // Colyseus hands over views of its encoder's shared buffer, which the next patch overwrites: a
      // frame that waits in a corked socket must own its bytes.
      if (data instanceof Uint8Array) {
        if (data !== lastView || lastCopy === null) {
          lastView = data;
          lastCopy = Buffer.from(data);
        }
        return raw.call(this, lastCopy, ...rest);
      }
    }
    return raw.call(this, data, ...rest);
  };
}
