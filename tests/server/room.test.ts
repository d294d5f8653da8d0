// The city room through real colyseus.js clients: lifecycle, host controls, seats, refusals,
// malformed input, flood control, reconnection, chat and bots.
import type { ColyseusTestServer } from "@colyseus/testing";
import { Client } from "colyseus.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { stableStringify } from "../../shared/hash.js";
import { chunkOf, type RoomStateView } from "../../shared/mirror.js";
import { ROOM_CODE_ALPHABET } from "../../shared/protocol.js";
import { SCENARIOS } from "../../shared/scenario.js";
import { matchMaker } from "@colyseus/core";
import { MAX_BODY_BYTES } from "../../server/app.js";
import { claimCode, releaseCode } from "../../server/codes.js";
import { hashToken, newHostToken } from "../../server/secrets.js";
import { type RoomSnapshot, snapshotStore } from "../../server/storage.js";
import { type CityRoom, roomConfig } from "../../server/city-room.js";
import { DEFAULT_RATE_LIMIT } from "../../server/rate-limit.js";
import { bootServer, createRoom, joinError, joinRoom, Player } from "./helpers.js";

let colyseus: ColyseusTestServer;
let url: string;

const GENEROUS = { burst: 10_000, perSecond: 10_000, strikeBurst: 10_000, strikesPerSecond: 10_000 };

beforeAll(async () => {
  ({ colyseus, url } = await bootServer());
  // Tests fire messages back to back; only the flood test uses the real limits.
  roomConfig.rateLimit = GENEROUS;
});
afterEach(() => {
  roomConfig.limiterNow = () => Date.now();
});
afterAll(async () => {
  await colyseus.cleanup();
  await colyseus.shutdown();
});

const baseSettings = {
  planningSeconds: 600,
  reportSeconds: 120,
  rounds: 3,
  bots: false,
  size: 24 as const,
  startCountdown: 0,
};

async function classroom(students: string[], settings: Record<string, unknown> = {}) {
  const host = await createRoom(url, { nickname: "Teacher", settings: { ...baseSettings, ...settings } });
  const code = host.room.roomId;
  const players: Player[] = [];
  for (const nickname of students) players.push(await joinRoom(url, code, { nickname }));
  return { host, code, players, room: colyseus.getRoomById(code) as unknown as CityRoom };
}

/** The synced state without the fields that move on their own. */
function gameView(v: RoomStateView): string {
  const { players: _p, ...rest } = v;
  return stableStringify(rest);
}

function tileOf(v: RoomStateView, index: number) {
  const { chunk, inner } = chunkOf(v.width, v.height, index);
  return v.chunks[chunk].tiles[inner];
}

function findTile(v: RoomStateView, pred: (t: ReturnType<typeof tileOf>) => boolean): number {
  for (let i = 0; i < v.width * v.height; i++) if (pred(tileOf(v, i))) return i;
  return -1;
}

