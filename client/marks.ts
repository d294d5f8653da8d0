// Named moments on the way from the join link to a playable map, as `performance.mark`s (each name
// once per page): the measurements (tests/e2e/metrics.e2e.test.ts) read them to say where the time
// goes. Cheap, and nothing reads them in play.
export type Mark =
  | "cq:app"
  | "cq:map-loaded"
  | "cq:join-submit"
  | "cq:connected"
  | "cq:state-decoded"
  | "cq:first-state"
  | "cq:game-screen"
  | "cq:map-chunk"
  | "cq:phaser-boot"
  | "cq:map-drawn"
  | "cq:playable";

export function mark(name: Mark): void {
  try {
    if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
  } catch {
    /* no User Timing: nothing to record */
  }
}
