// Translated names of the things on screen (districts, tiles), shared by the screens.
import type { GameState } from "../../shared/state.js";
import { districtName, t, tk } from "../i18n/index.js";

export function districtLabel(game: GameState, d: number): string {
  const x = game.districts[d];
  return x ? `${d + 1} · ${districtName(x.name)}` : t("tile.city");
}

export function tileLabel(game: GameState, i: number): string {
  if (i < 0) return t("report.outside");
  const x = i % game.width;
  const y = Math.floor(i / game.width);
  const tile = game.tiles[i];
  return `${tk("use", tile?.use ?? "empty")} (${x},${y})`;
}
