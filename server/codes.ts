// Room codes in use, claimed atomically in the presence (local, or Redis shared by several
// processes), so that of two rooms wanting one code at once — two restores of the same room, say —
// exactly one gets it.
import type { Presence } from "@colyseus/core";

/** A hash of code → claim count (1 while a room holds it). */
export const CODES_KEY = "cq:code-claims";

/** True if this caller now holds `code`: one atomic increment, and the first to reach it gets 1. */
export async function claimCode(presence: Presence, code: string): Promise<boolean> {
  if ((await presence.hincrby(CODES_KEY, code, 1)) === 1) return true;
  await presence.hincrby(CODES_KEY, code, -1);
  return false;
}

/** Gives `code` back (the room is gone). */
export async function releaseCode(presence: Presence, code: string): Promise<void> {
  await presence.hdel(CODES_KEY, code);
}
