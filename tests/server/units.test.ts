// Server pieces without a network: flood control, seating, codes and tokens, snapshots, static files,
// and which bots play.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RoomSettingsSchema } from "../../shared/protocol.js";
import { playBotGame, roomBotStrategy } from "../../shared/bots.js";
import { stateHash } from "../../shared/hash.js";
import { run, newSession } from "../../shared/session.js";
import type { GameState } from "../../shared/state.js";
import { ROOM_CODE_ALPHABET } from "../../shared/protocol.js";
import { createGame, SCENARIOS, scenarioById } from "../../shared/scenario.js";
import { LocalPresence, type Presence } from "@colyseus/core";
import { contentType, limitRequestBodies, requestHandler } from "../../server/app.js";
import { claimCode, releaseCode } from "../../server/codes.js";
import { ClientLimiter, TokenBucket } from "../../server/rate-limit.js";
import { autoSeat, seatCounts } from "../../server/seating.js";
import { hashToken, newHostToken, newRoomCode, tokenMatches } from "../../server/secrets.js";
import { SnapshotStore } from "../../server/storage.js";

describe("flood control", () => {
  it("a token bucket refills with time (clock passed in)", () => {
    const b = new TokenBucket(3, 2, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.take(499)).toBe(false);
    expect(b.take(500)).toBe(true);
    expect(b.take(10_000)).toBe(true); // capped at capacity
  });
  it("refuses then disconnects a sustained flood", () => {
    const l = new ClientLimiter({ burst: 5, perSecond: 1, strikeBurst: 3, strikesPerSecond: 1 }, 0);
    const verdicts = Array.from({ length: 10 }, () => l.check(0));
    expect(verdicts).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
      "ok",
      "limited",
      "limited",
      "limited",
      "flood",
      "flood",
    ]);
  });
});

describe("seating", () => {
  const p = (district: number, extra: Partial<{ isProjector: boolean; isBot: boolean }> = {}) => ({
    district,
    isProjector: false,
    isBot: false,
    ...extra,
  });
  it("balances students over districts, lowest id first, up to the team size", () => {
    expect(autoSeat([], 4, 2)).toBe(0);
    expect(autoSeat([p(0)], 4, 2)).toBe(1);
    expect(autoSeat([p(0), p(1), p(2), p(3)], 4, 2)).toBe(0);
    expect(autoSeat([p(0), p(0), p(1), p(1)], 2, 2)).toBe(-1);
    expect(autoSeat([p(0, { isProjector: true }), p(1, { isBot: true }), p(-1)], 2, 2)).toBe(0);
    expect(seatCounts([p(0), p(0), p(1), p(-1)], 3)).toEqual([2, 1, 0]);
  });
});

