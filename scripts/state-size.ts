// `npm run state-size`: bytes Colyseus sends for a room's state: the first full state a joining client
// receives (encodeAll of the Schema after the room's one sync function) and the patch of one resolved
// year, for a class city (64×64, 12 districts, 60 players) and a lecture hall (128×128, 40 districts,
// 400 players). The state is written exactly as the room writes it (server/sync.ts).
import { Encoder } from "@colyseus/schema";
import { RoomState } from "../server/schema.js";
import { StateWriter } from "../server/sync.js";
import { createGame, type GameState, LECTURE_HALL, resolveYear, scenarioById } from "../shared/index.js";
import type { PlayerView } from "../shared/mirror.js";

function facts(game: GameState, players: PlayerView[]) {
  const seatCounts = game.districts.map((_, d) => players.filter((p) => p.district === d).length);
  return {
    code: "ABCDEF",
    phase: "planning" as const,
    paused: false,
    phaseEndsAt: 0,
    remainingMs: 0,
    chatEnabled: true,
    chatMuted: false,
    botsEnabled: true,
    botStrategy: "mixed",
    scenarioText: JSON.stringify(scenarioById(game.scenario)?.title ?? ""),
    players,
    seatCounts,
  };
}

function measure(label: string, size: number, districts: number, teamSize: number) {
  let game = createGame(scenarioById("steel-town")!, { seed: 7, size, districts, years: 12 });
  const players: PlayerView[] = [];
  for (let d = 0; d < districts; d++)
    for (let k = 0; k < teamSize; k++)
      players.push({
        id: `p${d}-${k}`,
        nickname: `Student ${d}-${k}`,
        district: d,
        connected: true,
        isHost: false,
        isBot: false,
        isProjector: false,
      });
  const state = new RoomState();
  const writer = new StateWriter(state);
  writer.sync(game, facts(game, players));
  const encoder = new Encoder(state);
  const full = encoder.encodeAll().byteLength;
  encoder.discardChanges();
  const years: number[] = [];
  for (let y = 0; y < 3; y++) {
    game = resolveYear(game).state;
    writer.sync(game, facts(game, players));
    years.push(encoder.encode().byteLength);
    encoder.discardChanges();
  }
  // What a client joining now receives: the full state again.
  const joined = encoder.encodeAll().byteLength;
  console.log(
    `| ${label} | ${size}×${size} | ${districts} | ${players.length} | ${(full / 1024).toFixed(1)} | ${years.map((b) => (b / 1024).toFixed(1)).join(" / ")} | ${(joined / 1024).toFixed(1)} |`,
  );
}

console.log(
  "| room | map | districts | players | first full state KB | patch of years 1 / 2 / 3 KB | full state after 3 years KB |",
);
console.log("|---|---|---|---|---|---|---|");
measure("class", 64, 12, 5);
measure("lecture hall", LECTURE_HALL.size, LECTURE_HALL.districts, LECTURE_HALL.teamSize);
