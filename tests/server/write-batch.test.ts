// Write batching (server/write-batch.ts): the frames sent to one client in one turn of the loop leave in
// one socket write, in order, with the bytes they had when sent (Colyseus reuses its encoder's buffer).
// The server side is the transport's socket class (`BatchedSocket`, server/transport.ts passes it to
// the ws server), wrapped in Colyseus' client as its transport wraps it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketClient } from "@colyseus/ws-transport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { CityTransport } from "../../server/transport.js";
import { BatchedSocket, CountingSocket, writeBatchStats } from "../../server/write-batch.js";

let wss: WebSocketServer;
let port = 0;

beforeAll(async () => {
  wss = new WebSocketServer({ host: "127.0.0.1", port: 0, WebSocket: BatchedSocket });
  await new Promise<void>((r) => wss.once("listening", () => r()));
  port = (wss.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((r) => wss.close(() => r()));
});

/** A connected pair: the server side wrapped as Colyseus wraps it, and the frames the client receives. */
async function pair() {
  const serverSide = new Promise<WebSocket>((r) => wss.once("connection", (ws) => r(ws)));
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  const received: number[][] = [];
  ws.on("message", (data: Buffer) => received.push([...data]));
  await new Promise<void>((r) => ws.once("open", () => r()));
  const ref = await serverSide;
  expect(ref).toBeInstanceOf(BatchedSocket);
  const client = new WebSocketClient("s1", ref as never);
  const socket = (ref as unknown as { _socket: { _write: unknown; _writev: unknown } })._socket;
  const calls = { write: 0, writev: 0 };
  const w = socket._write as (...a: unknown[]) => unknown;
  const wv = socket._writev as (...a: unknown[]) => unknown;
  socket._write = function (this: unknown, ...a: unknown[]) {
    calls.write++;
    return w.apply(this, a);
  };
  socket._writev = function (this: unknown, ...a: unknown[]) {
    calls.writev++;
    return wv.apply(this, a);
  };
  return { client, ws, received, calls };
}

describe("write batching", () => {
  it("sends the frames of one turn in one write, in order, with their bytes as sent", async () => {
    const { client, ws, received, calls } = await pair();
    const turnsBefore = writeBatchStats.turns;
    // One shared buffer, overwritten after each send, as Colyseus's encoder does.
    const shared = new Uint8Array(4);
    for (let k = 1; k <= 3; k++) {
      shared.fill(k);
      client.raw(shared.subarray(0, k + 1));
    }
    shared.fill(9);
    // Nothing has been written in the turn that sent.
    expect(calls.write + calls.writev).toBe(0);
    await expect.poll(() => received.length).toBe(3);
    expect(received).toEqual([
      [1, 1],
      [2, 2, 2],
      [3, 3, 3, 3],
    ]);
    // Three frames (six buffers: header and payload each), one system write.
    expect(calls).toEqual({ write: 0, writev: 1 });
    expect(writeBatchStats.turns).toBeGreaterThan(turnsBefore);
    ws.close();
  });

  it("a view broadcast to several clients is copied once per turn, and each client gets the bytes as sent", async () => {
    const a = await pair();
    const b = await pair();
    const shared = new Uint8Array(3);
    // A broadcast: the same view to both clients; then the buffer is rewritten and a new view broadcast.
    shared.fill(1);
    const first = shared.subarray(0, 2);
    a.client.raw(first);
    b.client.raw(first);
    shared.fill(2);
    const second = shared.subarray(0, 3);
    a.client.raw(second);
    b.client.raw(second);
    shared.fill(9);
    await expect.poll(() => a.received.length + b.received.length).toBe(4);
    const want = [
      [1, 1],
      [2, 2, 2],
    ];
    expect(a.received).toEqual(want);
    expect(b.received).toEqual(want);
    // The first view's bytes, copied once before the rewrite, in a later turn again: its new bytes.
    shared.fill(5);
    a.client.raw(first);
    await expect.poll(() => a.received.length).toBe(3);
    expect(a.received[2]).toEqual([5, 5]);
    a.ws.close();
    b.ws.close();
  });

  it("frames of later turns leave in later writes", async () => {
    const { client, ws, received, calls } = await pair();
    client.raw(new Uint8Array([1]));
    await expect.poll(() => received.length).toBe(1);
    client.raw(new Uint8Array([2]));
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual([[1], [2]]);
    // Each turn's frame (header and payload) in a write of its own.
    expect(calls.write + calls.writev).toBe(2);
    ws.close();
  });

  it("a client sent away gets the frames of its last turn before the close, even if the socket then dies", async () => {
    const { client, ws, received } = await pair();
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    client.raw(new Uint8Array([7, 7]));
    client.leave(4000);
    // The server side is torn down in the same turn (a process exiting, a kicked client's socket
    // destroyed): without the flush in the socket's close(), the queued frame and the close frame were
    // lost.
    const ref = client.ref as unknown as { _socket: { destroy(): void } };
    ref._socket.destroy();
    expect(await closed).toBe(4000);
    expect(received).toEqual([[7, 7]]);
  });

  it("the game's transport creates batched sockets, or only counting ones with writeBatch off", () => {
    const socketClass = (t: CityTransport) =>
      (t as unknown as { wss: { options: { WebSocket: unknown } } }).wss.options.WebSocket;
    const batched = new CityTransport({ server: createServer() });
    const plain = new CityTransport({ server: createServer(), writeBatch: false });
    expect(socketClass(batched)).toBe(BatchedSocket);
    expect(socketClass(plain)).toBe(CountingSocket);
    batched.shutdown();
    plain.shutdown();
    expect(BatchedSocket.prototype).toBeInstanceOf(CountingSocket);
  });
});