describe("city room", () => {
  it("runs a whole game: create, code, host token, seats, phases, year reports, end", async () => {
    const { host, code, players, room } = await classroom(["Ann", "Bob"]);
    expect(code).toMatch(new RegExp(`^[${ROOM_CODE_ALPHABET}]{6}$`));
    const token = host.messages<{ token: string; code: string }>("hostToken");
    expect(token).toHaveLength(1);
    expect(token[0].code).toBe(code);
    expect(host.me().isHost).toBe(true);
    for (const p of players) expect(p.messages("hostToken")).toHaveLength(0);
    expect(JSON.stringify(host.view)).not.toContain(token[0].token);

    // Auto-balance: two students land in two different districts; the host is not seated.
    const [ann, bob] = players;
    expect(ann.me().district).toBeGreaterThanOrEqual(0);
    expect(bob.me().district).toBeGreaterThanOrEqual(0);
    expect(ann.me().district).not.toBe(bob.me().district);
    expect(host.me().district).toBe(-1);
    const lobby = await host.waitState((v) => Object.keys(v.players).length === 3);
    expect(lobby.phase).toBe("lobby");
    expect(lobby.districts[ann.me().district].seatCount).toBe(1);

    // Actions wait for planning.
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
    expect(ann.errors().at(-1)?.code).toBe("not_planning");

    await host.roundTrip({ type: "host.start" });
    const planning = await ann.waitState((v) => v.phase === "planning");
    expect(planning.phaseEndsAt).toBeGreaterThan(0);
    expect(planning.year).toBe(0);

    const mark = ann.received.length;
    ann.send({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
    const events = await bob.waitMessage<{ events: { type: string }[] }>("events");
    expect(events.events.some((e) => e.type === "policy")).toBe(true);
    await ann.waitState((v) => v.districts[ann.me().district].policies.includes("festival"));
    expect(ann.received.slice(mark).some((r) => r.type === "error")).toBe(false);

    for (let year = 1; year <= 3; year++) {
      const from = ann.received.length;
      await host.roundTrip({ type: "host.endPlanning" });
      const report = await ann.waitMessage<{ year: number; history: { year: number }[] }>(
        "yearReport",
        () => true,
        from,
      );
      expect(report.year).toBe(year);
      expect(report.history.length).toBe(room.gameState.districts.length);
      expect(report.history.every((h) => h.year === year)).toBe(true);
      const v = await ann.waitState((s) => s.year === year);
      if (year < 3) {
        expect(v.phase).toBe("report");
        await host.roundTrip({ type: "host.endPlanning" }); // report → next planning
        await ann.waitState((s) => s.phase === "planning");
      } else expect(v.phase).toBe("ended");
    }
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
    expect(ann.errors().at(-1)?.code).toBe("not_planning");
    expect(room.gameState.history.length).toBe(3 * room.gameState.districts.length);
  });

  it("refuses host controls from students and changes nothing", async () => {
    const { host, players } = await classroom(["Cai"]);
    const [cai] = players;
    await host.roundTrip({ type: "host.start" });
    const before = gameView(await cai.waitState((v) => v.phase === "planning"));
    const hostMessages = [
      { type: "host.start" },
      { type: "host.pause" },
      { type: "host.resume" },
      { type: "host.addTime", seconds: 30 },
      { type: "host.endPlanning" },
      { type: "host.endGame" },
      { type: "host.kick", player: host.me().playerId },
      { type: "host.muteChat", muted: true },
      { type: "host.injectEvent", event: "boom" },
      { type: "host.assignSeat", player: cai.me().playerId, district: 1 },
      { type: "host.setBots", enabled: true },
      { type: "host.decree", policy: "ipProtection", enabled: true },
      { type: "host.setBotStrategy", strategy: "cooperative" },
    ];
    for (const m of hostMessages) await cai.roundTrip(m);
    const errors = cai.errors();
    expect(errors.map((e) => e.code)).toEqual(hostMessages.map(() => "not_host"));
    expect(errors.map((e) => e.cause)).toEqual(hostMessages.map((m) => m.type));
    // The injectEvent action is host-only in the rules too.
    await cai.roundTrip({ type: "action", action: { type: "injectEvent", event: "boom" } });
    expect(cai.errors().at(-1)?.code).toBe("host_only");
    await cai.roundTrip({
      type: "action",
      action: { type: "decreeCityPolicy", policy: "ipProtection", enabled: true },
    });
    expect(cai.errors().at(-1)?.code).toBe("host_only");
    await host.roundTrip();
    expect(gameView(cai.view)).toBe(before);
  });

  it("lets a student act only for their own district", async () => {
    const { host, players, room } = await classroom(["Dee", "Eli"]);
    const [dee, eli] = players;
    await host.roundTrip({ type: "host.start" });
    const v = await dee.waitState((s) => s.phase === "planning");
    const mine = dee.me().district;
    const other = findTile(v, (t) => t.district >= 0 && t.district !== mine && t.use === "empty");
    expect(other).toBeGreaterThanOrEqual(0);
    const before = gameView(v);
    await dee.roundTrip({
      type: "action",
      action: { type: "build", x: other % v.width, y: Math.floor(other / v.width), use: "park" },
    });
    expect(dee.errors().at(-1)?.code).toBe("not_your_tile");

    // A deal from Eli to a third district cannot be answered by Dee.
    const third = [...Array(v.districts.length).keys()].find((d) => d !== mine && d !== eli.me().district)!;
    await eli.roundTrip({ type: "action", action: { type: "proposeDeal", to: third, amount: 1 } });
    const proposal = room.gameState.proposals.at(-1)!;
    expect(proposal.to).toBe(third);
    await dee.roundTrip({
      type: "action",
      action: { type: "respondProposal", proposal: proposal.id, accept: true },
    });
    expect(dee.errors().at(-1)?.code).toBe("not_proposal_target");
    expect(room.gameState.proposals.some((p) => p.id === proposal.id)).toBe(true);
    expect(dee.view.districts[mine]).toEqual(JSON.parse(before).districts[mine]);
    expect(tileOf(dee.view, other).use).toBe("empty");

    // Open proposals reach everyone's state, and expire when the year ends.
    await dee.waitState((s) =>
      s.proposals.some((p) => p.id === proposal.id && p.kind === "deal" && p.a === -1),
    );
    await host.roundTrip({ type: "host.endPlanning" });
    const next = await dee.waitState((s) => s.year === 1);
    expect(next.proposals).toEqual([]);
  });

  it("answers every malformed message type with an error and changes nothing", async () => {
    const { host, players } = await classroom(["Fay"]);
    const [fay] = players;
    await host.roundTrip({ type: "host.start" });
    await fay.waitState((v) => v.phase === "planning");
    await host.roundTrip();
    const before = gameView(fay.view);
    const bad: unknown[] = [
      null,
      42,
      "action",
      [],
      {},
      { type: "nope" },
      { type: "action" },
      { type: "action", action: { type: "build", x: -1, y: 0, use: "park" } },
      { type: "action", action: { type: "build", x: 1, y: 1, use: "castle" } },
      { type: "action", action: { type: "forgeLink", from: { x: 1 }, to: { x: 2, y: 2 }, kind: "research" } },
      { type: "action", action: { type: "proposeDeal", to: 1, amount: "lots" } },
      { type: "action", action: { type: "setPolicy", policy: "festival", enabled: true, extra: 1 } },
      { type: "chat" },
      { type: "chat", text: "" },
      { type: "chat", text: "x".repeat(281) },
      { type: "ping" },
      { type: "ping", t: "now" },
      { type: "host.start", now: true },
      { type: "host.addTime", seconds: 1e6 },
      { type: "host.addTime", seconds: 1.5 },
      { type: "host.kick" },
      { type: "host.muteChat", muted: "yes" },
      { type: "host.injectEvent", event: "meteor" },
      { type: "host.assignSeat", player: "x", district: 99 },
      { type: "host.setBots" },
    ];
    for (const m of bad) {
      const from = fay.received.length;
      await fay.roundTrip(m as Record<string, unknown>);
      const errs = fay.received.slice(from).filter((r) => r.type === "error");
      expect(errs.length, JSON.stringify(m)).toBe(1);
      expect((errs[0].message as { code: string }).code, JSON.stringify(m)).toBe("bad_message");
    }
    // Host messages malformed by the host himself: also bad_message.
    for (const m of bad.filter(
      (x) =>
        typeof x === "object" &&
        x !== null &&
        "type" in x &&
        String((x as { type: string }).type).startsWith("host."),
    )) {
      const from = host.received.length;
      await host.roundTrip(m as Record<string, unknown>);
      const errs = host.received.slice(from).filter((r) => r.type === "error");
      expect(errs.map((e) => (e.message as { code: string }).code)).toEqual(["bad_message"]);
    }
    // Another channel than "cmd": an error, and the client stays connected.
    fay.room.send("shout", { hello: 1 });
    await fay.roundTrip();
    expect(fay.errors().at(-1)?.code).toBe("bad_message");
    expect(fay.room.connection.isOpen).toBe(true);
    await host.roundTrip();
    expect(gameView(fay.view)).toBe(before);
  });

  it("limits floods: excess messages are refused, sustained flooding disconnects", async () => {
    // The limiter reads a clock the test drives: the buckets refill only when the test says so, so a
    // slow machine cannot refill them in the middle of a burst.
    let now = 1_000_000;
    roomConfig.limiterNow = () => now;
    roomConfig.rateLimit = DEFAULT_RATE_LIMIT;
    const { host, players } = await classroom(["Gus", "Hal"]);
    roomConfig.rateLimit = GENEROUS;
    const [gus, hal] = players;
    // A burst over the bucket: refused with rate_limited, the client stays.
    for (let i = 0; i < 45; i++) hal.send({ type: "ping", t: i });
    await hal.waitMessage("error", (e: { code: string }) => e.code === "rate_limited");
    now += 1_000; // a second later the bucket has refilled a little, and the client is served again
    await hal.roundTrip();
    expect(hal.room.connection.isOpen).toBe(true);
    expect(hal.messages("kicked")).toHaveLength(0);

    // A sustained flood: disconnected.
    const left = new Promise<number>((resolve) => gus.room.onLeave((code) => resolve(code)));
    for (let i = 0; i < 400; i++) gus.send({ type: "ping", t: i });
    expect(await left).toBe(4000);
    expect(gus.messages("kicked")[0]).toEqual({ reason: "flood" });
    expect(gus.errors().filter((e) => e.code === "rate_limited").length).toBeGreaterThan(0);
    expect(gus.messages("pong").length).toBeLessThan(400);
    await host.roundTrip();
  });

  it("keeps the seat across a dropped connection (reconnection token) and a reload (seat secret)", async () => {
    const { host, code, players } = await classroom(["Ivy", "Jon"], { reconnectSeconds: 60 });
    const [ivy, jon] = players;
    await host.roundTrip({ type: "host.start" });
    const { playerId, district } = ivy.me();
    const token = ivy.room.reconnectionToken;
    await ivy.room.leave(false); // an unconsented drop, as when Wi-Fi goes
    await host.waitState((v) => v.players[playerId]?.connected === false);
    expect(host.view.districts[district].seatCount).toBe(1); // held during the window

    const back = new Player(await new Client(url).reconnect(token));
    await back.waitMessage("you");
    expect(back.me().playerId).toBe(playerId);
    expect(back.me().district).toBe(district);
    await host.waitState((v) => v.players[playerId]?.connected === true);
    await back.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
    expect(back.errors()).toHaveLength(0);

    // A student who closes the tab and comes back from the same browser (its seat secret) gets the
    // same seat; the nickname alone does not.
    const jonId = jon.me().playerId;
    const jonDistrict = jon.me().district;
    const jonSecret = jon.messages<{ secret: string }>("seat")[0].secret;
    await jon.room.leave(true);
    await host.waitState((v) => v.players[jonId]?.connected === false);
    expect(await joinError(url, code, { nickname: "Ivy" })).toBe("nickname_taken");
    expect(await joinError(url, code, { nickname: "Jon" })).toBe("seat_locked");
    const jon2 = await joinRoom(url, code, { nickname: " Jon ", seatSecret: jonSecret });
    expect(jon2.me()).toMatchObject({ playerId: jonId, district: jonDistrict });
  });

  it("pauses, resumes and adds time; no action while paused", async () => {
    const { host, players } = await classroom(["Kim"], { planningSeconds: 300 });
    const [kim] = players;
    await host.roundTrip({ type: "host.start" });
    await kim.waitState((v) => v.phase === "planning");
    await host.roundTrip({ type: "host.pause" });
    const paused = await kim.waitState((v) => v.paused);
    expect(paused.phaseEndsAt).toBe(0);
    expect(paused.remainingMs).toBeGreaterThan(250_000);
    await kim.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
    expect(kim.errors().at(-1)?.code).toBe("paused");
    await host.roundTrip({ type: "host.addTime", seconds: -200 });
    const shorter = await kim.waitState((v) => v.remainingMs < paused.remainingMs);
    expect(paused.remainingMs - shorter.remainingMs).toBe(200_000);
    await host.roundTrip({ type: "host.pause" });
    expect(host.errors().at(-1)?.code).toBe("paused");
    await host.roundTrip({ type: "host.resume" });
    const resumed = await kim.waitState((v) => !v.paused);
    expect(resumed.phaseEndsAt).toBeGreaterThan(0);
    expect(resumed.remainingMs).toBe(0);
    await kim.roundTrip({ type: "action", action: { type: "setPolicy", policy: "talent", enabled: true } });
    expect(kim.errors().at(-1)?.code).toBe("paused");
    expect(kim.errors()).toHaveLength(1);
  });

  it("host removes a player, assigns seats, mutes chat and injects an event", async () => {
    const { host, code, players, room } = await classroom(["Lee", "Max", "Ned"]);
    const [lee, max, ned] = players;
    // Chat: everyone hears; team chat stays in the district.
    await host.roundTrip({ type: "host.assignSeat", player: ned.me().playerId, district: lee.me().district });
    await ned.waitMessage("you", (m: { district: number }) => m.district === lee.me().district);
    await lee.roundTrip({ type: "chat", text: "hello city" });
    await max.waitMessage("chat", (m: { text: string }) => m.text === "hello city");
    await lee.roundTrip({ type: "chat", text: "team only", team: true });
    await ned.waitMessage("chat", (m: { text: string }) => m.text === "team only");
    await max.roundTrip();
    expect(max.messages<{ text: string }>("chat").map((m) => m.text)).toEqual(["hello city"]);

    await host.roundTrip({ type: "host.muteChat", muted: true });
    await lee.roundTrip({ type: "chat", text: "anyone?" });
    expect(lee.errors().at(-1)?.code).toBe("chat_muted");

    await host.roundTrip({ type: "host.injectEvent", event: "festival" });
    expect(room.gameState.queuedEvents).toContain("festival");
    await max.waitState((v) => v.queuedEvents === "festival");

    // The host as mayor decrees a city policy: everyone sees it, and it is in the action log.
    await host.roundTrip({ type: "host.decree", policy: "placeMarketing", enabled: true });
    expect(room.gameState.cityPolicies.placeMarketing).toBe(true);
    await max.waitState((v) => v.cityPolicies.split(",").includes("placeMarketing"));
    expect(room.actionLog.at(-1)).toMatchObject({
      action: { type: "decreeCityPolicy", policy: "placeMarketing" },
    });
    await host.roundTrip({ type: "host.decree", policy: "placeMarketing", enabled: true });
    expect(host.errors().at(-1)?.code).toBe("policy_unchanged");

    const left = new Promise<number>((resolve) => max.room.onLeave((c) => resolve(c)));
    await host.roundTrip({ type: "host.kick", player: max.me().playerId });
    expect(await left).toBe(4000);
    expect(max.messages("kicked")[0]).toEqual({ reason: "host" });
    await host.waitState((v) => !(max.me().playerId in v.players));
    await host.roundTrip({ type: "host.kick", player: host.me().playerId });
    expect(host.errors().at(-1)?.code).toBe("cannot_kick_host");
    await host.roundTrip({ type: "host.kick", player: "nobody" });
    expect(host.errors().at(-1)?.code).toBe("no_such_player");

    // A projector sees everything and can do nothing.
    const projector = await joinRoom(url, code, { projector: true });
    await projector.roundTrip({ type: "chat", text: "hi" });
    expect(projector.errors().at(-1)?.code).toBe("projector_read_only");
    expect(projector.view.code).toBe(code);
  });

  it("refuses bad joins: wrong host token, missing nickname, late join when closed", async () => {
    const { host, code } = await classroom(["Ola"], { lateJoin: false });
    expect(await joinError(url, code, { nickname: "Pat", hostToken: "not-the-token" })).toBe(
      "bad_host_token",
    );
    expect(await joinError(url, code, {})).toBe("bad_message");
    expect(await joinError(url, code, { nickname: "x".repeat(30) })).toBe("bad_nickname");
    expect(await joinError(url, code, { nickname: "Ola" })).toBe("nickname_taken");
    await host.roundTrip({ type: "host.start" });
    expect(await joinError(url, code, { nickname: "Pat" })).toBe("late_join_closed");

    // The host returns after a refresh with the token and is host again.
    const token = host.messages<{ token: string }>("hostToken")[0].token;
    const hostId = host.me().playerId;
    await host.room.leave(true);
    const again = await joinRoom(url, code, { hostToken: token });
    expect(again.me()).toMatchObject({ isHost: true, playerId: hostId });
    await again.roundTrip({ type: "host.pause" });
    expect(again.errors()).toHaveLength(0);
  });

  it("hosts an instructor's own scenario, and refuses a broken one naming the bad field", async () => {
    const base = SCENARIOS.find((s) => s.id === "painters-village")!;
    const mine = { ...base, id: "my-village", title: { en: "Our village", zh: "我们的村" }, years: 5 };
    const broken = { ...mine, goal: { ...mine.goal, target: -3 } };
    const refused = await new Client(url)
      .create("city", { nickname: "Teacher", settings: { ...baseSettings, customScenario: broken } })
      .then(
        () => "created",
        (e: Error) => e.message,
      );
    expect(refused).toBe("scenario_invalid:goal.target");
    const host = await createRoom(url, {
      nickname: "Teacher",
      settings: { ...baseSettings, scenario: "my-village", customScenario: mine },
    });
    const room = colyseus.getRoomById(host.room.roomId) as unknown as CityRoom;
    // The room plays the file's scenario (its map and goal), for the room's number of rounds: 3 rounds
    // of the file's 5 years, so the goal's target is scaled down from the file's.
    expect(room.gameState.scenario).toBe("my-village");
    expect(room.gameState.years).toBe(baseSettings.rounds);
    expect(room.gameState.goal.target).toBeLessThan(base.goal.target);
    expect(room.gameState.goal.target).toBeGreaterThan(0);
    // Clients have no copy of the file: the room sends its texts, and its rent pressure for previews.
    await host.roundTrip({ type: "chat", text: "hello" });
    expect(JSON.parse(host.view.scenarioText)).toEqual({
      title: mine.title,
      summary: mine.summary,
      goal: mine.goal.text,
      goalTarget: mine.goal.target,
      years: 5,
    });
    expect(host.view.rentPressure).toBe(room.gameState.rentPressure);
  });

  it("refuses an oversized matchmaking request unread, and goes on serving", async () => {
    const huge = JSON.stringify({
      nickname: "Teacher",
      settings: { customScenario: "x".repeat(2 * MAX_BODY_BYTES) },
    });
    const res = await fetch(`${url}/matchmake/create/city`, { method: "POST", body: huge }).catch(
      (e: Error) => e,
    );
    // Either the 413 arrives, or the socket is closed before the upload ends: nothing was created.
    if (!(res instanceof Error)) expect(res.status).toBe(413);
    const host = await createRoom(url, { nickname: "Teacher", settings: baseSettings });
    expect(host.me().isHost).toBe(true);
  });

  it("refuses to restore a snapshot it cannot read, and gives the code back", async () => {
    const token = newHostToken();
    const broken = {
      code: "QWERTY",
      hostTokenHash: hashToken(token),
      settings: {},
      state: { year: 1, tiles: null },
      ended: false,
      savedAt: 1,
    };
    snapshotStore().save(broken as unknown as RoomSnapshot);
    const restore = () =>
      new Client(url)
        .create("city", { nickname: "Teacher", restore: { code: "QWERTY", hostToken: token } })
        .then(
          () => "created",
          (e: Error) => e.message,
        );
    expect(await restore()).toBe("snapshot_unreadable");
    // Not left claimed: the next attempt reads the snapshot again (and is refused the same way).
    expect(await restore()).toBe("snapshot_unreadable");
    expect(await claimCode(matchMaker.presence, "QWERTY")).toBe(true);
    await releaseCode(matchMaker.presence, "QWERTY");
  });

  it("fills empty districts with bots that play and answer proposals", async () => {
    const { host, players, room } = await classroom(["Quin"], { bots: true });
    const [quin] = players;
    await host.roundTrip({ type: "host.start" });
    const v = await quin.waitState((s) => s.phase === "planning");
    const bots = Object.values(v.players).filter((p) => p.isBot);
    expect(bots.length).toBe(v.districts.length - 1);
    expect(bots.every((b) => b.district !== quin.me().district)).toBe(true);
    const botActions = room.actionLog.filter((e) => e.kind === "action" && e.actor.kind === "district");
    expect(botActions.length).toBeGreaterThan(0);
    // A gift to a bot district is answered at once (accepted: it brings money).
    const target = bots[0].district;
    await quin.roundTrip({ type: "action", action: { type: "proposeDeal", to: target, amount: 2 } });
    expect(room.gameState.proposals.filter((p) => p.to === target)).toHaveLength(0);
    const closed = quin
      .messages<{ events: { type: string; accepted?: boolean }[] }>("events")
      .flatMap((m) => m.events)
      .filter((e) => e.type === "proposalClosed");
    expect(closed.at(-1)?.accepted).toBe(true);
  });

  it("lets the host switch bots to play for the shared goal from the next planning phase", async () => {
    const { host, room } = await classroom([], { bots: true });
    await host.roundTrip({ type: "host.start" });
    await host.waitState((s) => s.phase === "planning");
    const botDistricts = room.gameState.districts.map((d) => d.id).filter((d) => d !== host.me().district);
    // Mixed: the laissez-faire bot (district 0's strategy) never votes.
    expect(room.gameState.districts[0].votes.ipProtection).toBeUndefined();
    await host.roundTrip({ type: "host.setBotStrategy", strategy: "cooperative" });
    expect((await host.waitState((s) => s.botStrategy === "cooperative")).botStrategy).toBe("cooperative");
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((s) => s.phase === "report");
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((s) => s.phase === "planning" && s.year === 1);
    // Cooperative bots vote for IP protection first thing: every bot district now has.
    for (const d of botDistricts)
      expect(room.gameState.districts[d].votes.ipProtection, `district ${d}`).toBe(true);
  });

  it("mirrors the rules' state exactly in the Schema", async () => {
    const { host, players, room } = await classroom(["Rae"], { bots: true, size: 48 });
    await host.roundTrip({ type: "host.start" });
    await players[0].waitState((s) => s.phase === "planning");
    await host.roundTrip({ type: "host.endPlanning" });
    await players[0].waitState((s) => s.year === 1);
    await host.roundTrip();
    const { fromMirror } = await import("../../shared/mirror.js");
    const back = fromMirror(players[0].view);
    expect(back.tiles).toEqual(room.gameState.tiles);
    expect(back.districts).toEqual(room.gameState.districts);
    expect(back.links).toEqual(room.gameState.links);
    expect(back.proposals).toEqual(room.gameState.proposals);
    expect(back.nextId).toBe(room.gameState.nextId);
  });
});

describe("phase clock", () => {
  it("runs planning and report for their full lengths, year after year (room clock driven by the test)", async () => {
    const { host, players, room } = await classroom(["Sam"], { planningSeconds: 20, reportSeconds: 3 });
    const [sam] = players;
    // Drive the room clock: its timers see this time, not the wall clock. Every tick of the clock
    // reads now() first, then runs the timers that are due; counting those reads tells the test that a
    // tick has run with the new time (a state to wait for, not a sleep).
    let now = room.clock.currentTime;
    let reads = 0;
    const readers: (() => void)[] = [];
    (room.clock as unknown as { now: () => number }).now = () => {
      reads++;
      for (const r of readers.splice(0)) r();
      return now;
    };
    const ticks = async (n: number) => {
      const target = reads + n;
      while (reads < target) await new Promise<void>((r) => readers.push(r));
    };
    const advance = async (ms: number) => {
      now += ms;
      await ticks(2); // the tick after the change has run its due timers
      await host.roundTrip();
    };
    const serverPhase = () => (room.state as unknown as { phase: string }).phase;
    await host.roundTrip({ type: "host.start" });
    await sam.waitState((v) => v.phase === "planning" && v.year === 0);
    for (let year = 1; year <= 2; year++) {
      await advance(year === 1 ? 19_000 : 14_000); // 19 s into this planning phase
      expect(serverPhase()).toBe("planning");
      expect(sam.view.phase).toBe("planning");
      await advance(1_500);
      await sam.waitState((v) => v.phase === "report" && v.year === year);
      await advance(3_500);
      await sam.waitState((v) => v.phase === "planning" && v.year === year);
      await advance(5_000); // a report timer must not fire twice and end the new planning at once
      expect(serverPhase()).toBe("planning");
      expect(sam.view.phase).toBe("planning");
      expect(sam.view.year).toBe(year);
    }
  });
});

describe("reconnection window", () => {
  it("after the window the seat stays with its district, marked empty, and bots take it", async () => {
    const { host, code, players, room } = await classroom(["Tia", "Uma"], {
      reconnectSeconds: 30,
      bots: true,
    });
    const [tia] = players;
    let now = room.clock.currentTime;
    (room.clock as unknown as { now: () => number }).now = () => now;
    await host.roundTrip({ type: "host.start" });
    const { playerId, district } = tia.me();
    const token = tia.room.reconnectionToken;
    await tia.room.leave(false);
    await host.waitState((v) => v.players[playerId]?.connected === false);
    expect(host.view.districts[district].seatCount).toBe(1);
    now += 31_000; // past the window (room clock)
    await host.waitState((v) => v.districts[district].seatCount === 0);
    expect(host.view.players[playerId]).toMatchObject({ district, connected: false });
    const refused = await new Client(url)
      .reconnect(token)
      .then(() => "reconnected")
      .catch(() => "refused");
    expect(refused).toBe("refused");
    // The next planning phase: a bot plays the empty district.
    await host.roundTrip({ type: "host.endPlanning" });
    // The year resolves in the year pool: the report comes once it is back.
    await host.waitState((s) => s.phase === "report");
    await host.roundTrip({ type: "host.endPlanning" });
    const v = await host.waitState((s) => s.phase === "planning" && s.year === 1);
    expect(Object.values(v.players).some((p) => p.isBot && p.district === district)).toBe(true);
    // Coming back from the same browser (the seat secret) still finds the seat.
    const tia2 = await joinRoom(url, code, {
      nickname: "Tia",
      seatSecret: tia.messages<{ secret: string }>("seat")[0].secret,
    });
    expect(tia2.me()).toMatchObject({ playerId, district });
    // ...and the bot hands the district back.
    const back = await host.waitState((s) => s.districts[district].seatCount === 1);
    expect(Object.values(back.players).some((p) => p.isBot && p.district === district)).toBe(false);
  });
});

describe("practice alone", () => {
  it("seats the host in a district and lets bots play all the others", async () => {
    const host = await createRoom(url, {
      nickname: "Solo",
      solo: true,
      settings: { ...baseSettings, bots: false },
    });
    expect(host.me()).toMatchObject({ isHost: true, district: 0 });
    await host.roundTrip({ type: "host.start" });
    const v = await host.waitState((s) => s.phase === "planning");
    expect(v.botsEnabled).toBe(true);
    const bots = Object.values(v.players).filter((p) => p.isBot);
    expect(bots.map((b) => b.district).sort((a, b) => a - b)).toEqual(
      [...Array(v.districts.length).keys()].filter((d) => d !== 0),
    );
    await host.roundTrip({
      type: "action",
      action: { type: "setPolicy", policy: "festival", enabled: true },
    });
    expect(host.errors()).toHaveLength(0);
  });
});
