// The heat overlays' values, apart from the view models: the community mix needs the rules'
// neighbourhood sums (shared/resolve.ts), which only the map chunk should carry, not the start page.
import { globalAccess, linkStats } from "../../shared/economy.js";
import { neighbourhood } from "../../shared/resolve.js";
import type { GameState } from "../../shared/state.js";
import type { Overlay } from "./view.js";

/**
 * A 0..1 value per tile for a heat overlay (NaN: not applicable, e.g. water): rent, creatives and links
 * per tile relative to the city's maximum, and the shared rules' own global access and community mix.
 */
export function overlayValues(state: GameState, overlay: Overlay): Float32Array {
  const n = state.tiles.length;
  const v = new Float32Array(n).fill(Number.NaN);
  if (overlay === "none") return v;
  if (overlay === "rent" || overlay === "creatives") {
    let max = 0;
    for (const t of state.tiles) max = Math.max(max, overlay === "rent" ? t.rent : t.creatives);
    state.tiles.forEach((t, i) => {
      if (t.terrain === "water") return;
      v[i] = max > 0 ? (overlay === "rent" ? t.rent : t.creatives) / max : 0;
    });
    return v;
  }
  if (overlay === "links") {
    const deg = new Float32Array(n);
    for (const l of state.links) {
      deg[l.a]++;
      deg[l.b]++;
    }
    let max = 1;
    for (const d of deg) max = Math.max(max, d);
    state.tiles.forEach((t, i) => {
      if (t.terrain !== "water") v[i] = deg[i] / max;
    });
    return v;
  }
  if (overlay === "access") {
    // The rules' global access of each tile's district (global links, media HQs, exhibitions, marketing).
    const stats = linkStats(state);
    const byDistrict = state.districts.map((d) => globalAccess(state, d.id, stats));
    state.tiles.forEach((t, i) => {
      if (t.terrain !== "water") v[i] = t.district >= 0 ? byDistrict[t.district] : 1;
    });
    return v;
  }
  // community: the rules' mix of use groups within the neighbourhood radius.
  const mix = neighbourhood(state).mix;
  state.tiles.forEach((t, i) => {
    if (t.terrain !== "water") v[i] = mix[i];
  });
  return v;
}
