// A snapshot's JSON text without serialising on the main thread what was serialised elsewhere: the
// state a year worker resolved comes back with its JSON (server/year-tasks.ts), and a room keeps its
// action log's JSON between saves (LogJson). The stores (server/storage.ts, server/storage-redis.ts)
// write these texts instead of serialising the objects again.
import type { LogEntry } from "../shared/replay.js";
import type { RoomSnapshot } from "./storage.js";

/**
 * JSON text made elsewhere for a snapshot's state and log (the year worker's text of the state it
 * resolved; the room's log text, grown entry by entry): a store writes it instead of serialising those
 * again on the main thread. Kept beside the snapshot object, never stored as such; a snapshot without it
 * is serialised whole, as before.
 */
const prepared = new WeakMap<RoomSnapshot, { state?: string; log?: string }>();

/** Attaches ready JSON for `s.state` and/or `s.log` (each must be JSON.stringify of that part). */
export function withPreparedJson(s: RoomSnapshot, parts: { state?: string; log?: string }): RoomSnapshot {
  prepared.set(s, parts);
  return s;
}

/** The JSON text of the snapshot's state. */
export function stateText(s: RoomSnapshot): string {
  return prepared.get(s)?.state ?? JSON.stringify(s.state);
}

/** The snapshot as the JSON text the stores write (the same value as JSON.stringify(s); the state and
 * the log come last). */
export function snapshotText(s: RoomSnapshot): string {
  const { state: _state, log, ...rest } = s;
  const head = JSON.stringify(rest);
  // As JSON.stringify: a part that is undefined has no key.
  const stateJson: string | undefined = stateText(s);
  const logJson: string | undefined = prepared.get(s)?.log ?? JSON.stringify(log);
  const fields: string[] = [];
  if (stateJson !== undefined) fields.push(`"state":${stateJson}`);
  if (logJson !== undefined) fields.push(`"log":${logJson}`);
  if (fields.length === 0) return head;
  return head === "{}" ? `{${fields.join(",")}}` : `${head.slice(0, -1)},${fields.join(",")}}`;
}

/**
 * A room's action log as JSON text, kept between saves: the log only grows (the session appends), so a
 * save serialises only the entries added since the last one. A log that is not an extension of the one
 * last seen (shorter, or another entry where the last one was) is serialised again from the start.
 */
export class LogJson {
  private count = 0;
  private last: LogEntry | undefined;
  private body = "";

  text(log: { readonly length: number; at(i: number): LogEntry | undefined }): string {
    const n = log.length;
    if (n < this.count || (this.count > 0 && log.at(this.count - 1) !== this.last)) {
      this.count = 0;
      this.body = "";
    }
    for (let i = this.count; i < n; i++) {
      const e = JSON.stringify(log.at(i));
      this.body = this.body === "" ? e : `${this.body},${e}`;
    }
    this.count = n;
    this.last = n > 0 ? log.at(n - 1) : undefined;
    return `[${this.body}]`;
  }
}
