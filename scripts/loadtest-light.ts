// Light load-test clients: real players on the wire that do not decode the room's state.
//
// Every client of a room receives the same patch frames (ROOM_STATE_PATCH: the server encodes a patch
// once and writes the same bytes to every joined client, in the same order). Decoding them 30 times per
// room only measures the load generator, so a room gets ONE full decoder (a colyseus.js client, the
// host: `RoomDecoder`) and its other players are `LightClient`s:
// - they join through the real matchmaker (POST /matchmake/joinById → seat reservation) and open the
//   room's real WebSocket (`/<processId>/<roomId>?sessionId=…`), as colyseus.js does;
// - they answer the join handshake (the server's JOIN_ROOM frame is acknowledged with a JOIN_ROOM byte,
//   after which the server sends the full state); the server's heartbeat is a WebSocket ping, which the
//   `ws` library answers with a pong by itself; they leave with a LEAVE_ROOM byte;
// - they send real actions (ROOM_DATA: the message type as a schema string, then msgpack);
// - they read the small ROOM_DATA messages meant for them ("you", "error", "yearReport") and, of every
//   patch frame, keep only its arrival time and a 32-bit hash of its bytes (`frameHash`).
//
// Action→patch stays exact: a light client's action is registered with its room's decoder together with
// the predicate that says the action has taken effect. The decoder checks the predicates after decoding
// each patch frame; the first frame k in which the effect shows is the frame that carries it. The light
// client's own frames are numbered from its first full state, the decoder's from its own; the two
// numberings differ by a fixed offset (the patches the decoder got before the light client joined), found
// by matching the hash sequences (`offsetOf`: the one shift, near the decoder's count when the light
// client's full state came, at which every hash the two logs share agrees). The sample is the light
// client's arrival time of its frame k − offset minus its own send time, and it is only kept when that
// frame's hash equals the hash of the decoder's frame k (same bytes: the same frame). Frames the light
// client has not received yet are waited for.
import { Packr, unpack } from "@colyseus/msgpackr";
import { decode, encode } from "@colyseus/schema";
import { WebSocket } from "ws";

export const JOIN_ROOM = 10;
export const ERROR = 11;
export const LEAVE_ROOM = 12;
export const ROOM_DATA = 13;
export const ROOM_STATE = 14;
export const ROOM_STATE_PATCH = 15;

/** Word-aligned room for a frame's bytes, when its own view is not aligned (grown as needed). */
let aligned = new Int32Array(1024);

/**
 * A 32-bit hash of all a frame's bytes and its length: FNV-1a steps over its 32-bit words (in the
 * platform's byte order: a decoder and its light clients hash on the same machine),
 * then its last bytes one by one, then a final mix. Each step is a bijection of the running value, so two
 * frames that differ in one word always hash apart. A word at a time: a year's patch (tens of KB, to every
 * client at once) is hashed four times faster than byte by byte.
 */
