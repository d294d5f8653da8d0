// The ws transport's heartbeat, spread over its interval. Colyseus pings every connected client in one
// timer callback every `pingInterval` (3 s): at 3,000 clients that is 3,000 socket writes in one turn of
// the event loop, a stall of tens of milliseconds every 3 s that every room's players wait behind.
//
// This transport keeps the same rule (each client is pinged once per interval; one that has not answered
// `pingMaxRetries` pings in a row is terminated) but pings a slice of the clients every SLICE_MS, so a
// turn writes at most a thirtieth of the pings.
import { WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocket } from "ws";

/** How often a slice of the clients is pinged. */
export const SLICE_MS = 100;

function noop(): void {}

export class SpreadHeartbeatTransport extends WebSocketTransport {
  /** Pings sent and clients terminated (tests). */
  readonly heartbeat = { pings: 0, terminated: 0, cycles: 0, largestSlice: 0 };

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const slices = Math.max(1, Math.round(pingInterval / SLICE_MS));
    const clients = this.wss.clients as Set<WebSocket & { pingCount: number }>;
    let it = clients.values();
    let left = 0;
    let perSlice = 0;
    let slice = 0;
    // Each cycle (one interval) visits the clients connected at its start once, a slice per tick; a
    // client that joins during a cycle is visited in the next. The base class clears this interval when
    // the server closes.
    this.pingInterval = setInterval(() => {
      if (slice === 0) {
        it = clients.values();
        left = clients.size;
        perSlice = Math.ceil(left / slices);
        this.heartbeat.cycles++;
      }
      slice = (slice + 1) % slices;
      let visited = 0;
      for (let k = 0; k < perSlice && left > 0; k++, left--) {
        const next = it.next();
        if (next.done) {
          left = 0;
          break;
        }
        const client = next.value;
        visited++;
        if (client.pingCount >= pingMaxRetries) {
          this.heartbeat.terminated++;
          client.terminate();
          continue;
        }
        client.pingCount++;
        this.heartbeat.pings++;
        client.ping(noop);
      }
      if (visited > this.heartbeat.largestSlice) this.heartbeat.largestSlice = visited;
    }, pingInterval / slices);
  }
}
