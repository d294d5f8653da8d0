// The debrief (its charts, flows and the review of the paper's recommendations) needs the cluster
// detection and the output formulas of shared/: about 12 KB gzip the start page does not need. It
// loads on first use, from the game screen's *Debrief* button or the end screen, and once loaded it
// is kept, so later renders are synchronous.
type DebriefModule = typeof import("./debrief.js");

let loaded: DebriefModule | null = null;
let pending: Promise<DebriefModule> | null = null;

/** The debrief module, loading it on the first call. A failed load may be retried. */
export function loadDebrief(): Promise<DebriefModule> {
  if (loaded) return Promise.resolve(loaded);
  pending ??= import("./debrief.js").then(
    (m) => {
      loaded = m;
      return m;
    },
    (err: unknown) => {
      pending = null;
      throw err;
    },
  );
  return pending;
}

/** The debrief module if it has loaded, else null. */
export function debriefModule(): DebriefModule | null {
  return loaded;
}
