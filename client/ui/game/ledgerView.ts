// The text ledger in place of the map (by choice, or when the map cannot load): the tiles of a
// district as a table, with the tool in hand as a button per legal tile. It owns whether it is shown
// and which district it lists. The table itself is built by ui/ledger.ts and redrawn when what it
// lists changes (its key), so the focus stays on a row's button between state updates.
import { locale, t } from "../../i18n/index.js";
import { countLegal } from "../../model/view.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h, renderIfChanged } from "../dom.js";
import { renderLedger } from "../ledger.js";
import { TOOL_LABEL, type ToolsComponent } from "./tools.js";

export interface LedgerViewDeps {
  ctx(): AppContext;
  tools: Pick<ToolsComponent, "tool" | "mask">;
  canAct(): boolean;
  onSelect(i: number): void;
  onAct(i: number): void;
}

export interface LedgerView {
  readonly el: HTMLElement;
  shown(): boolean;
  show(on: boolean): void;
  /** Redraws when shown and what it lists changed (`force`: the language changed). */
  draw(force?: boolean): void;
}

export function createLedgerView(deps: LedgerViewDeps): LedgerView {
  const el = h("div", { class: "ledger", id: "ledger", hidden: true });
  let district = myDistrict(deps.ctx());

  function draw(force = false) {
    if (el.hidden) return;
    const ctx = deps.ctx();
    const tool = deps.tools.tool();
    const mask = deps.tools.mask();
    const legal = countLegal(mask ?? new Uint8Array());
    if (force) el.dataset.renderKey = "";
    renderIfChanged(
      el,
      JSON.stringify([ctx.view.nextId, ctx.game.year, district, tool, locale(), legal]) +
        ctx.game.districts.map((d) => d.budget).join(),
      () =>
        renderLedger(ctx, {
          district,
          legal: mask,
          actLabel: tool.type === "inspect" || !deps.canAct() ? null : t(TOOL_LABEL[tool.type]),
          onSelect: deps.onSelect,
          onAct: deps.onAct,
          setDistrict: (d) => {
            district = d;
            draw();
          },
        }),
    );
  }

  return {
    el,
    shown: () => !el.hidden,
    show(on) {
      el.hidden = !on;
      draw();
    },
    draw,
  };
}
