// Room codes in use, claimed atomically so that of two rooms wanting one code at once — two restores of
// the same room, say, on one process or on two — exactly one gets it.
//
// One process (no REDIS_URL): a hash in the local presence, code → claim count.
// Scale-out (REDIS_URL): one key per code, `cq:code:<CODE>` = the owning processId, set with SET NX.
// A claim has no expiry of its own while its process lives; when the owner's liveness key is gone
// (server/redis.ts: killed, or stalled past CQ_PROCESS_TTL_MS) the claim is taken over in the same
// script, so a room of a dead process can be restored elsewhere at once. A release deletes the key
// only if it still names this process. As a safety net every claim expires after the retention
// period (a room that lives that long refreshes it with each snapshot).
import type { Presence } from "@colyseus/core";
import { ALIVE_PREFIX, processId, redis, redisUrl } from "./redis.js";

/** A hash of code → claim count (1 while a room holds it), in the local presence. */
export const CODES_KEY = "cq:code-claims";
export const CODE_PREFIX = "cq:code:";

/** Claim expiry in seconds in scale-out mode (refreshed by each snapshot; see storage-redis.ts). */
export const CLAIM_TTL_S = 7 * 24 * 60 * 60;

// KEYS[1] the code's key, KEYS[2] Colyseus' room listings; ARGV[1] this process, ARGV[2] the
// liveness prefix, ARGV[3] expiry (s), ARGV[4] the code. Taking over a dead owner's claim also removes
// its stale listing of the code (the new room's listing is then written). 1: claimed; 0: held by a
// live process (or by this one).
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[3]) then return 1 end
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. owner) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
  local listing = redis.call('HGET', KEYS[2], ARGV[4])
  if listing and string.find(listing, '"processId":"' .. owner .. '"', 1, true) then
    redis.call('HDEL', KEYS[2], ARGV[4])
  end
  return 1
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** True if this caller now holds `code`. */
export async function claimCode(presence: Presence, code: string): Promise<boolean> {
  if (redisUrl()) {
    const r = await redis().eval(
      CLAIM,
      2,
      CODE_PREFIX + code,
      "roomcaches",
      processId(),
      ALIVE_PREFIX,
      CLAIM_TTL_S,
      code,
    );
    return Number(r) === 1;
  }
  if ((await presence.hincrby(CODES_KEY, code, 1)) === 1) return true;
  await presence.hincrby(CODES_KEY, code, -1);
  return false;
}

/** Gives `code` back (the room is gone). */
export async function releaseCode(presence: Presence, code: string): Promise<void> {
  if (redisUrl()) {
    await redis()
      .eval(RELEASE, 1, CODE_PREFIX + code, processId())
      .catch((e: Error) => console.error(`release of code ${code} failed:`, e.message));
    return;
  }
  await presence.hdel(CODES_KEY, code);
}

/** The process holding `code` in scale-out mode (null when free, or in one-process mode). */
export async function codeOwner(code: string): Promise<string | null> {
  if (!redisUrl()) return null;
  return redis().get(CODE_PREFIX + code);
}
