// The chat panel: the log (last 60 lines), the form (everyone or my team), and the unread count the
// tab shows while the panel is closed.
import { html, render } from "lit-html";
import { errorText, t } from "../../i18n/index.js";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";

export interface ChatComponent {
  /** The panel (the input keeps its text and focus across redraws). */
  render(ctx: AppContext): HTMLElement;
  renderLog(ctx: AppContext): void;
  /** Lines not yet seen; reading the panel (open) marks them seen. */
  unread(ctx: AppContext, open: boolean): number;
}

export function createChat(): ChatComponent {
  const log = h("ul", { class: "chat-log", id: "chat-log", "aria-live": "polite" });
  const input = h("input", { id: "chat-input", maxlength: 280, autocomplete: "off" });
  const team = h("input", { type: "checkbox", id: "chat-team" });
  let seen = -1;

  function renderLog(ctx: AppContext) {
    // lit-html patches the list: a new line is appended (the live region reads only it), the others
    // stay (until the 60-line window slides).
    render(
      ctx.chat
        .slice(-60)
        .map(
          (m) =>
            html`<li class=${m.team ? "team" : ""}><strong>${m.nickname}</strong>${m.district >= 0 ? ` [${m.district + 1}]` : ""}${`: ${m.text}`}</li>`,
        ),
      log,
    );
    log.scrollTop = log.scrollHeight;
  }

  return {
    render(ctx) {
      const muted = ctx.view.chatMuted && !ctx.you?.isHost;
      const form = h(
        "form",
        {
          class: "chat-form",
          onsubmit: (ev: Event) => {
            ev.preventDefault();
            const text = input.value.trim();
            if (!text) return;
            ctx.conn.send({ type: "chat", text, team: team.checked });
            input.value = "";
          },
        },
        h("label", { for: "chat-input", class: "sr-only" }, t("panel.chatPlaceholder")),
        input,
        h("label", { class: "check" }, team, t("panel.chatTeam")),
        h("button", { type: "submit" }, t("common.send")),
      );
      input.placeholder = t("panel.chatPlaceholder");
      input.disabled = muted || !ctx.view.chatEnabled;
      renderLog(ctx);
      return h(
        "div",
        { id: "chat" },
        h("h2", {}, t("panel.chat")),
        !ctx.view.chatEnabled
          ? h("p", {}, errorText("chat_disabled"))
          : muted
            ? h("p", {}, t("panel.chatMuted"))
            : null,
        log,
        form,
      );
    },
    renderLog,
    unread(ctx, open) {
      if (seen < 0 || open) seen = ctx.chat.length;
      return ctx.chat.length - seen;
    },
  };
}