export function frameHash(b: Uint8Array): number {
  const n = b.length;
  const words = n >>> 2;
  let h = Math.imul(0x811c9dc5 ^ n, 0x01000193);
  if (words > 0) {
    let w: Int32Array;
    if ((b.byteOffset & 3) === 0) w = new Int32Array(b.buffer, b.byteOffset, words);
    else {
      if (aligned.length < words) aligned = new Int32Array(Math.max(words, aligned.length * 2));
      new Uint8Array(aligned.buffer, 0, words * 4).set(b.subarray(0, words * 4));
      w = aligned;
    }
    for (let i = 0; i < words; i++) h = Math.imul(h ^ w[i], 0x01000193);
  }
  for (let i = words * 4; i < n; i++) h = Math.imul(h ^ b[i], 0x01000193);
  // Final mix (murmur3's), so that every input bit reaches the low bits too.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** How far from the decoder's count at the light client's first full state the offset is searched. */
const OFFSET_SLACK = 64;

/** A room's patch frames as one client received them: hash and arrival time (ms), from its full state on,
 * numbered from 0. Frames that can no longer be looked up are dropped (`dropBefore`), so a long run's
 * logs stay small; a dropped frame reads as undefined (a sample taken there would count as mismatched). */
export class FrameLog {
  private hashes: number[] = [];
  private times: number[] = [];
  /** The number of the oldest frame kept. */
  private first = 0;
  add(hash: number, t: number): number {
    this.hashes.push(hash);
    this.times.push(t);
    return this.first + this.hashes.length - 1;
  }
  /** Frames received (dropped ones included). */
  get count(): number {
    return this.first + this.hashes.length;
  }
  /** The number of the oldest frame still kept. */
  get kept(): number {
    return this.first;
  }
  hashAt(i: number): number | undefined {
    return i >= this.first ? this.hashes[i - this.first] : undefined;
  }
  timeAt(i: number): number | undefined {
    return i >= this.first ? this.times[i - this.first] : undefined;
  }
  /** Forgets the frames numbered below `i` that have arrived (in batches, so a drop costs O(1) per frame). */
  dropBefore(i: number): void {
    const n = Math.min(i, this.count) - this.first;
    if (n < DROP_BATCH || n < this.hashes.length / 2) return;
    this.hashes.splice(0, n);
    this.times.splice(0, n);
    this.first += n;
  }
}

/** Frames dropped at once (at least; and at least half the log). */
const DROP_BATCH = 256;
/** Frames a light client keeps behind the newest frame its decoder could still attribute. */
const LIGHT_KEEP = 128;
/** Frames a decoder keeps behind its newest (an attribution waits at most seconds: a few dozen frames). */
const DECODER_KEEP = 2048;

/**
 * The shift s with light frame j = decoder frame j + s, searched around `near`: the one shift at which all
 * shared hashes agree (at least one shared). Null while no shift or more than one fits.
 */
export function offsetOf(decoder: FrameLog, light: FrameLog, near: number): number | null {
  let found: number | null = null;
  for (let s = Math.max(0, near - OFFSET_SLACK); s <= near + OFFSET_SLACK; s++) {
    const shared = Math.min(light.count, decoder.count - s);
    if (shared < 1) continue;
    let ok = true;
    // (Nothing is dropped from a light client's log before its shift is placed; a decoder frame dropped
    // reads undefined and fails the match.)
    for (let j = light.kept; j < shared && ok; j++) ok = light.hashAt(j) === decoder.hashAt(j + s);
    if (!ok) continue;
    if (found !== null) return null;
    found = s;
  }
  return found;
}

export interface Reservation {
  sessionId: string;
  room: { roomId: string; processId: string; name: string; publicAddress?: string };
}

/** A player that speaks the protocol and does not decode patches. */
export class LightClient {
  readonly frames = new FrameLog();
  /** Called with each patch frame's index in `frames`. */
  onPatch: (index: number) => void = () => undefined;
  /** Called with a ROOM_DATA message. */
  onMessage: (type: string | number, message: unknown, bytes: number) => void = () => undefined;
  /** Called with the size of each frame as it arrives (before anything else), and its arrival time. */
  onFrame: (bytes: number, code: number, at: number) => void = () => undefined;
  /** Which ROOM_DATA messages are unpacked for `onMessage` (the others arrive with an undefined
   * message: the load test reads only a few, and every action's events would be unpacked 30 times). */
  unpacks: (type: string | number) => boolean = () => true;
  /** Called once, with the first full state's size. */
  onFirstState: (bytes: number) => void = () => undefined;
  /** The connection closed without our leave. */
  onLeave: (code: number, reason: string) => void = () => undefined;
  private leaving = false;
  private readonly packr = new Packr();
  private stateSeen = false;

  private constructor(
    readonly ws: WebSocket,
    readonly roomId: string,
    readonly sessionId: string,
  ) {}

  /** Reserves a seat (joinById) through `url`'s matchmaker and connects; resolves on the JOIN_ROOM handshake. */
  static async join(url: string, roomId: string, options: Record<string, unknown>): Promise<LightClient> {
    const http = url.replace(/^ws/, "http");
    const res = await fetch(`${http}/matchmake/joinById/${roomId}`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(options),
    });
    const seat = (await res.json()) as Reservation & { error?: string; code?: number };
    if (seat.error) throw new Error(seat.error);
    // With several processes (Redis mode) the room may live on another process than the one asked:
    // the reservation's public address names it, as colyseus.js reads it.
    const base = seat.room.publicAddress
      ? `${url.startsWith("wss:") ? "wss" : "ws"}://${seat.room.publicAddress}`
      : url;
    const ws = new WebSocket(
      `${base}/${seat.room.processId}/${seat.room.roomId}?sessionId=${encodeURIComponent(seat.sessionId)}`,
    );
    ws.binaryType = "nodebuffer";
    const c = new LightClient(ws, seat.room.roomId, seat.sessionId);
    return new Promise<LightClient>((resolve, reject) => {
      let joined = false;
      ws.on("message", (data: Buffer) => {
        if (data[0] === JOIN_ROOM && !joined) {
          joined = true;
          // Acknowledge: the server then marks us joined and sends the full state.
          ws.send(Uint8Array.of(JOIN_ROOM));
          resolve(c);
          return;
        }
        c.receive(data);
      });
      ws.on("error", (e) => {
        if (!joined) reject(e);
      });
      ws.on("close", (code, reason) => {
        if (!joined) reject(new Error(`closed ${code} before joining`));
        else if (!c.leaving) c.onLeave(code, reason.toString());
      });
    });
  }

  private receive(data: Buffer): void {
    const t = Date.now();
    const code = data[0];
    this.onFrame(data.byteLength, code, t);
    if (code === ROOM_STATE_PATCH) {
      if (this.stateSeen) this.onPatch(this.frames.add(frameHash(data), t));
    } else if (code === ROOM_STATE) {
      if (!this.stateSeen) this.onFirstState(data.byteLength);
      this.stateSeen = true;
    } else if (code === ROOM_DATA) {
      const it = { offset: 1 };
      const type = decode.stringCheck(data, it) ? decode.string(data, it) : decode.number(data, it);
      const message =
        data.byteLength > it.offset && this.unpacks(type) ? unpack(data.subarray(it.offset)) : undefined;
      this.onMessage(type, message, data.byteLength);
    } else if (code === LEAVE_ROOM) {
      void this.leave();
    }
  }

  /** Sends a room message as colyseus.js's `room.send` does. */
  send(type: string, message: unknown): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const head = Buffer.alloc(1 + 9 + Buffer.byteLength(type));
    head[0] = ROOM_DATA;
    const it = { offset: 1 };
    encode.string(head, type, it);
    this.ws.send(Buffer.concat([head.subarray(0, it.offset), this.packr.pack(message)]));
  }

  /** Leaves with consent (LEAVE_ROOM); resolves when the socket is closed (or after 5 s). */
  leave(): Promise<void> {
    this.leaving = true;
    return new Promise<void>((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 5000);
      this.ws.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(Uint8Array.of(LEAVE_ROOM));
    });
  }
}

