// Helpers for room tests: an in-process server on a free port (so test files need not share 2568),
// wrapped by @colyseus/testing, and colyseus.js clients that record every message they receive.
import { mkdtempSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ColyseusTestServer } from "@colyseus/testing";
import { Client, type Room } from "colyseus.js";
import { afterAll, beforeAll } from "vitest";
import type { RoomStateView } from "../../shared/mirror.js";
import { CMD, type ClientMessage, type CreateOptions, type JoinOptions } from "../../shared/protocol.js";

export const TEST_DIR = mkdtempSync(join(tmpdir(), "cq-server-"));
// Before the room module opens the store.
process.env.CQ_DB_PATH = join(TEST_DIR, `rooms-${process.pid}.db`);

/** Limits far above what a test file does from one address (tests of the limits set their own). */
export async function generousLimits(): Promise<void> {
  const { limits } = await import("../../server/limits.js");
  Object.assign(limits, {
    roomsPerAddress: 10_000,
    maxRooms: 10_000,
    joinsPerAddress: 80,
    joinFailureBurst: 10_000,
    matchmakeBurst: 100_000,
    kickCooldownSeconds: 0,
  });
}

export async function bootServer(): Promise<{ colyseus: ColyseusTestServer; port: number; url: string }> {
  await generousLimits();
  const { createGameServer } = await import("../../server/app.js");
  const { gameServer, httpServer } = createGameServer({ staticDir: join(TEST_DIR, "no-client") });
  await gameServer.listen(0, "127.0.0.1");
  const port = (httpServer.address() as AddressInfo).port;
  // ColyseusTestServer reads the port from the server; boot() would force 2568 (TECH-NOTES pitfall 5).
  (gameServer as unknown as { port: number }).port = port;
  return { colyseus: new ColyseusTestServer(gameServer), port, url: `ws://127.0.0.1:${port}` };
}

/** The in-process server of one test file: booted before its tests with a message rate limit no test
 * reaches (tests of the limits set their own), stopped after them. Read `colyseus` and `url` inside
 * tests (they are set once the file's `beforeAll` has run). */
export function serverForFile(): { readonly colyseus: ColyseusTestServer; readonly url: string } {
  const server = {} as { colyseus: ColyseusTestServer; url: string };
  beforeAll(async () => {
    Object.assign(server, await bootServer());
    // Imported here: the room module must load after CQ_DB_PATH is set above.
    const { roomConfig } = await import("../../server/city-room.js");
    roomConfig.rateLimit = {
      burst: 10_000,
      perSecond: 10_000,
      strikeBurst: 10_000,
      strikesPerSecond: 10_000,
    };
  });
  afterAll(async () => {
    await server.colyseus?.cleanup();
    await server.colyseus?.shutdown();
  });
  return server;
}

/** Room settings whose clocks never end a phase under a test: ten minutes of planning, two minutes of
 * report (tests move on with the host's End planning). */
export function heldClocks<T extends object>(settings: T): { planningSeconds: 600; reportSeconds: 120 } & T {
  return { planningSeconds: 600, reportSeconds: 120, ...settings };
}

export interface Received {
  type: string;
  message: unknown;
}

/** How long a wait may take before the test fails: sized for a busy machine. Waits end as soon as the
 * awaited message or state arrives, so this only matters when something is really stuck. */
export const WAIT_MS = 60_000;

/** A player: a colyseus.js room plus everything it was sent. */
export class Player {
  readonly received: Received[] = [];
  /** Called after every received message and every state change: the waits below re-check then. */
  private readonly wakers = new Set<() => void>();
  constructor(readonly room: Room) {
    room.onMessage("*", (type, message) => {
      this.received.push({ type: String(type), message });
      this.wake();
    });
    room.onStateChange(() => this.wake());
    room.onLeave(() => this.wake());
  }
  private wake(): void {
    for (const w of [...this.wakers]) w();
  }
  /** Resolves with `check()`'s first defined result, re-checked on every message and state change. */
  private until<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const first = check();
      if (first !== undefined) return resolve(first);
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(waker);
      };
      const waker = () => {
        const r = check();
        if (r === undefined) return;
        done();
        resolve(r);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.wakers.add(waker);
    });
  }
  send(message: ClientMessage | Record<string, unknown>): void {
    this.room.send(CMD, message);
  }
  get view(): RoomStateView {
    return (this.room.state as { toJSON(): RoomStateView }).toJSON();
  }
  messages<T = Record<string, unknown>>(type: string): T[] {
    return this.received.filter((r) => r.type === type).map((r) => r.message as T);
  }
  errors(): { code: string; cause?: string; params?: Record<string, unknown> }[] {
    return this.messages("error");
  }
  /** Waits until a message of `type` (matching `pred`) arrives after index `from`. */
  async waitMessage<T = Record<string, unknown>>(
    type: string,
    pred: (m: T) => boolean = () => true,
    from = 0,
    timeoutMs = WAIT_MS,
  ): Promise<T> {
    let seen = from;
    return this.until(
      () => {
        for (; seen < this.received.length; seen++) {
          const r = this.received[seen];
          if (r.type === type && pred(r.message as T)) return { m: r.message as T };
        }
        return undefined;
      },
      `message ${type}`,
      timeoutMs,
    ).then((x) => x.m);
  }
  /** Waits until the synced state satisfies `pred`. */
  waitState(pred: (s: RoomStateView) => boolean, timeoutMs = WAIT_MS): Promise<RoomStateView> {
    return this.until(
      () => {
        const v = this.view;
        return pred(v) ? v : undefined;
      },
      "state",
      timeoutMs,
    );
  }
  /** Sends a message and waits for the server to have handled it (a ping after it is answered). */
  async roundTrip(message?: ClientMessage | Record<string, unknown>): Promise<void> {
    if (message !== undefined) this.send(message);
    const t = Math.random();
    const from = this.received.length;
    this.send({ type: "ping", t });
    await this.waitMessage<{ t: number }>("pong", (m) => m.t === t, from);
  }
  me(): { playerId: string; district: number; isHost: boolean } {
    const you = this.messages<{ playerId: string; district: number; isHost: boolean }>("you");
    if (you.length === 0) throw new Error("no 'you' message yet");
    return you[you.length - 1];
  }
}

export async function createRoom(url: string, options: CreateOptions): Promise<Player> {
  const p = new Player(await new Client(url).create("city", options));
  await p.waitMessage("you");
  return p;
}

export async function joinRoom(url: string, code: string, options: JoinOptions): Promise<Player> {
  const p = new Player(await new Client(url).joinById(code, options));
  await p.waitMessage("you");
  return p;
}

/** Error message of a refused join (the server answers with a protocol code). */
export async function joinError(url: string, code: string, options: unknown): Promise<string> {
  try {
    const room = await new Client(url).joinById(code, options as JoinOptions);
    await room.leave();
    return "joined";
  } catch (e) {
    return (e as Error).message;
  }
}
