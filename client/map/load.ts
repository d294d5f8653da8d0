// Loads the map's chunk (Phaser and the art) once per page. The start page asks for it as soon as the
// map will be needed (a join link, a join or create in flight); once it is in, the pictures every city
// needs are painted in idle time; when the join is sent, Phaser boots in a hidden box while the
// handshake travels; and the game screen takes the loaded module at once (no second round through
// the module loader while the first state is being handled).
import { mark } from "../marks.js";

type MapModule = typeof import("./cityMap.js");

let loading: Promise<MapModule> | null = null;
let loaded: MapModule | null = null;

export function loadMap(): Promise<MapModule> {
  loading ??= import("./cityMap.js").then(
    (m) => {
      mark("cq:map-loaded");
      loaded = m;
      // Paint the pictures in idle time (the student may still be typing).
      m.warmArt();
      return m;
    },
    (e: unknown) => {
      // A later call tries again (the game screen reports a failure and falls back to the ledger).
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** A join or create is in flight: boot Phaser (in a hidden box) once the chunk is in, so the map
 * only moves its canvas in when the first state arrives. */
export function prebootMap(): void {
  loadMap()
    .then((m) => m.prebootCityMap())
    .catch(() => undefined);
}

/** The map's module if it has loaded. */
export function loadedMap(): MapModule | null {
  return loaded;
}
