// Colours and glyphs of the map. District colours are the Okabe–Ito colour-blind-safe set (extended
// with Tol's muted colours); no information is colour-only: districts also get a dash pattern and a
// labelled name, land uses a glyph, heat overlays a hatch density and a legend.
import type { LandUse } from "../../shared/kinds.js";
import type { LinkType } from "../../shared/kinds.js";

export const DISTRICT_COLOURS = [
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
  "#999999",
  "#882255",
  "#44AA99",
  "#117733",
  "#AA4499",
] as const;

/** Dash patterns (in tile fractions) for district borders: the non-colour cue of a district. */
export const DISTRICT_DASHES: readonly number[][] = [
  [],
  [0.5, 0.25],
  [0.2, 0.2],
  [0.6, 0.15, 0.1, 0.15],
  [0.1, 0.1],
  [0.8, 0.2],
];

/** The smallest a tile is drawn at the default zoom, in CSS pixels (WCAG 2.2 target size, 2.5.8):
 * the map's starting view never shows tiles smaller than this, whatever the screen. */
export const MIN_TILE_CSS_PX = 24;

export function districtColour(d: number): string {
  return d >= 0 ? DISTRICT_COLOURS[d % DISTRICT_COLOURS.length] : "#ffffff";
}

export interface UseStyle {
  fill: string;
  /** Short symbol for the legend and tool lists (the map itself draws pictures, never these). */
  glyph: string;
  anchor?: boolean;
}

export const USE_STYLES: Record<LandUse, UseStyle> = {
  empty: { fill: "#e9e4d8", glyph: "" },
  housing: { fill: "#d9c7a7", glyph: "h" },
  commerce: { fill: "#c9a97a", glyph: "$" },
  leisure: { fill: "#e0b3c4", glyph: "♪" },
  park: { fill: "#9fcf8f", glyph: "·" },
  factory: { fill: "#9a8f86", glyph: "F" },
  derelict: { fill: "#7d756e", glyph: "x" },
  studio: { fill: "#f2c66d", glyph: "S" },
  heritage: { fill: "#b59bc9", glyph: "H" },
  gateway: { fill: "#4b6a88", glyph: "✈" },
  university: { fill: "#ffffff", glyph: "U", anchor: true },
  research: { fill: "#ffffff", glyph: "R", anchor: true },
  museum: { fill: "#ffffff", glyph: "M", anchor: true },
  gallery: { fill: "#ffffff", glyph: "G", anchor: true },
  theatre: { fill: "#ffffff", glyph: "T", anchor: true },
  media: { fill: "#ffffff", glyph: "Me", anchor: true },
  incubator: { fill: "#ffffff", glyph: "I", anchor: true },
  exhibition: { fill: "#ffffff", glyph: "E", anchor: true },
};

export const WATER = "#7fb2d9";
export const PARK_LAND = "#b9dba9";

/** Link colours and dash patterns by type (both, so type is not colour-only). */
export const LINK_STYLES: Record<LinkType, { colour: number; dash: number[]; width: number }> = {
  research: { colour: 0x0072b2, dash: [], width: 3 },
  heritage: { colour: 0xcc79a7, dash: [6, 4], width: 3 },
  valueAdd: { colour: 0xd55e00, dash: [2, 3], width: 3 },
  incubation: { colour: 0x009e73, dash: [10, 3, 2, 3], width: 3 },
  global: { colour: 0x222222, dash: [12, 4], width: 2 },
};

/** Sequential colour-blind-safe ramp (viridis-like), 0..1. */
export function heatColour(v: number): string {
  const stops = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];
  const x = Math.max(0, Math.min(1, v)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  return mix(stops[i], stops[i + 1], x - i);
}

function mix(a: string, b: string, f: number): string {
  const pa = parseInt(a.slice(1), 16);
  const pb = parseInt(b.slice(1), 16);
  const ch = (s: number) => Math.round(((pa >> s) & 255) * (1 - f) + ((pb >> s) & 255) * f);
  return `rgb(${ch(16)},${ch(8)},${ch(0)})`;
}
