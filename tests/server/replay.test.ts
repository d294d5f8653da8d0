// The server is only an authority over the pure rules: a three-year game played by three clients (with
// bots, a host event and accepted and declined proposals) ends in the state that replaying its action
// log through shared `replay` gives; the record sent to the clients at the end replays (and forks with
// nothing changed) to the same hash in the browser's fold.
import { expect, it } from "vitest";
import { stateHash } from "../../shared/hash.js";
import { chunkOf, type RoomStateView } from "../../shared/mirror.js";
import { parseRecord } from "../../shared/record.js";
import { replay, replayHash } from "../../shared/replay.js";
import { foldFork, foldRecord } from "../../client/model/fold.js";
import type { CityRoom } from "../../server/city-room.js";
import { createRoom, joinRoom, type Player, heldClocks, serverForFile } from "./helpers.js";

const server = serverForFile();

function ownEmptyTiles(v: RoomStateView, district: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < v.width * v.height; i++) {
    const { chunk, inner } = chunkOf(v.width, v.height, i);
    const t = v.chunks[chunk].tiles[inner];
    if (t.district === district && t.use === "empty" && t.terrain === "land")
      out.push({ x: i % v.width, y: Math.floor(i / v.width) });
  }
  return out;
}

it("a three-year game with three clients ends with the hash of its replayed action log", async () => {
  const host = await createRoom(server.url, {
    nickname: "Teacher",
    settings: heldClocks({ rounds: 3, bots: true, seed: 4242, startCountdown: 0 }),
  });
  const code = host.room.roomId;
  const players: Player[] = [];
  for (const nickname of ["Ada", "Ben", "Cy"]) players.push(await joinRoom(server.url, code, { nickname }));
  const room = server.colyseus.getRoomById(code) as unknown as CityRoom;

  await host.roundTrip({ type: "host.start" });
  const policies = ["festival", "talent", "artsEducation"] as const;
  for (let year = 0; year < 3; year++) {
    const v = await players[0].waitState((s) => s.phase === "planning" && s.year === year);
    if (year === 1) await host.roundTrip({ type: "host.injectEvent", event: "boom" });
    for (const [i, p] of players.entries()) {
      const d = p.me().district;
      const spots = ownEmptyTiles(v, d);
      await p.roundTrip({
        type: "action",
        action: { type: "setPolicy", policy: policies[(i + year) % 3], enabled: true },
      });
      if (spots.length > 0)
        await p.roundTrip({
          type: "action",
          action: { type: "build", ...spots[year % spots.length], use: "park" },
        });
      await p.roundTrip({
        type: "action",
        action: { type: "voteCityPolicy", policy: "ipProtection", vote: i !== 1 },
      });
      // Deals between the students: the next one accepts in even years and declines in odd ones.
      const next = players[(i + 1) % players.length];
      await p.roundTrip({
        type: "action",
        action: { type: "proposeDeal", to: next.me().district, amount: 1 + i },
      });
      const deal = room.gameState.proposals.at(-1)!;
      await next.roundTrip({
        type: "action",
        action: { type: "respondProposal", proposal: deal.id, accept: year % 2 === 0 },
      });
      // A refused action is answered and leaves no trace in the log.
      await p.roundTrip({ type: "action", action: { type: "demolish", x: 0, y: 0 } });
    }
    await host.roundTrip({ type: "host.endPlanning" });
    await players[0].waitState((s) => s.year === year + 1);
    if (year < 2) await host.roundTrip({ type: "host.endPlanning" });
  }
  await players[0].waitState((s) => s.phase === "ended");

  const settings = room.roomSettings;
  const record = {
    scenario: room.gameState.scenario,
    settings: {
      seed: settings.seed!,
      size: settings.size,
      districts: settings.districts,
      years: settings.rounds,
    },
    log: [...room.actionLog],
  };
  const humanActions = record.log.filter(
    (e) => e.kind === "action" && e.actor.kind === "district" && [0, 1, 2].includes(e.actor.district),
  );
  expect(humanActions.length).toBeGreaterThan(10);
  expect(record.log.filter((e) => e.kind === "resolve")).toHaveLength(3);
  expect(room.gameState.year).toBe(3);
  expect(replayHash(record)).toBe(stateHash(room.gameState));
  expect(replay(record).history).toEqual(room.gameState.history);

  // Every client receives the game's record at the end: it replays in the browser to the room's hash,
  // its bots' turns are marked, and a fork that changes nothing replans the bots into the same game.
  await expect.poll(() => players[1].messages("record").length).toBeGreaterThan(0);
  const sent = parseRecord(players[1].messages("record")[0]);
  expect(sent.ok).toBe(true);
  if (!sent.ok) return;
  expect(sent.record.hash).toBe(stateHash(room.gameState));
  expect(sent.record.log).toEqual(JSON.parse(JSON.stringify(room.actionLog)));
  expect(sent.record.log.filter((e) => e.kind === "bots")).toHaveLength(3);
  expect(sent.record.log.some((e) => e.kind === "action" && e.bot)).toBe(true);
  expect(foldRecord(sent.record).hash).toBe(stateHash(room.gameState));
  expect(foldFork(sent.record, 1, { type: "drop", entry: -1 }).hash).toBe(stateHash(room.gameState));
});
