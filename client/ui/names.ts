// Translated names of the things on screen (districts, tiles), shared by the screens.
import type { GameState } from "../../shared/state.js";
import { districtName, t, tk } from "../i18n/index.js";

export function districtLabel(game: GameState, d: number): string {
  const x = game.districts[d];
  return x ? `${d + 1} · ${districtName(x.name)}` : t("tile.city");
}

/** What stands on a tile: its use, or its terrain where nothing can stand (water). */
export function tileWhat(tile: { terrain: string; use: string }): string {
  return tile.terrain === "water" ? tk("terrain", "water") : tk("use", tile.use);
}

/** A player's name as shown: bots are named after their district, in the current language. */
export function playerName(
  game: GameState,
  p: { nickname: string; isBot: boolean; district: number },
): string {
  return p.isBot && game.districts[p.district]
    ? `${t("common.bot")} ${districtName(game.districts[p.district].name)}`
    : p.nickname;
}

export function tileLabel(game: GameState, i: number): string {
  if (i < 0) return t("report.outside");
  const x = i % game.width;
  const y = Math.floor(i / game.width);
  const tile = game.tiles[i];
  return `${tile ? tileWhat(tile) : tk("use", "empty")} (${x},${y})`;
}
