// The text ledger in place of the map (by choice, or when the map cannot load): the tiles of a
// district as a table, with the tool in hand as a button per legal tile. It owns whether it is shown
// and which district it lists. The table is ui/ledger.ts's lit-html template, rendered on every draw
// while shown: lit-html patches what changed, so the focus stays on a row's button between updates.
import { render } from "lit-html";
import { t } from "../../i18n/index.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h } from "../dom.js";
import { ledgerTemplate } from "../ledger.js";
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
  /** Redraws when shown (lit-html patches what changed). */
  draw(): void;
}

export function createLedgerView(deps: LedgerViewDeps): LedgerView {
  const el = h("div", { class: "ledger", id: "ledger", hidden: true });
  let district = myDistrict(deps.ctx());

  function draw() {
    if (el.hidden) return;
    const tool = deps.tools.tool();
    render(
      ledgerTemplate(deps.ctx(), {
        district,
        legal: deps.tools.mask(),
        actLabel: tool.type === "inspect" || !deps.canAct() ? null : t(TOOL_LABEL[tool.type]),
        onSelect: deps.onSelect,
        onAct: deps.onAct,
        setDistrict: (d) => {
          district = d;
          draw();
        },
      }),
      el,
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