/** The minimal view of a colyseus.js room the decoder needs. */
export interface DecodingRoom {
  state: unknown;
  connection: unknown;
}

interface Watch {
  client: LightClient;
  /** The decoder's frame count when the light client's full state arrived. */
  near: number;
  offset: number | null;
  /** Attributions waiting for the light client's next frame. */
  deferred: (() => void)[];
}

/** Where a sample was taken: the decoder's frame and the light client's same frame. */
export interface Attribution {
  decoderFrame: number;
  lightFrame: number;
  hash: number;
}

type Settle = (latencyMs: number | null, at?: Attribution) => void;

interface Waiting {
  done: (state: unknown) => boolean;
  settle: Settle;
  sentAt: number;
  watch: Watch;
}

/**
 * A room's one full decoder: hooks the colyseus.js room's socket so that every patch frame is hashed and
 * numbered before colyseus.js decodes it, and checks the light clients' pending actions after it.
 */
export class RoomDecoder {
  readonly frames = new FrameLog();
  private readonly waiting = new Set<Waiting>();
  private readonly watches = new Map<LightClient, Watch>();
  /** Samples dropped because the frames did not match (should stay 0; reported). */
  mismatched = 0;

  constructor(readonly room: DecodingRoom) {
    const ws = (room.connection as { transport: { ws: { onmessage: (e: { data: ArrayBuffer }) => void } } })
      .transport.ws;
    const original = ws.onmessage;
    ws.onmessage = (e) => {
      const bytes = new Uint8Array(e.data);
      const code = bytes[0];
      // (A client is sent patches only after its full state: no gate needed, and the decoder may be
      // hooked after the join.)
      const k = code === ROOM_STATE_PATCH ? this.frames.add(frameHash(bytes), Date.now()) : -1;
      original(e);
      if (k >= 0) this.check(k);
    };
  }