describe("codes and tokens", () => {
  it("makes 6-character codes without look-alikes, and secret tokens checked by hash", () => {
    for (let i = 0; i < 200; i++) expect(newRoomCode()).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`));
    const t = newHostToken();
    expect(t.length).toBeGreaterThanOrEqual(32);
    expect(tokenMatches(t, hashToken(t))).toBe(true);
    expect(tokenMatches(`${t}x`, hashToken(t))).toBe(false);
  });
});

describe("snapshots", () => {
  it("saves and loads a room (state, log, seats) in SQLite", () => {
    const path = join(mkdtempSync(join(tmpdir(), "cq-db-")), "sub", "rooms.db");
    const store = new SnapshotStore(path);
    const state = createGame(SCENARIOS[0], { seed: 3, size: 24 });
    const snap = {
      code: "ACDEFG",
      hostTokenHash: hashToken("secret-token"),
      settings: { scenario: SCENARIOS[0].id } as never,
      customScenario: null,
      state,
      log: [{ kind: "resolve" as const }],
      seats: [{ id: "p1", nickname: "Ann", district: 1, isHost: false }],
      ended: false,
      savedAt: 1,
    };
    expect(store.has("ACDEFG")).toBe(false);
    store.save(snap);
    store.save({ ...snap, savedAt: 2 });
    expect(store.has("ACDEFG")).toBe(true);
    expect(store.load("ACDEFG")).toEqual({ ...snap, savedAt: 2 });
    expect(store.load("XXXXXX")).toBeNull();
    store.close();
    const again = new SnapshotStore(path);
    expect(again.load("ACDEFG")?.state).toEqual(state);
    again.close();
  });
});

describe("static files and API", () => {
  it("serves the client with content types, falls back to index.html, answers /api/health", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cq-static-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>cq</title>");
    writeFileSync(join(dir, "assets", "app.js"), "console.log(1)");
    const server = http.createServer(requestHandler(dir));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const js = await fetch(`${base}/assets/app.js`);
      expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect(js.headers.get("cache-control")).toContain("immutable");
      const spa = await fetch(`${base}/join/ACDEFG`);
      expect(spa.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await spa.text()).toContain("<title>cq</title>");
      expect((await fetch(`${base}/missing.png`)).status).toBe(404);
      // A raw path climbing out of the client folder is refused.
      const status = await new Promise<number>((resolve) =>
        http.get(
          { host: "127.0.0.1", port: new URL(base).port, path: "/..%2F..%2F..%2Fetc%2Fpasswd" },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        ),
      );
      expect(status).toBe(400);
      const health = await (await fetch(`${base}/api/health`)).json();
      expect(health).toMatchObject({ status: "ok", rooms: expect.any(Number) });
      const scenarios = (await (await fetch(`${base}/api/scenarios`)).json()) as { id: string }[];
      expect(scenarios.map((s) => s.id)).toEqual(SCENARIOS.map((s) => s.id));
    } finally {
      server.close();
    }
    expect(contentType("a.css")).toBe("text/css; charset=utf-8");
    expect(contentType("a.unknown")).toBe("application/octet-stream");
  });
});

/** The bots' turn as a room plays it: the session started (no countdown) with these bot districts. */
function runBotTurn(state: GameState, bots: number[], level: "easy" | "hard", mode: "mixed" | "cooperative") {
  const session = newSession(state, { timing: { startCountdown: 0 }, bots: { level, mode } });
  const r = run(session, { type: "host", command: { type: "host.start" }, at: 0, bots });
  if (!r.ok) throw new Error(r.error.code);
  return {
    state: r.session.game,
    actions: r.session.log.toArray().flatMap((e) => (e.kind === "action" ? [e] : [])),
  };
}

describe("bots in a room", () => {
  const state = createGame(scenarioById("steel-town")!, { seed: 3, size: 24, districts: 4 });

  it("play the five strategies in turn by default, and the goal-minded one when the host asks", () => {
    expect(RoomSettingsSchema.parse({}).botStrategy).toBe("mixed");
    expect(RoomSettingsSchema.safeParse({ botStrategy: "selfish" }).success).toBe(false);
    const plan = (d: number, mode: "mixed" | "cooperative") =>
      runBotTurn(state, [d], "hard", mode).actions.map((e) => {
        expect(e.actor).toEqual({ kind: "district", district: d });
        return e.action;
      });
    for (let d = 0; d < 4; d++) {
      const mixed = plan(d, "mixed");
      const coop = plan(d, "cooperative");
      expect(plan(d, "mixed")).toEqual(mixed);
      // The cooperative bot votes for IP protection in its first year; of the five, only the
      // policy-heavy and global-first bots do, and they sit in districts 3 and 4.
      expect(coop.some((a) => a.type === "voteCityPolicy" && a.policy === "ipProtection")).toBe(true);
      if (d < 3) expect(mixed.some((a) => a.type === "voteCityPolicy")).toBe(false);
    }
  });

  it("play the same loop as the balance harness: a room of bots ends where playBotGame ends", () => {
    // The room's loop: started with no countdown, every phase ended by its timer, every district a bot.
    const everyone = state.districts.map((d) => d.id);
    let session = newSession(state, {
      timing: { startCountdown: 0 },
      bots: { level: "hard", mode: "mixed" },
    });
    let r = run(session, { type: "host", command: { type: "host.start" }, at: 0, bots: everyone });
    for (let k = 0; r.ok && session.phase !== "ended" && k < 1000; k++) {
      session = r.session;
      r = run(session, { type: "tick", at: 0, bots: everyone });
    }
    if (r.ok) session = r.session;
    expect(session.phase).toBe("ended");
    const s = session.game;
    const seats = everyone.map((d) => ({ strategy: roomBotStrategy(d, "mixed"), level: "hard" as const }));
    expect(stateHash(playBotGame(state, seats, 3).state)).toBe(stateHash(s));
  });
});

describe("room codes", () => {
  /** A presence whose every call first waits a turn of the event loop, as a remote one (Redis) does:
   * concurrent callers interleave between any two calls. */
  function slowPresence(): Presence {
    const local = new LocalPresence();
    return new Proxy(local, {
      get(target, name, receiver) {
        const v = Reflect.get(target, name, receiver);
        if (typeof v !== "function") return v;
        return async (...args: unknown[]) => {
          await new Promise((r) => setTimeout(r, 0));
          return v.apply(target, args);
        };
      },
    }) as Presence;
  }

  it("go to exactly one of several rooms claiming one code at once, and come back when released", async () => {
    const presence = slowPresence();
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimCode(presence, "ABCDEF")));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimCode(presence, "ABCDEF")).toBe(false);
    expect(await claimCode(presence, "GHJKLM")).toBe(true);
    await releaseCode(presence, "ABCDEF");
    expect(await claimCode(presence, "ABCDEF")).toBe(true);
  });
});

describe("request bodies", () => {
  it("are cut off beyond the limit, announced or streamed; smaller ones pass untouched", async () => {
    const server = http.createServer((req, res) => {
      let n = 0;
      req.on("data", (c: Buffer) => {
        n += c.length;
      });
      req.on("end", () => res.end(String(n)));
    });
    limitRequestBodies(server, 1000);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const post = (body: string, chunked: boolean) =>
      new Promise<{ status: number; text: string } | "closed">((resolve) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/matchmake/create/city",
            headers: chunked ? {} : { "content-length": Buffer.byteLength(body) },
          },
          (res) => {
            let text = "";
            res.on("data", (c) => {
              text += c;
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on("error", () => resolve("closed"));
        if (chunked) for (let k = 0; k < body.length; k += 500) req.write(body.slice(k, k + 500));
        else req.write(body);
        req.end();
      });
    try {
      expect(await post("a".repeat(600), false)).toEqual({ status: 200, text: "600" });
      expect(await post("a".repeat(600), true)).toEqual({ status: 200, text: "600" });
      const announced = await post("a".repeat(5000), false);
      expect(announced === "closed" || announced.status === 413).toBe(true);
      const streamed = await post("a".repeat(5000), true);
      expect(streamed === "closed" || streamed.status === 413).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe("room settings", () => {
  it("take the host's reading time for the year report: 30 s by default, 3 s to five minutes, or until the host continues", () => {
    expect(RoomSettingsSchema.parse({}).reportSeconds).toBe(30);
    expect(RoomSettingsSchema.parse({}).reportWait).toBe(false);
    expect(RoomSettingsSchema.parse({ reportWait: true }).reportWait).toBe(true);
    expect(RoomSettingsSchema.parse({ reportSeconds: 300 }).reportSeconds).toBe(300);
    expect(RoomSettingsSchema.safeParse({ reportSeconds: 301 }).success).toBe(false);
    expect(RoomSettingsSchema.safeParse({ reportSeconds: 2 }).success).toBe(false);
  });
});
