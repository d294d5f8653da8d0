// Legality questions the screens ask, answered by the rules themselves: which tiles a tool can act on
// (`applyAction` on each tile), where a link can start (`linkSourceError`, the check `forgeLink` makes
// on its source) and where a link from a tile can end. No rule is restated here.
import { type Action, type Actor, applyAction, linkSourceError } from "./actions.js";
import type { AnchorKind, Buildable, Conversion, LinkType } from "./kinds.js";
import type { GameState } from "./state.js";
import { tileXY } from "./state.js";

/** A tool as the rules see it: the action it makes on a tile, less the tile. */
export type TargetTool =
  | { type: "placeAnchor"; anchor: AnchorKind }
  | { type: "convertFactory"; to: Conversion }
  | { type: "build"; use: Buildable }
  | { type: "demolish" }
  /** Protects an unprotected tile, or lifts the protection of a protected one. */
  | { type: "protectSpace" }
  /** The first click of a link: its source. */
  | { type: "linkFrom"; kind: LinkType }
  /** The second click of a link: its other end, from tile `from`. */
  | { type: "linkTo"; kind: LinkType; from: number };

/** The action a tool makes on tile `i` (null for a link's source, which is not an action yet). */
export function targetAction(state: GameState, tool: TargetTool, i: number): Action | null {
  const { x, y } = tileXY(state, i);
  switch (tool.type) {
    case "placeAnchor":
      return { type: "placeAnchor", x, y, anchor: tool.anchor };
    case "convertFactory":
      return { type: "convertFactory", x, y, to: tool.to };
    case "build":
      return { type: "build", x, y, use: tool.use };
    case "demolish":
      return { type: "demolish", x, y };
    case "protectSpace":
      return { type: "protectSpace", x, y, protect: !state.tiles[i].protected };
    case "linkFrom":
      return null;
    case "linkTo":
      return { type: "forgeLink", from: tileXY(state, tool.from), to: { x, y }, kind: tool.kind };
  }
}

/** Whether the actor can use the tool on tile `i` now. */
export function isLegalTarget(state: GameState, actor: Actor, tool: TargetTool, i: number): boolean {
  if (tool.type === "linkFrom") return linkSourceError(state, actor, i, tool.kind) === null;
  const action = targetAction(state, tool, i);
  return action !== null && applyAction(state, action, actor).ok;
}

/** Every tile the actor can use the tool on now: 1 legal, 0 not. */
export function legalTargets(state: GameState, actor: Actor, tool: TargetTool): Uint8Array {
  const n = state.tiles.length;
  const mask = new Uint8Array(n);
  if (tool.type === "linkTo") return linkEndsFrom(state, actor, tool.from, tool.kind);
  for (let i = 0; i < n; i++) mask[i] = isLegalTarget(state, actor, tool, i) ? 1 : 0;
  return mask;
}

/** Where a link of `kind` from tile `from` can end for the actor (a link into another district
 * counts: it becomes a proposal). All zero when the tile cannot start such a link. */
export function linkEndsFrom(state: GameState, actor: Actor, from: number, kind: LinkType): Uint8Array {
  const n = state.tiles.length;
  const mask = new Uint8Array(n);
  if (linkSourceError(state, actor, from, kind) !== null) return mask;
  const tool: TargetTool = { type: "linkTo", kind, from };
  for (let i = 0; i < n; i++) {
    if (i === from) continue;
    mask[i] = applyAction(state, targetAction(state, tool, i)!, actor).ok ? 1 : 0;
  }
  return mask;
}
