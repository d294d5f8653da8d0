// Room codes and host tokens: the only server randomness outside the rules (which are seeded).
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { ROOM_CODE_ALPHABET } from "../shared/protocol.js";

export function newRoomCode(): string {
  let code = "";
  for (let i = 0; i < 6; i++) code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
  return code;
}

export function newHostToken(): string {
  return randomBytes(24).toString("base64url");
}

/** A player's seat secret: sent to that player alone, kept by the server as a hash. */
export function newSeatSecret(): string {
  return randomBytes(18).toString("base64url");
}

export function newPlayerId(): string {
  return randomBytes(9).toString("base64url");
}

export function newSeed(): number {
  return randomInt(2 ** 31 - 1);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), "hex");
  const b = Buffer.from(hash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
