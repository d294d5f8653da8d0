// The game's phase and role rules, on their own: which phase lets a player act, when the host's clock
// controls apply, what a projector may send. The session (shared/session.ts) re-exports them and the
// room's door and the client's gates call the same functions; this file imports no rules, so a screen
// can ask these questions without loading the rules, the bots or the year's resolution.
import type { Phase } from "./mirror.js";

/** Why a seated player's action is refused in this phase, or null. */
export function playRefusal(phase: Phase | string, paused: boolean): "not_planning" | "paused" | null {
  if (phase !== "planning") return "not_planning";
  if (paused) return "paused";
  return null;
}

/** Phases in which the host's clock controls (pause, add time, end the phase) apply. */
export function clockRuns(phase: Phase | string): boolean {
  return phase === "planning" || phase === "report";
}

/** Client message types a projector may send (it is read-only otherwise). */
export const PROJECTOR_MESSAGES: readonly string[] = ["ping", "ready"];

/** Why a client in this role may not send this message type, or null. */
export function roleRefusal(
  role: { isHost: boolean; isProjector: boolean },
  type: string,
): "not_host" | "projector_read_only" | null {
  if (type.startsWith("host.") && !role.isHost) return "not_host";
  if (role.isProjector && !PROJECTOR_MESSAGES.includes(type)) return "projector_read_only";
  return null;
}
