// The guided first turn: in the first planning phase a student with a district sees one good move for
// its character ("your district has 9 derelict factories: convert one into studios"), the idea behind
// it in one sentence, and a marker on the tile. "Show me" puts the tool in hand; any move sent ends
// the guide. It is on by default and can be skipped (remembered in this browser).
import { t } from "../../i18n/index.js";
import { type Suggestion, suggestMove } from "../../model/play.js";
import type { Tool } from "../../model/view.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h } from "../dom.js";

const SKIP_KEY = "cq.guide.skipped";

export interface GuideDeps {
  setTool(tool: Tool): void;
  /** Puts the map's cursor on a tile and returns its position on screen (null without a map). */
  pointAt(tile: number): { x: number; y: number } | null;
}

export interface GuideComponent {
  readonly el: HTMLElement;
  readonly marker: HTMLElement;
  update(ctx: AppContext): void;
  relabel(ctx: AppContext): void;
  /** The player sent a move: the guide has done its work. */
  acted(ctx: AppContext): void;
  /** The map moved or resized: keep the marker on its tile. */
  reposition(): void;
}

function skipped(): boolean {
  try {
    return localStorage.getItem(SKIP_KEY) === "1";
  } catch {
    return false;
  }
}

export function createGuide(deps: GuideDeps, enabled: boolean): GuideComponent {
  const el = h("section", { class: "guide", id: "guide", hidden: true, "aria-labelledby": "guide-title" });
  const marker = h("div", { class: "guide-marker", id: "guide-marker", hidden: true, "aria-hidden": "true" });
  let state: "off" | "showing" | "done" = enabled && !skipped() ? "showing" : "off";
  let suggestion: Suggestion | null = null;
  let shownFor = "";

  function hide() {
    el.hidden = true;
    marker.hidden = true;
    el.dataset.state = state;
  }

  function reposition() {
    if (!suggestion || el.hidden) return;
    const p = deps.pointAt(suggestion.tile);
    if (!p) return;
    marker.hidden = false;
    marker.style.left = `${p.x}px`;
    marker.style.top = `${p.y}px`;
  }

  function draw(ctx: AppContext) {
    if (!suggestion) return hide();
    const s = suggestion;
    const params = { count: s.count, cost: s.cost };
    el.replaceChildren(
      h("h2", { id: "guide-title" }, t("guide.title")),
      h("p", { id: "guide-move" }, t(`guide.${s.move}`, params)),
      h("p", { class: "muted", id: "guide-idea" }, t(`guide.idea.${s.move}`)),
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            type: "button",
            class: "primary",
            id: "guide-show",
            onclick: () => {
              deps.setTool(s.tool);
              reposition();
            },
          },
          t("guide.show"),
        ),
        h(
          "button",
          {
            type: "button",
            id: "guide-skip",
            onclick: () => {
              try {
                localStorage.setItem(SKIP_KEY, "1");
              } catch {
                /* private mode: skipped for this page only */
              }
              state = "off";
              hide();
            },
          },
          t("guide.skip"),
        ),
      ),
    );
    el.hidden = false;
    el.dataset.state = state;
    el.dataset.tile = String(s.tile);
    el.dataset.move = s.move;
    void ctx;
    reposition();
  }

  function update(ctx: AppContext) {
    if (state === "off") return;
    const mine = myDistrict(ctx);
    // Only the first planning phase, for a student with a district.
    const first = ctx.view.phase === "planning" && ctx.game.year === 0 && mine >= 0 && !ctx.you?.isProjector;
    if (!first) {
      if (state === "done" && ctx.game.year === 0 && ctx.view.phase === "planning") return;
      hide();
      return;
    }
    if (state === "done") return;
    const key = `${mine}|${ctx.game.year}`;
    if (key !== shownFor) {
      shownFor = key;
      suggestion = suggestMove(ctx.game, mine);
      draw(ctx);
    }
  }

  return {
    el,
    marker,
    update,
    relabel(ctx) {
      if (state === "showing" && !el.hidden) draw(ctx);
      else if (state === "done" && !el.hidden)
        el.replaceChildren(h("p", { id: "guide-done", role: "status" }, t("guide.done")));
    },
    acted() {
      if (state !== "showing" || el.hidden) return;
      state = "done";
      marker.hidden = true;
      el.dataset.state = state;
      el.replaceChildren(
        h("p", { id: "guide-done", role: "status" }, t("guide.done")),
        h(
          "button",
          {
            type: "button",
            id: "guide-close",
            onclick: () => {
              state = "off";
              hide();
            },
          },
          t("common.close"),
        ),
      );
    },
    reposition,
  };
}
