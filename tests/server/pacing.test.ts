// The room's pacing: the fair start (the first clock waits for every connected player's map, or a
// countdown), reports that wait for the host ("until I continue"), and a clear refusal of a blank
// nickname.
import { describe, expect, it } from "vitest";
import type { CityRoom } from "../../server/city-room.js";
import { createRoom, joinError, joinRoom, type Player, heldClocks, serverForFile } from "./helpers.js";

const server = serverForFile();

const base = heldClocks({ rounds: 3, bots: false, size: 24 as const });

async function classroom(students: string[], settings: Record<string, unknown>) {
  const host = await createRoom(server.url, { nickname: "Teacher", settings: { ...base, ...settings } });
  const code = host.room.roomId;
  const players: Player[] = [];
  for (const nickname of students) players.push(await joinRoom(server.url, code, { nickname }));
  return { host, code, players, room: server.colyseus.getRoomById(code) as unknown as CityRoom };
}

describe("fair start", () => {
  it("holds the first clock until every connected player's map is ready", async () => {
    const { host, players } = await classroom(["Ada", "Ben"], { startCountdown: 10 });
    await host.roundTrip({ type: "host.start" });
    const starting = await host.waitState((v) => v.phase === "starting");
    // The countdown is shown to all: a clock of at most 10 s.
    expect(starting.phaseEndsAt).toBeGreaterThan(0);
    expect(starting.phaseEndsAt - Date.now()).toBeLessThanOrEqual(10_000);
    // Nobody can act before the clock starts.
    await players[0].roundTrip({
      type: "action",
      action: { type: "setPolicy", policy: "festival", enabled: true },
    });
    expect(players[0].errors().at(-1)?.code).toBe("not_planning");

    await host.roundTrip({ type: "ready" });
    await players[0].roundTrip({ type: "ready" });
    expect(host.view.phase).toBe("starting");
    await players[1].roundTrip({ type: "ready" });
    const planning = await host.waitState((v) => v.phase === "planning");
    // The whole planning time is left once the clock starts.
    expect(planning.phaseEndsAt - Date.now()).toBeGreaterThan(590_000);
  });

  it("does not wait for a player who left, and starts after the countdown otherwise", async () => {
    const { host, players } = await classroom(["Cy", "Dee"], { startCountdown: 1 });
    await host.roundTrip({ type: "host.start" });
    await host.waitState((v) => v.phase === "starting");
    await host.roundTrip({ type: "ready" });
    await players[0].roundTrip({ type: "ready" });
    await players[1].room.leave(true);
    await host.waitState((v) => v.phase === "planning");

    // A second room where one map never reports ready: the countdown starts the clock.
    const second = await classroom(["Eve"], { startCountdown: 1 });
    await second.host.roundTrip({ type: "host.start" });
    await second.host.waitState((v) => v.phase === "starting");
    await second.host.roundTrip({ type: "ready" });
    await second.host.waitState((v) => v.phase === "planning", 5_000);
  });

  it("lets the host start the clock at once", async () => {
    const { host } = await classroom(["Fay"], { startCountdown: 10 });
    await host.roundTrip({ type: "host.start" });
    await host.waitState((v) => v.phase === "starting");
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((v) => v.phase === "planning");
  });

  it("ignores a ready message outside the start and refuses a malformed one", async () => {
    const { host } = await classroom([], { startCountdown: 0 });
    await host.roundTrip({ type: "host.start" });
    await host.waitState((v) => v.phase === "planning");
    await host.roundTrip({ type: "ready" });
    expect(host.errors()).toEqual([]);
    await host.roundTrip({ type: "ready", extra: 1 });
    expect(host.errors().at(-1)?.code).toBe("bad_message");
  });
});

describe("reports that wait", () => {
  it("'until I continue' keeps the report until the host continues, even across a pause", async () => {
    const { host } = await classroom(["Gus"], { startCountdown: 0, reportWait: true });
    await host.roundTrip({ type: "host.start" });
    await host.waitState((v) => v.phase === "planning");
    await host.roundTrip({ type: "host.endPlanning" });
    const report = await host.waitState((v) => v.phase === "report");
    expect(report.phaseEndsAt).toBe(0);
    await host.roundTrip({ type: "host.addTime", seconds: 30 });
    expect(host.errors().at(-1)?.code).toBe("wrong_phase");
    await host.roundTrip({ type: "host.pause" });
    await host.roundTrip({ type: "host.resume" });
    const resumed = await host.waitState((v) => !v.paused);
    expect(resumed.phase).toBe("report");
    expect(resumed.phaseEndsAt).toBe(0);
    await host.roundTrip({ type: "host.endPlanning" });
    await host.waitState((v) => v.phase === "planning" && v.year === 1);
  });

  it("a reading time runs the report clock and a pause holds it", async () => {
    const { host } = await classroom([], { startCountdown: 0, reportSeconds: 60 });
    await host.roundTrip({ type: "host.start" });
    await host.waitState((v) => v.phase === "planning");
    await host.roundTrip({ type: "host.endPlanning" });
    const report = await host.waitState((v) => v.phase === "report");
    expect(report.phaseEndsAt).toBeGreaterThan(0);
    await host.roundTrip({ type: "host.pause" });
    const paused = await host.waitState((v) => v.paused);
    expect(paused.phase).toBe("report");
    expect(paused.phaseEndsAt).toBe(0);
    expect(paused.remainingMs).toBeGreaterThan(50_000);
  });
});

describe("nicknames", () => {
  it("refuses a nickname of spaces with its own code", async () => {
    const { code } = await classroom([], { startCountdown: 0 });
    expect(await joinError(server.url, code, { nickname: "   " })).toBe("bad_nickname");
  });
});
