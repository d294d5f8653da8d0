// The game's WebSocket transport: Colyseus' ws transport, with
// - the server-side sockets as subclasses (server/write-batch.ts) that count what is sent for
//   /api/metrics and send one socket write per client per turn of the loop (`writeBatch`;
//   CQ_WRITE_BATCH=0 turns it off);
// - the heartbeat spread over its interval (`spreadPings`; CQ_SPREAD_PINGS=0 keeps Colyseus' own).
//   Colyseus pings every connected client in one timer callback every `pingInterval` (3 s): at 3,000
//   clients that is 3,000 socket writes in one turn of the event loop, a stall of tens of milliseconds
//   every 3 s that every room's players wait behind. This transport keeps the same rule (each client is
//   pinged once per interval; one that has not answered `pingMaxRetries` pings in a row is terminated)
//   but pings a slice of the clients every SLICE_MS, so a turn writes at most a thirtieth of the pings.
import { type TransportOptions, WebSocketTransport } from "@colyseus/ws-transport";
import type { WebSocket } from "ws";
import { BatchedSocket, CountingSocket } from "./write-batch.js";

/** How often a slice of the clients is pinged. */
export const SLICE_MS = 100;

function noop(): void {}

export interface CityTransportOptions extends TransportOptions {
  /** One socket write per client per turn (default true). */
  writeBatch?: boolean;
  /** The heartbeat's pings spread over the interval (default true); false: Colyseus' own. */
  spreadPings?: boolean;
}

export class CityTransport extends WebSocketTransport {
  /** Pings sent and clients terminated by the spread heartbeat (tests). */
  readonly heartbeat = { pings: 0, terminated: 0, cycles: 0, largestSlice: 0 };
  private readonly spreadPings: boolean;

  constructor(options: CityTransportOptions = {}) {
    const { writeBatch = true, spreadPings = true, ...rest } = options;
    super({ ...rest, WebSocket: writeBatch ? BatchedSocket : CountingSocket });
    this.spreadPings = spreadPings;
  }

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    if (!this.spreadPings) {
      super.autoTerminateUnresponsiveClients(pingInterval, pingMaxRetries);
      return;
    }
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