  /** Registers a light client of this room (before it joins the room's socket: call on its handshake). */
  watch(client: LightClient): void {
    const w: Watch = { client, near: -1, offset: null, deferred: [] };
    this.watches.set(client, w);
    const prevFirst = client.onFirstState;
    client.onFirstState = (bytes) => {
      w.near = this.frames.count;
      prevFirst(bytes);
    };
    const prevPatch = client.onPatch;
    client.onPatch = (index) => {
      prevPatch(index);
      if (w.deferred.length > 0) {
        const again = w.deferred.splice(0);
        for (const f of again) f();
      }
      // Once placed, the light client's frames older than the decoder's newest (shifted) are never
      // looked up again: an attribution reads the frame of the decoder's newest, or waits for a later one.
      if (w.offset !== null) client.frames.dropBefore(this.frames.count - 1 - w.offset - LIGHT_KEEP);
    };
  }

  /**
   * A light client sent an action at `sentAt`: `done` says, on the decoded state, that it took effect.
   * `settle` gets the latency (the light client's arrival of the frame carrying the effect − sentAt), or
   * null if the frame could not be matched.
   */
  expect(client: LightClient, sentAt: number, done: (state: unknown) => boolean, settle: Settle): () => void {
    const watch = this.watches.get(client);
    if (!watch) throw new Error("light client not watched by this decoder");
    const w: Waiting = { done, settle, sentAt, watch };
    this.waiting.add(w);
    return () => this.waiting.delete(w);
  }

  private check(k: number): void {
    // The decoder's own old frames: kept while a light client's shift is still to be placed (it is
    // searched near the decoder's count at that client's first state).
    if (k % DROP_BATCH === 0 && k > DECODER_KEEP) {
      let placed = true;
      for (const w of this.watches.values()) if (w.offset === null) placed = false;
      if (placed) this.frames.dropBefore(k - DECODER_KEEP);
    }
    if (this.waiting.size === 0) return;
    const state = this.room.state;
    for (const w of [...this.waiting]) {
      if (!w.done(state)) continue;
      this.waiting.delete(w);
      this.attribute(w, k);
    }
  }

  /** The light client's arrival time of decoder frame k (waiting for it if it has not come yet). */
  private attribute(w: Waiting, k: number): void {
    const watch = w.watch;
    const light = watch.client.frames;
    if (watch.offset === null && watch.near >= 0) watch.offset = offsetOf(this.frames, light, watch.near);
    const offset = watch.offset;
    if (offset === null) {
      // Not enough frames yet to place the shift: wait for the light client's next frame.
      this.later(w, k);
      return;
    }
    const j = k - offset;
    if (j < 0) {
      this.mismatched++;
      w.settle(null);
      return;
    }
    if (j >= light.count) {
      this.later(w, k);
      return;
    }
    const hash = light.hashAt(j);
    const time = light.timeAt(j);
    if (hash === undefined || time === undefined || hash !== this.frames.hashAt(k)) {
      this.mismatched++;
      w.settle(null);
      return;
    }
    w.settle(time - w.sentAt, { decoderFrame: k, lightFrame: j, hash });
  }

  private later(w: Waiting, k: number): void {
    w.watch.deferred.push(() => this.attribute(w, k));
  }
}
