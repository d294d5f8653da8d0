// The tools column (a bar at the bottom on phones): the tool in hand, its kind with the price for my
// district, how many tiles it can act on, and the map overlay. It owns the tool, its legal mask and the
// overlay; lit-html patches only what changed (the focus stays on the button or select in use).
import { html, nothing, render } from "lit-html";
import { placementCost } from "../../../shared/actions.js";
import { t, tk } from "../../i18n/index.js";
import type { USE_STYLES } from "../../map/palette.js";
import { conversionCosts } from "../../model/play.js";
import {
  countLegal,
  defaultTool,
  legalMask,
  OVERLAYS,
  type Overlay,
  TOOL_TYPES,
  type Tool,
  type ToolType,
  toolKinds,
} from "../../model/view.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h } from "../dom.js";

export const TOOL_LABEL: Record<ToolType, Parameters<typeof t>[0]> = {
  inspect: "tools.inspect",
  anchor: "tools.anchor",
  convert: "tools.convert",
  build: "tools.build",
  link: "tools.link",
  demolish: "tools.demolish",
  protect: "tools.protect",
};

const KIND_PREFIX: Partial<Record<ToolType, string>> = {
  anchor: "use",
  convert: "use",
  build: "use",
  link: "link",
};

export interface ToolsDeps {
  ctx(): AppContext;
  /** The tool in hand or its legal mask changed; `picked`: a new tool was put in hand (not only a
   * new state). */
  onTool(tool: Tool, mask: Uint8Array | null, picked: boolean): void;
  onOverlay(overlay: Overlay): void;
}

export interface ToolsComponent {
  readonly el: HTMLElement;
  tool(): Tool;
  /** The tiles the tool in hand can act on (null: inspecting). */
  mask(): Uint8Array | null;
  overlay(): Overlay;
  set(tool: Tool): void;
  /** The state changed: the mask follows it (a build changes what is legal), then the column. */
  update(): void;
  /** Redraws the column only (the language changed). */
  draw(): void;
}

export function createTools(deps: ToolsDeps, projector: boolean): ToolsComponent {
  const el = h("aside", { class: "tools", "aria-label": t("tools.title") });
  let tool: Tool = { type: "inspect" };
  let overlay: Overlay = "none";
  let mask: Uint8Array | null = null;
  /** What the mask was computed for (the state object, the tool and the seat). */
  let maskFor: { game: unknown; tool: Tool; mine: number } | null = null;

  function recompute(): boolean {
    const ctx = deps.ctx();
    const mine = myDistrict(ctx);
    if (maskFor && maskFor.game === ctx.game && maskFor.tool === tool && maskFor.mine === mine) return false;
    maskFor = { game: ctx.game, tool, mine };
    mask = tool.type === "inspect" ? null : legalMask(ctx.game, tool, mine);
    return true;
  }

  /** The price of a kind for my district, by the rules' own cost function (links: by length). */
  function kindCost(ctx: AppContext, k: string): string {
    const d = myDistrict(ctx);
    if (d < 0 || tool.type === "link") return "";
    // A conversion costs more on a working factory (its jobs are lost): both prices, as the tile says.
    if (tool.type === "convert")
      return ` · ${t("tools.convertCost", conversionCosts(ctx.game, d, k as Parameters<typeof conversionCosts>[2]))}`;
    return ` · ${t("tools.cost", { cost: placementCost(ctx.game, d, k as keyof typeof USE_STYLES, false) })}`;
  }

  function pickKind(ev: Event) {
    const kind = (ev.target as HTMLSelectElement).value;
    set({ ...tool, kind, ...(tool.type === "link" ? { from: null } : {}) } as Tool);
  }

  function pickOverlay(ev: Event) {
    overlay = (ev.target as HTMLSelectElement).value as Overlay;
    deps.onOverlay(overlay);
  }

  function draw() {
    if (projector) return;
    const ctx = deps.ctx();
    const mine = myDistrict(ctx);
    const kinds = toolKinds(tool.type);
    const prefix = KIND_PREFIX[tool.type] ?? "use";
    const current = "kind" in tool ? tool.kind : null;
    el.setAttribute("aria-label", t("tools.title"));
    render(
      html`<h2>${t("tools.title")}</h2>
        <div class="tool-buttons" role="radiogroup" aria-label=${t("tools.title")}>
          ${TOOL_TYPES.map(
            (ty, n) =>
              html`<button
                type="button"
                role="radio"
                aria-checked=${String(tool.type === ty)}
                class=${tool.type === ty ? "tool active" : "tool"}
                id=${`tool-${ty}`}
                ?disabled=${ty !== "inspect" && mine < 0}
                title=${`${t(TOOL_LABEL[ty])} (${n + 1})`}
                @click=${() => set(defaultTool(ty))}
              ><span class="key">${n + 1}</span>${t(TOOL_LABEL[ty])}</button>`,
          )}
        </div>
        ${
          kinds.length > 0
            ? html`<select id="tool-kind" aria-label=${t("tools.kind")} @change=${pickKind}>
                ${kinds.map(
                  (k) =>
                    html`<option value=${k} .selected=${current === k}>${tk(prefix, k)}${kindCost(ctx, k)}</option>`,
                )}
              </select>`
            : nothing
        }
        ${
          tool.type !== "inspect" && mask
            ? html`<p class="hint" id="legal-count">${t("tools.legalCount", { n: countLegal(mask) })}</p>`
            : nothing
        }
        ${
          tool.type === "link"
            ? html`<p class="hint">${t(tool.from === null ? "tools.pickSource" : "tools.pickTarget")}</p>`
            : tool.type !== "inspect"
              ? html`<p class="hint">${t("tools.pickTile")}</p>`
              : nothing
        }
        <label for="overlay">${t("overlay.title")}</label>
        <select id="overlay" @change=${pickOverlay}>
          ${OVERLAYS.map(
            (o) =>
              html`<option value=${o} .selected=${o === overlay}>${t(`overlay.${o}` as Parameters<typeof t>[0])}</option>`,
          )}
        </select>`,
      el,
    );
  }

  function set(next: Tool) {
    tool = next;
    recompute();
    deps.onTool(tool, mask, true);
    draw();
  }

  return {
    el,
    tool: () => tool,
    mask: () => mask,
    overlay: () => overlay,
    set,
    update() {
      if (recompute()) deps.onTool(tool, mask, false);
      draw();
    },
    draw,
  };
}
