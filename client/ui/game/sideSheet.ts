// The side sheet: the tabs (inspector, policies, inbox, chat, and the host console for the host) with
// their badges, and the open panel. On phones it is a sheet over the map, opened from a tab and closed
// with ×. It owns the open tab, the selected tile and the chat. The tabs are a lit-html template; the
// panels are built by ui/panels.ts and ui/hostConsole.ts and redrawn when what they show changes.
import { html, render } from "lit-html";
import type { Action } from "../../../shared/actions.js";
import { locale, t } from "../../i18n/index.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h, renderIfChanged } from "../dom.js";
import { renderHostConsole } from "../hostConsole.js";
import { type PanelDeps, renderInbox, renderInspector, renderPolicies } from "../panels.js";
import { createChat } from "./chat.js";

export type Tab = "inspector" | "policies" | "inbox" | "chat" | "host";

const TAB_LABEL: Record<Tab, Parameters<typeof t>[0]> = {
  inspector: "panel.inspector",
  policies: "panel.policies",
  inbox: "panel.inbox",
  chat: "panel.chat",
  host: "host.title",
};

export interface SideSheetDeps {
  ctx(): AppContext;
  canAct(): boolean;
  send(action: Action): void;
  /** The sheet opened or closed (phones: it lies over the map). */
  onSheet(open: boolean): void;
}

export interface SideSheet {
  readonly el: HTMLElement;
  /** Shows a tile in the inspector. */
  inspect(i: number): void;
  /** Redraws what changed (`force`: the panel too, e.g. after the language changed). */
  update(force?: boolean): void;
}

export function createSideSheet(deps: SideSheetDeps): SideSheet {
  let tab: Tab = deps.ctx().you?.isHost ? "host" : "inspector";
  let selected: number | null = null;
  const chat = createChat();
  const el = h("aside", { class: "side", id: "side-sheet", "aria-label": t("panel.panels") });
  const close = h(
    "button",
    {
      type: "button",
      class: "sheet-close",
      id: "sheet-close",
      "aria-label": t("common.close"),
      onclick: () => deps.onSheet(false),
    },
    "×",
  );
  const tabs = h("div", { class: "tabs", role: "tablist" });
  const panel = h("div", { class: "panel", role: "tabpanel", id: "side-panel" });
  el.append(h("div", { class: "sheet-head" }, tabs, close), panel);

  const mine = () => myDistrict(deps.ctx());
  const panelDeps: PanelDeps = {
    get ctx() {
      return deps.ctx();
    },
    mine,
    canAct: deps.canAct,
    send: deps.send,
  };

  function open(k: Tab) {
    tab = k;
    deps.onSheet(true);
    update(true);
  }

  function update(force = false) {
    const ctx = deps.ctx();
    const list: Tab[] = ["inspector", "policies", "inbox", "chat"];
    if (ctx.you?.isHost) list.push("host");
    const incoming = ctx.game.proposals.filter((p) => p.to === mine()).length;
    const unread = chat.unread(ctx, tab === "chat");
    close.setAttribute("aria-label", t("common.close"));
    render(
      list.map(
        (k) =>
          html`<button
            type="button"
            role="tab"
            id=${`tab-${k}`}
            aria-selected=${String(tab === k)}
            aria-controls="side-panel"
            @click=${() => open(k)}
          >${t(TAB_LABEL[k])}${
            k === "inbox" && incoming > 0
              ? html`<span class="badge">${incoming}</span>`
              : k === "chat" && unread > 0
                ? html`<span class="badge">${unread}</span>`
                : null
          }</button>`,
      ),
      tabs,
    );
    // The panel is redrawn when what it shows changed (its key), so a form keeps its focus and text.
    const key = JSON.stringify([
      tab,
      selected,
      locale(),
      ctx.view.nextId,
      ctx.game.year,
      ctx.view.phase,
      ctx.view.paused,
      ctx.view.chatMuted,
      ctx.view.botsEnabled,
      ctx.game.districts[mine()],
      ctx.game.cityPolicies,
      tab === "host" || tab === "chat" ? ctx.view.players : null,
      selected !== null ? ctx.game.tiles[selected] : null,
      mine(),
    ]);
    if (force) panel.dataset.renderKey = "";
    renderIfChanged(panel, key, () => {
      if (tab === "inspector") return renderInspector(panelDeps, selected);
      if (tab === "policies") return renderPolicies(panelDeps);
      if (tab === "inbox") return renderInbox(panelDeps);
      if (tab === "chat") return chat.render(ctx);
      return renderHostConsole(ctx);
    });
    if (tab === "chat") chat.renderLog(ctx);
  }

  return {
    el,
    inspect(i) {
      selected = i;
      tab = "inspector";
      update(true);
    },
    update,
  };
}
