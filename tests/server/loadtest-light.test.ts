// The load test's light clients (scripts/loadtest-light.ts): a light client joins through the real
// matchmaker, acts, and its action→patch sample is taken at its own arrival of the very frame in which a
// full decoding client sees the action's effect (same bytes, same place in the room's frame order).
import type { Room } from "colyseus.js";
import { describe, expect, it } from "vitest";
import { DISTRICT_POLICY_KINDS } from "../../shared/kinds.js";
import { CMD } from "../../shared/protocol.js";
import {
  type Attribution,
  type DecodingRoom,
  FrameLog,
  LightClient,
  offsetOf,
  ROOM_STATE_PATCH,
  RoomDecoder,
  frameHash,
} from "../../scripts/loadtest-light.js";
import { createRoom, heldClocks, joinRoom, serverForFile, WAIT_MS } from "./helpers.js";

const server = serverForFile();

type Policies = { districts: { at(i: number): { policies: string } | undefined } };

/**
 * A second, independent full client: hashes every patch frame it decodes, and after each one reports
 * the first frame in which `effect` holds on its own decoded state.
 */
function fullWitness(room: Room) {
  const frames = new FrameLog();
  let effect: { done: (s: Policies) => boolean; seen: (index: number) => void } | null = null;
  const ws = (
    room.connection.transport as unknown as { ws: { onmessage: (e: { data: ArrayBuffer }) => void } }
  ).ws;
  const original = ws.onmessage;
  ws.onmessage = (e) => {
    const bytes = new Uint8Array(e.data);
    const k = bytes[0] === ROOM_STATE_PATCH ? frames.add(frameHash(bytes), Date.now()) : -1;
    original(e);
    if (k >= 0 && effect?.done(room.state as unknown as Policies)) {
      const seen = effect.seen;
      effect = null;
      seen(k);
    }
  };
  return {
    frames,
    /** Resolves with the index of the frame in which `done` first holds. */
    next(done: (s: Policies) => boolean): Promise<number> {
      return new Promise((seen) => {
        effect = { done, seen };
      });
    },
  };
}

