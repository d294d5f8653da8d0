// The side sheet: the tabs (inspector, policies, inbox, chat, and the host console for the host) with
// their badges, and the open panel. On phones it is a sheet over the map, opened from a tab and closed
// with ×. It owns the open tab, the selected tile and the chat. The tabs and the open panel
// (ui/panels.ts, ui/hostConsole.ts, the chat) are lit-html templates rendered on every update.
import { html, render } from "lit-html";
import type { Action } from "../../../shared/actions.js";
import { t } from "../../i18n/index.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h } from "../dom.js";
import { hostConsoleTemplate } from "../hostConsole.js";
import { inboxTemplate, inspectorTemplate, type PanelDeps, policiesTemplate } from "../panels.js";
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
  /** Renders the tabs and the open panel (lit-html patches what changed). */
  update(): void;
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
    update();
  }

  function update() {
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
    // The open panel, a lit-html template rendered on every update: lit-html patches what changed,
    // so a form keeps its focus and text (no render key).
    render(
      tab === "inspector"
        ? inspectorTemplate(panelDeps, selected)
        : tab === "policies"
          ? policiesTemplate(panelDeps)
          : tab === "inbox"
            ? inboxTemplate(panelDeps)
            : tab === "chat"
              ? chat.template(ctx)
              : hostConsoleTemplate(ctx),
      panel,
    );
  }

  return {
    el,
    inspect(i) {
      selected = i;
      tab = "inspector";
      update();
    },
    update,
  };
}
