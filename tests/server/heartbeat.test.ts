// The spread heartbeat (server/transport.ts): every client is pinged once per interval, a slice of the
// clients per tick instead of all in one turn, and a client that stops answering is terminated while
// those that answer stay connected.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WebSocket, type WebSocketServer } from "ws";
import { CityTransport } from "../../server/transport.js";

let http: Server;
let transport: CityTransport;
let port = 0;

beforeAll(async () => {
  http = createServer();
  transport = new CityTransport({ server: http, pingInterval: 400, pingMaxRetries: 2 });
  // The transport's own connection handler seats clients in rooms; here a client only needs the
  // heartbeat's bookkeeping, as that handler sets it up (a ping count, reset by each pong).
  const wss = (transport as unknown as { wss: WebSocketServer }).wss;
  wss.removeAllListeners("connection");
  wss.on("connection", (ws: WebSocket & { pingCount?: number }) => {
    ws.pingCount = 0;
    ws.on("pong", () => {
      ws.pingCount = 0;
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  port = (http.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((r) => http.close(() => r()));
});

async function connect(autoPong: boolean) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { autoPong });
  const seen = { pings: 0, closed: false };
  ws.on("ping", () => seen.pings++);
  ws.on("close", () => {
    seen.closed = true;
  });
  await new Promise<void>((r) => ws.once("open", () => r()));
  return { ws, seen };
}

it("pings every client a slice at a time, and terminates only the one that stopped answering", async () => {
  const answering = await Promise.all(Array.from({ length: 12 }, () => connect(true)));
  const silent = await connect(false);
  await expect.poll(() => silent.seen.closed, { timeout: 10_000 }).toBe(true);
  expect(silent.seen.pings).toBe(2);
  // Everyone who answers was pinged and is still connected.
  await expect
    .poll(() => Math.min(...answering.map((c) => c.seen.pings)), { timeout: 10_000 })
    .toBeGreaterThanOrEqual(2);
  expect(answering.every((c) => !c.seen.closed && c.ws.readyState === WebSocket.OPEN)).toBe(true);
  expect(transport.heartbeat.terminated).toBe(1);
  // 13 clients over 4 slices of the 400 ms interval: at most 4 in one tick, never all at once.
  expect(transport.heartbeat.largestSlice).toBeLessThanOrEqual(4);
  expect(transport.heartbeat.largestSlice).toBeGreaterThan(0);
  for (const c of answering) c.ws.close();
});
