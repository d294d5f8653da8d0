// The chat panel: the log (last 60 lines), the form (everyone or my team), and the unread count the
// tab shows while the panel is closed.
import { html, nothing, render, type TemplateResult } from "lit-html";
import { errorText, t } from "../../i18n/index.js";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";

export interface ChatComponent {
  /** The panel, a lit-html template (the log, the input and the checkbox are kept nodes: the input
   * keeps its text and focus across redraws). */
  template(ctx: AppContext): TemplateResult;
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

  const submit = (ctx: AppContext) => (ev: Event) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    ctx.conn.send({ type: "chat", text, team: team.checked });
    input.value = "";
  };

  return {
    template(ctx) {
      const muted = ctx.view.chatMuted && !ctx.you?.isHost;
      input.placeholder = t("panel.chatPlaceholder");
      input.disabled = muted || !ctx.view.chatEnabled;
      renderLog(ctx);
      return html`<div id="chat">
        <h2>${t("panel.chat")}</h2>
        ${
          !ctx.view.chatEnabled
            ? html`<p>${errorText("chat_disabled")}</p>`
            : muted
              ? html`<p>${t("panel.chatMuted")}</p>`
              : nothing
        }
        ${log}
        <form class="chat-form" @submit=${submit(ctx)}>
          <label for="chat-input" class="sr-only">${t("panel.chatPlaceholder")}</label>
          ${input}
          <label class="check">${team}${t("panel.chatTeam")}</label>
          <button type="submit">${t("common.send")}</button>
        </form>
      </div>`;
    },
    renderLog,
    unread(ctx, open) {
      if (seen < 0 || open) seen = ctx.chat.length;
      return ctx.chat.length - seen;
    },
  };
}
