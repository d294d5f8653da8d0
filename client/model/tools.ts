// The tool in hand on the map, as plain functions of the state (no DOM, no text): what a tile's
// preview says, what a click or tap does, what a key on the map does. The game screen's components
// (client/ui/game/) turn these answers into words and calls; these are tested in Node.
import type { Action } from "../../shared/actions.js";
import type { GameState } from "../../shared/state.js";
import type { Blocker } from "./play.js";
import { actionFor, previewAction, TOOL_TYPES, type Tool, type ToolType } from "./view.js";

/** What the preview of tile i says for the tool in hand (the tip and the status line word it). */
export type TilePreview =
  | { kind: "none" }
  /** A click will not act now (paused, not planning, ...): never a ✓ that does nothing. */
  | { kind: "blocked"; code: Blocker }
  /** A link's first end is legal here: pick the other end. */
  | { kind: "pickTarget" }
  /** The tool has nothing to do on this tile (not the player's own). */
  | { kind: "notHere" }
  | { kind: "bad"; code: string; params?: Record<string, string | number> }
  | { kind: "proposal" }
  /** A cost (negative: a refund). */
  | { kind: "cost"; cost: number };

export function tilePreview(
  state: GameState,
  tool: Tool,
  i: number,
  mine: number,
  blocker: Blocker | null,
  mask: Uint8Array | null,
): TilePreview {
  if (tool.type === "inspect" || mine < 0) return { kind: "none" };
  if (blocker) return { kind: "blocked", code: blocker };
  const action = actionFor(state, tool, i);
  if (!action) return mask?.[i] ? { kind: "pickTarget" } : { kind: "notHere" };
  const p = previewAction(state, action, mine);
  if (!p.ok)
    return { kind: "bad", code: p.error!.code, params: p.error!.params as Record<string, string | number> };
  if (p.proposal) return { kind: "proposal" };
  return { kind: "cost", cost: p.cost };
}

/** What a click (or a tap) on tile i does with the tool in hand. */
export type ClickOutcome =
  /** Show the tile in the inspector; `warn`: why the tool in hand did not act (said as an error). */
  | { kind: "inspect"; warn: Blocker | null }
  /** The link's first end is set. */
  | { kind: "linkFrom"; from: number }
  /** The link cannot start here; `preview` says why. */
  | { kind: "linkRefused"; preview: TilePreview }
  | { kind: "refused"; code: string; params?: Record<string, string | number> }
  /** Touch: the first tap on a tile shows its preview (a finger has seen no hover); the next acts. */
  | { kind: "arm"; tile: number }
  | { kind: "send"; action: Action }
  | { kind: "nothing" };

export function clickOutcome(
  state: GameState,
  tool: Tool,
  i: number,
  mine: number,
  blocker: Blocker | null,
  mask: Uint8Array | null,
  armed: number | null,
  touch: boolean,
): ClickOutcome {
  if (tool.type === "inspect" || blocker)
    return {
      kind: "inspect",
      warn: tool.type !== "inspect" && blocker && blocker !== "projector_read_only" ? blocker : null,
    };
  if (tool.type === "link" && tool.from === null) {
    if (!mask?.[i]) return { kind: "linkRefused", preview: tilePreview(state, tool, i, mine, blocker, mask) };
    return { kind: "linkFrom", from: i };
  }
  const action = actionFor(state, tool, i);
  if (!action) return { kind: "nothing" };
  const p = previewAction(state, action, mine);
  if (!p.ok)
    return {
      kind: "refused",
      code: p.error!.code,
      params: p.error!.params as Record<string, string | number>,
    };
  if (touch && armed !== i) return { kind: "arm", tile: i };
  return { kind: "send", action };
}

/** Escape: a link drops its first end; any other tool goes back to inspecting. */
export function cancelTool(tool: Tool): Tool {
  return tool.type === "link" ? { ...tool, from: null } : { type: "inspect" };
}

/** What a key on the focused map does. */
export type KeyCommand =
  | { kind: "move"; cursor: number }
  | { kind: "pan"; dx: number; dy: number }
  | { kind: "act"; cursor: number }
  | { kind: "zoom"; factor: number }
  | { kind: "fit" }
  | { kind: "cancel" }
  | { kind: "tool"; type: ToolType }
  /** A key the map takes but which does nothing now (a tool this seat cannot use). */
  | { kind: "noop" };

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** Arrows move the cursor (from the middle when none), Shift+arrows pan, Enter or Space acts, +/- zoom,
 * 0 fits, Escape cancels, 1–7 pick a tool (not on the projector; only Inspect without a seat).
 * null: not the map's key (the page keeps its default). */
export function mapKey(
  key: string,
  shift: boolean,
  cursor: number | null,
  size: { width: number; height: number },
  mine: number,
  projector: boolean,
): KeyCommand | null {
  const c = cursor ?? Math.floor(size.height / 2) * size.width + Math.floor(size.width / 2);
  const arrow = ARROWS[key];
  if (arrow) {
    const [dx, dy] = arrow;
    if (shift) return { kind: "pan", dx, dy };
    const x = Math.max(0, Math.min(size.width - 1, (c % size.width) + dx));
    const y = Math.max(0, Math.min(size.height - 1, Math.floor(c / size.width) + dy));
    return { kind: "move", cursor: y * size.width + x };
  }
  if (key === "Enter" || key === " ") return { kind: "act", cursor: c };
  if (key === "+" || key === "=") return { kind: "zoom", factor: 1.25 };
  if (key === "-") return { kind: "zoom", factor: 0.8 };
  if (key === "0") return { kind: "fit" };
  if (key === "Escape") return { kind: "cancel" };
  if (/^[1-7]$/.test(key) && !projector) {
    const type = TOOL_TYPES[Number(key) - 1];
    return type === "inspect" || mine >= 0 ? { kind: "tool", type } : { kind: "noop" };
  }
  return null;
}
