// The map alone, on a generated city, for frame-rate and load measurements without a server
// (scripts/map-fps.ts builds and opens it). `?size=64|128&districts=N&reduce=1`. A 128×128 city is
// four 64×64 cities side by side (the rules' own limit may still be 64), with the districts renumbered.
import { createCityMap } from "../../../client/map/cityMap.js";
import { createGame, SCENARIOS } from "../../../shared/scenario.js";
import type { GameState } from "../../../shared/state.js";

const q = new URLSearchParams(location.search);
const size = Number(q.get("size") ?? 64);
const districts = Number(q.get("districts") ?? 12);
const t0 = performance.now();

function city(): GameState {
  const scenario = SCENARIOS[0];
  if (size <= 64) return createGame(scenario, { seed: 7, size, districts });
  // Four quarters, each with a quarter of the districts.
  const per = Math.ceil(districts / 4);
  const parts = [0, 1, 2, 3].map((k) => createGame(scenario, { seed: 7 + k, size: 64, districts: per }));
  const base = structuredClone(parts[0]);
  base.width = 128;
  base.height = 128;
  base.tiles = new Array(128 * 128);
  base.districts = [];
  base.links = [];
  parts.forEach((p, k) => {
    const ox = (k % 2) * 64;
    const oy = Math.floor(k / 2) * 64;
    const shift = (d: number) => (d < 0 ? d : d + k * per);
    const at = (i: number) => (oy + Math.floor(i / 64)) * 128 + ox + (i % 64);
    p.tiles.forEach((t, i) => {
      base.tiles[at(i)] = { ...t, district: shift(t.district) };
    });
    for (const d of p.districts) base.districts.push({ ...d, id: shift(d.id) });
    for (const l of p.links) base.links.push({ ...l, a: at(l.a), b: at(l.b), owner: shift(l.owner) });
  });
  return base;
}

// `?phaser=0`: no map at all (the browser's own frame ceiling); `?empty=1`: Phaser with no city.
if (q.get("phaser") === "0") {
  const w = window as unknown as Record<string, unknown>;
  w.__map = { fps: () => 0, view: () => ({ renderer: "none" }) };
  w.__timing = {};
  document.body.dataset.ready = "1";
} else await main();

async function main() {
  const state = city();
  const t1 = performance.now();
  const map = await createCityMap({
    parent: document.getElementById("map") as HTMLElement,
    reducedMotion: q.get("reduce") === "1",
    onHover: () => {},
    onSelect: () => {},
    districtLabel: (d) => `District ${d + 1}`,
    ownDistrict: () => Number(q.get("own") ?? 0),
    districtPlayers: (d) => `Player ${d + 1}`,
    renderer: (q.get("renderer") as "auto" | "webgl" | "canvas" | null) ?? "auto",
  });
  const t2 = performance.now();
  if (q.get("empty") !== "1") map.setState(state);
  const t3 = performance.now();
  // The first frame with the city on screen.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const t4 = performance.now();
  const w = window as unknown as Record<string, unknown>;
  w.__map = map;
  w.__state = state;
  w.__timing = {
    cityMs: Math.round(t1 - t0),
    bootMs: Math.round(t2 - t1),
    setStateMs: Math.round(t3 - t2),
    firstFrameMs: Math.round(t4 - t3),
    sinceNavigationMs: Math.round(t4),
  };
  document.body.dataset.ready = "1";
}
