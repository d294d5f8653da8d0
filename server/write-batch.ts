// The server side of each WebSocket, as the ws transport creates it (server/transport.ts passes these
// classes as the `ws` server's `WebSocket` class: subclasses, no patched prototypes).
//
// `CountingSocket` counts what is sent for /api/metrics (server/metrics.ts).
//
// `BatchedSocket` also sends one socket write per client per turn of the event loop. Every frame the
// ws transport sends is a write of its own (a `writev` system call per frame): after an action, a client
// gets the patch and then the events, and under load one read of a socket carries many actions, each of
// which sends a patch to every client of its room. On a 30 × 30 load test the kernel's writes were a
// third of the server's CPU. Here the first frame sent to a client in a turn corks its TCP socket, and
// one `setImmediate` (after the poll phase, before the next one: no timer, no added wait beyond the turn
// itself) uncorks every socket corked in that turn, so the frames of one turn leave in one write. The
// frames, their order and their bytes are unchanged; only how they are handed to the kernel.
import { WebSocket } from "ws";
import { countSent } from "./metrics.js";

interface Corkable {
  cork(): void;
  uncork(): void;
  destroyed: boolean;
}

type SendCallback = (err?: Error) => void;

/** Sockets uncorked and frames sent through the batch (for tests and /api/health). */
export const writeBatchStats = { turns: 0, sockets: 0, frames: 0 };

/** A server-side WebSocket that counts the bytes and patches it sends (server/metrics.ts). */
export class CountingSocket extends WebSocket {
  // biome-ignore lint/suspicious/noExplicitAny: one signature over ws's send overloads
  override send(data: any, options?: any, cb?: any): void {
    if (this.readyState === WebSocket.OPEN) countSent(data);
    super.send(data, options, cb);
  }
}

/** Sockets corked in this turn, uncorked together by `flush`. */
let corked: BatchedSocket[] = [];
let scheduled = false;

/** The last view copied this turn and its copy: a broadcast hands the same view to every client of a
 * room, and one copy serves them all. Forgotten at the flush (the encoder's buffer is rewritten later). */
let lastView: Uint8Array | null = null;
let lastCopy: Buffer | null = null;

function flush(): void {
  scheduled = false;
  lastView = null;
  lastCopy = null;
  const sockets = corked;
  corked = [];
  writeBatchStats.turns++;
  writeBatchStats.sockets += sockets.length;
  for (const s of sockets) s.uncorkBatch();
}

function tcpOf(ws: WebSocket): Corkable | undefined {
  return (ws as unknown as { _socket?: Corkable })._socket;
}

/** A counting socket whose frames of one turn leave in one write. */
export class BatchedSocket extends CountingSocket {
  /** Corked in this turn (waiting in `corked` for the flush). */
  private inBatch = false;

  // biome-ignore lint/suspicious/noExplicitAny: one signature over ws's send overloads
  override send(data: any, options?: any, cb?: any): void {
    const socket = tcpOf(this);
    if (socket && !socket.destroyed && this.readyState === WebSocket.OPEN) {
      writeBatchStats.frames++;
      if (!this.inBatch) {
        socket.cork();
        this.inBatch = true;
        corked.push(this);
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
        data = lastCopy;
      }
    }
    super.send(data, options as { binary?: boolean }, cb as SendCallback);
  }

  /** Hands this turn's frames to the kernel (the flush, or a close). */
  uncorkBatch(): void {
    if (!this.inBatch) return;
    this.inBatch = false;
    const socket = tcpOf(this);
    if (socket && !socket.destroyed) socket.uncork();
  }

  // A client sent away (kicked, replaced, the server stopping) gets what this turn queued for it first,
  // then the close frame: a socket closed or the process gone before the turn's flush would lose the
  // last messages (the "server restarting" notice on SIGTERM among them).
  override close(code?: number, data?: string | Buffer): void {
    this.uncorkBatch();
    super.close(code, data);
  }
}