describe("light load-test clients", () => {
  it(
    "time an action at the same frame a full decoding client sees its effect in",
    async () => {
      const host = await createRoom(server.url, {
        nickname: "Host",
        settings: heldClocks({ rounds: 3, bots: false, size: 24 as const, startCountdown: 0 }),
      });
      const code = host.room.roomId;
      // The host decodes for the room (as in the load test); a second full client witnesses.
      const decoder = new RoomDecoder(host.room as unknown as DecodingRoom);
      const witnessPlayer = await joinRoom(server.url, code, { nickname: "Witness" });
      const witness = fullWitness(witnessPlayer.room);

      const light = await LightClient.join(server.url, code, { nickname: "Light" });
      const firstState = new Promise<number>((ok) => {
        light.onFirstState = ok;
      });
      decoder.watch(light);
      const you = new Promise<number>((ok) => {
        light.onMessage = (type, message) => {
          if (type === "you") ok((message as { district: number }).district);
        };
      });
      const district = await you;
      expect(district).toBeGreaterThanOrEqual(0);
      expect(await firstState).toBeGreaterThan(0);

      await host.roundTrip({ type: "host.start" });
      await host.waitState((v) => v.phase === "planning");

      const policy = DISTRICT_POLICY_KINDS[0];
      const samples: { sentAt: number; latency: number; at: Attribution; witnessFrame: number }[] = [];
      for (let n = 0; n < 6; n++) {
        const enabled = n % 2 === 0;
        const done = (s: unknown) =>
          (s as Policies).districts.at(district)?.policies.split(",").includes(policy) === enabled;
        const witnessed = witness.next(done);
        const sentAt = Date.now();
        const sample = new Promise<{ latency: number | null; at?: Attribution }>((ok) => {
          decoder.expect(light, sentAt, done, (latency, at) => ok({ latency, at }));
        });
        light.send(CMD, { type: "action", action: { type: "setPolicy", policy, enabled } });
        const [{ latency, at }, witnessFrame] = await Promise.all([sample, witnessed]);
        expect(latency).not.toBeNull();
        expect(at).toBeDefined();
        samples.push({ sentAt, latency: latency as number, at: at as Attribution, witnessFrame });
        // Another player's action in between: frames the light client must count past.
        await witnessPlayer.roundTrip({
          type: "action",
          action: { type: "setPolicy", policy: DISTRICT_POLICY_KINDS[1], enabled },
        });
      }

      // The shift between the witness's frame numbers and the light client's, found the same way.
      const shift = offsetOf(witness.frames, light.frames, witness.frames.count - light.frames.count);
      expect(shift).not.toBeNull();
      for (const s of samples) {
        // The light client's frame is the one the witness decoded the effect in: same place, same bytes.
        expect(s.at.lightFrame).toBe(s.witnessFrame - (shift as number));
        expect(light.frames.hashAt(s.at.lightFrame)).toBe(witness.frames.hashAt(s.witnessFrame));
        expect(s.at.hash).toBe(decoder.frames.hashAt(s.at.decoderFrame));
        // The sample is that frame's arrival at the light client, after its send.
        expect(s.latency).toBe((light.frames.timeAt(s.at.lightFrame) as number) - s.sentAt);
        expect(s.latency).toBeGreaterThanOrEqual(0);
      }
      // Six different frames (the policy toggles on and off).
      expect(new Set(samples.map((s) => s.at.lightFrame)).size).toBe(6);
      expect(decoder.mismatched).toBe(0);

      await light.leave();
      await host.room.leave(true);
      await witnessPlayer.room.leave(true);
    },
    WAIT_MS,
  );

  it("place the shift between two frame logs only when exactly one fits", () => {
    const log = (hashes: number[]) => {
      const l = new FrameLog();
      for (const h of hashes) l.add(h, 0);
      return l;
    };
    const decoder = log([1, 2, 3, 4, 5, 6]);
    expect(offsetOf(decoder, log([3, 4, 5]), 2)).toBe(2);
    expect(offsetOf(decoder, log([3, 4, 9]), 2)).toBeNull();
    // A light client with no frames yet, or frames that repeat: not placed (yet).
    expect(offsetOf(decoder, log([]), 2)).toBeNull();
    expect(offsetOf(log([7, 7, 7, 7]), log([7]), 1)).toBeNull();
  });

  it("drop old frames in batches and keep their numbers; a dropped frame is not matched", () => {
    const log = new FrameLog();
    for (let i = 0; i < 1000; i++) log.add(1000 + i, i * 10);
    // Fewer than a batch, or less than half the log: kept.
    log.dropBefore(200);
    expect(log.kept).toBe(0);
    log.dropBefore(600);
    expect(log.kept).toBe(600);
    expect(log.count).toBe(1000);
    expect(log.hashAt(599)).toBeUndefined();
    expect(log.timeAt(599)).toBeUndefined();
    expect(log.hashAt(600)).toBe(1600);
    expect(log.timeAt(999)).toBe(9990);
    // Numbers go on from the count; frames not yet arrived are never dropped.
    expect(log.add(7, 7)).toBe(1000);
    log.dropBefore(5000);
    expect(log.kept).toBe(1001);
    expect(log.count).toBe(1001);
    expect(log.add(8, 8)).toBe(1001);
    expect(log.hashAt(1001)).toBe(8);
    // The shift is still placed over the frames kept: a light log [3, 4, 5] against a decoder whose
    // frames 0..299 were dropped, now holding 300.. with 3, 4, 5 at 302..304.
    const decoder = new FrameLog();
    for (let i = 0; i < 300; i++) decoder.add(-1 - i, 0);
    for (const h of [1, 2, 3, 4, 5, 6]) decoder.add(h, 0);
    decoder.dropBefore(300);
    expect(decoder.kept).toBe(300);
    const light = new FrameLog();
    for (const h of [3, 4, 5]) light.add(h, 0);
    expect(offsetOf(decoder, light, 302)).toBe(302);
    // A shift that would read a dropped frame does not fit.
    const early = new FrameLog();
    early.add(-300, 0);
    expect(offsetOf(decoder, early, 299)).toBeNull();
  });

  it("hash a frame's bytes wherever they lie in memory, and tell apart frames that differ in one byte or in length", () => {
    const frame = Uint8Array.from({ length: 1003 }, (_, i) => (i * 37 + 11) & 0xff);
    const h = frameHash(frame);
    // The same bytes at every alignment (a received frame is a view into a larger buffer).
    for (let shift = 0; shift < 4; shift++) {
      const big = new Uint8Array(frame.length + 8);
      big.set(frame, shift + 1);
      expect(frameHash(big.subarray(shift + 1, shift + 1 + frame.length))).toBe(h);
    }
    // One byte changed, in the words or in the tail: another hash.
    for (const at of [0, 1, 2, 3, 500, 999, 1000, 1002]) {
      const other = frame.slice();
      other[at] ^= 0x40;
      expect(frameHash(other)).not.toBe(h);
    }
    // A trailing zero, or one byte fewer: another hash.
    const longer = new Uint8Array(frame.length + 1);
    longer.set(frame);
    expect(frameHash(longer)).not.toBe(h);
    expect(frameHash(frame.subarray(0, frame.length - 1))).not.toBe(h);
    expect(frameHash(new Uint8Array(0))).not.toBe(frameHash(new Uint8Array(1)));
  });
});
