// A room's game from its create options (a new city from a scenario, or an instructor's own scenario)
// or from a saved snapshot (migrated: snapshots older than a field get a neutral value for it).
import { type Presence, ServerError } from "@colyseus/core";
import { completeHistoryRow } from "../shared/debrief.js";
import { LAND_USES } from "../shared/kinds.js";
import type { RoomSettings } from "../shared/protocol.js";
import { createGame, parseScenario, type Scenario, scenarioById } from "../shared/scenario.js";
import { newSession, type Session } from "../shared/session.js";
import type { GameState } from "../shared/state.js";
import { claimCode, releaseCode } from "./codes.js";
import type { parseCreateOptions } from "./door.js";
import { hashToken, newHostToken, newRoomCode, newSeed, tokenMatches } from "./secrets.js";
import { type RoomSnapshot, type SavedSeat, snapshotStore } from "./storage.js";

export interface RoomGame {
  settings: RoomSettings;
  /** The instructor's own scenario as parsed (null for a built-in one). */
  customScenario: unknown;
  /** The scenario's texts for the clients (title, summary, goal; JSON). */
  scenarioText: string;
  session: Session;
}

/** The session of a room with these settings (its clock and its bots). */
export function sessionFor(game: GameState, settings: RoomSettings, log: RoomSnapshot["log"] = []): Session {
  return newSession(game, {
    timing: {
      planningSeconds: settings.planningSeconds,
      reportSeconds: settings.reportSeconds,
      reportWait: settings.reportWait === true,
      startCountdown: settings.startCountdown ?? 10,
    },
    bots: { level: settings.botLevel, mode: settings.botStrategy },
    log,
  });
}

/** A room being opened: its game, code and host token, and the seats of a restored room. */
export interface OpenedRoom extends RoomGame {
  code: string;
  hostTokenHash: string;
  /** The host's token, to hand to the creator's join. */
  creatorToken: string;
  seats: SavedSeat[];
  solo: boolean;
}

/** A new room, or a saved one restored with its host token; the room's code is claimed in the presence
 * (of two restores of one code at once, exactly one gets the room). */
export async function openRoom(
  options: ReturnType<typeof parseCreateOptions>,
  presence: Presence,
): Promise<OpenedRoom> {
  if (!options.restore) {
    const game = newRoomGame(options.settings, options.solo);
    const code = await uniqueCode(presence);
    const creatorToken = newHostToken();
    const hostTokenHash = hashToken(creatorToken);
    return { ...game, code, creatorToken, hostTokenHash, seats: [], solo: options.solo };
  }
  const { code, hostToken } = options.restore;
  const snap = await snapshotStore().load(code);
  if (!snap) throw new ServerError(404, "room_not_found");
  if (!tokenMatches(hostToken, snap.hostTokenHash)) throw new ServerError(403, "bad_host_token");
  if (!(await claimCode(presence, code))) throw new ServerError(409, "room_exists");
  try {
    const game = restoredRoomGame(snap);
    const seats = snap.seats;
    return { ...game, code, creatorToken: hostToken, hostTokenHash: snap.hostTokenHash, seats, solo: false };
  } catch (e) {
    // A snapshot that cannot be read gives its code back, and says so.
    await releaseCode(presence, code);
    console.error(`[room ${code}] snapshot could not be restored:`, e);
    throw new ServerError(500, "snapshot_unreadable");
  }
}

async function uniqueCode(presence: Presence): Promise<string> {
  const store = snapshotStore();
  for (let i = 0; i < 50; i++) {
    const code = newRoomCode();
    if (await store.has(code)) continue;
    if (await claimCode(presence, code)) return code;
  }
  throw new ServerError(503, "server_error");
}

export function newRoomGame(input: RoomSettings, solo: boolean): RoomGame {
  const settings = { ...input, seed: input.seed ?? newSeed() };
  if (solo) settings.bots = true;
  let scenario: Scenario | undefined;
  let customScenario: unknown = null;
  if (settings.customScenario !== undefined) {
    const r = parseScenario(settings.customScenario);
    // The refusal names the first bad field: "scenario_invalid:goal.target".
    if (!r.ok) throw new ServerError(400, `scenario_invalid:${r.error.field}`);
    scenario = r.scenario;
    // Stored once, as parsed: the scenario's known fields only.
    customScenario = r.scenario;
  } else scenario = scenarioById(settings.scenario);
  if (!scenario) throw new ServerError(400, "scenario_invalid");
  delete settings.customScenario;
  const game = createGame(scenario, {
    seed: settings.seed,
    size: settings.size,
    districts: settings.districts,
    years: settings.rounds,
  });
  return {
    settings,
    customScenario,
    scenarioText: scenarioText(scenario),
    session: sessionFor(game, settings),
  };
}

export function restoredRoomGame(snap: RoomSnapshot): RoomGame {
  // Settings saved before botStrategy existed: the default.
  const settings = { ...snap.settings, botStrategy: snap.settings.botStrategy ?? "mixed" };
  const custom = snap.customScenario ? parseScenario(snap.customScenario) : null;
  const scenario = custom?.ok ? custom.scenario : scenarioById(snap.settings.scenario);
  // A snapshot written before the debrief fields existed is completed with neutral values (its
  // anchors at the start are unknown: taken as today's, so none count as added).
  const nd = snap.state.districts.length;
  const anchorsNow = (d: number) =>
    snap.state.tiles.filter((t) => t.district === d && LAND_USES[t.use].anchor).length;
  const game: GameState = {
    ...snap.state,
    districts: snap.state.districts.map((d) => ({
      ...d,
      initialAnchors: d.initialAnchors ?? anchorsNow(d.id),
    })),
    history: snap.state.history.map((r) => completeHistoryRow(r, nd)),
  };
  const session = sessionFor(game, settings, snap.log);
  return {
    settings,
    customScenario: snap.customScenario,
    scenarioText: scenario ? scenarioText(scenario) : "",
    session: { ...session, phase: snap.ended || snap.state.year >= snap.state.years ? "ended" : "lobby" },
  };
}

/** What clients show of a scenario: title, summary and goal, in both languages, and the goal's own
 * target and years (the room's may be scaled to other rounds). */
function scenarioText(s: Scenario): string {
  return JSON.stringify({
    title: s.title,
    summary: s.summary,
    goal: s.goal.text,
    goalTarget: s.goal.target,
    years: s.years,
  });
}
