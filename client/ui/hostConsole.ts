// The instructor console inside the game screen: the clock, the phase, chat, bots, events, the
// projector and the players. Every button sends one host.* message; the server checks the host. A
// lit-html template: the side sheet renders it on every update, and lit-html patches what changed
// (the chosen event, the join cap being typed and a focused control stay as they are).
import { html, nothing, type TemplateResult } from "lit-html";
import { CITY_POLICY_KINDS } from "../../shared/kinds.js";
import { clockRuns } from "../../shared/phases.js";
import { CITY_EVENTS } from "../../shared/state.js";
import { t, tk } from "../i18n/index.js";
import { confirmDialog } from "./confirm.js";
import type { AppContext } from "./context.js";
import { openProjector, playerBadges, seatControlsTemplate, sortedPlayers, swatchTemplate } from "./lobby.js";
import { playerName } from "./names.js";

export function hostConsoleTemplate(ctx: AppContext): TemplateResult {
  const v = ctx.view;
  const send2 = (m: Parameters<typeof ctx.conn.send>[0]) => ctx.conn.send(m);
  const running = clockRuns(v.phase);
  // Say when it takes effect: queued events happen when the current year is resolved.
  const inject = () => {
    const sel = document.querySelector<HTMLSelectElement>("#inject-event");
    const event = (sel?.value ?? CITY_EVENTS[0]) as (typeof CITY_EVENTS)[number];
    const when = { event: tk("cityEvent", event), year: Math.min(ctx.game.year + 1, ctx.game.years) };
    confirmDialog({
      id: "confirm-inject",
      text: t("host.injectConfirm", when),
      yes: t("host.injectSend"),
      onYes: () => {
        send2({ type: "host.injectEvent", event });
        ctx.toast(t("host.injectQueued", when));
      },
    });
  };
  const joinCap = (e: Event) => {
    const n = Number((e.target as HTMLInputElement).value);
    if (Number.isInteger(n) && n >= 1 && n <= 80) send2({ type: "host.setJoinCap", perAddress: n });
  };
  const onOff = (on: boolean) => (on ? t("panel.on") : t("panel.off"));
  return html`<div id="host-console">
    <h2>${t("host.title")}</h2>
    <div class="row wrap">
      ${
        v.paused
          ? html`<button type="button" id="host-resume" @click=${() => send2({ type: "host.resume" })}>${t("host.resume")}</button>`
          : html`<button type="button" id="host-pause" ?disabled=${!running} @click=${() => send2({ type: "host.pause" })}
            >${t("host.pause")}</button
          >`
      }
      <button type="button" ?disabled=${!running} @click=${() => send2({ type: "host.addTime", seconds: 30 })}
        >${t("host.addTime")}</button
      >
      <button type="button" ?disabled=${!running} @click=${() => send2({ type: "host.addTime", seconds: -30 })}
        >${t("host.subTime")}</button
      >
      <button
        type="button"
        class="primary"
        id="host-end-planning"
        ?disabled=${!running}
        @click=${() => send2({ type: "host.endPlanning" })}
      >${v.phase === "report" ? t("report.continue") : t("host.endPlanning")}</button>
      <button
        type="button"
        class="danger"
        id="host-end-game"
        @click=${() => {
          if (confirm(t("host.endGameConfirm"))) send2({ type: "host.endGame" });
        }}
      >${t("host.endGame")}</button>
    </div>
    <div class="row wrap">
      <button
        type="button"
        aria-pressed=${String(v.chatMuted)}
        @click=${() => send2({ type: "host.muteChat", muted: !v.chatMuted })}
      >${v.chatMuted ? t("host.unmuteChat") : t("host.muteChat")}</button>
      <button
        type="button"
        aria-pressed=${String(v.botsEnabled)}
        @click=${() => send2({ type: "host.setBots", enabled: !v.botsEnabled })}
      >${`${t("host.bots")}: ${onOff(v.botsEnabled)}`}</button>
      <button
        type="button"
        id="host-bot-strategy"
        aria-pressed=${String(v.botStrategy === "cooperative")}
        @click=${() =>
          send2({
            type: "host.setBotStrategy",
            strategy: v.botStrategy === "cooperative" ? "mixed" : "cooperative",
          })}
      >${`${t("host.botsForGoal")}: ${onOff(v.botStrategy === "cooperative")}`}</button>
      <button type="button" @click=${() => openProjector(ctx)}>${t("host.projector")}</button>
    </div>
    <div class="row">
      <label for="inject-event">${t("host.inject")} </label>
      <select id="inject-event">
        ${CITY_EVENTS.map((e) => html`<option value=${e}>${tk("cityEvent", e)}</option>`)}
      </select>
      <button type="button" id="host-inject" @click=${inject}>${t("host.injectSend")}</button>
    </div>
    <div class="row wrap" id="host-decree">
      <span title=${t("host.decreeHint")}>${t("host.decree")} </span>
      ${CITY_POLICY_KINDS.map((p) => {
        const on = ctx.game.cityPolicies[p];
        return html`<button
          type="button"
          aria-pressed=${String(on)}
          data-policy=${p}
          @click=${() => send2({ type: "host.decree", policy: p, enabled: !on })}
        >${`${tk("cityPolicy", p)}: ${onOff(on)}`}</button>`;
      })}
    </div>
    <p class="hint">${t("host.decreeHint")}</p>
    ${
      ctx.conn.seatRequests.length > 0
        ? html`<ul id="seat-requests">
          ${ctx.conn.seatRequests.map(
            (r) => html`<li data-player=${r.player}>
              ${t("host.seatRequest", { name: r.nickname })}
              <button type="button" class="primary" @click=${() => send2({ type: "host.approveSeat", player: r.player })}
                >${t("host.approveSeat")}</button
              >
            </li>`,
          )}
        </ul>`
        : nothing
    }
    <div class="row">
      <label for="join-cap">${t("host.joinCap")} </label>
      <input id="join-cap" type="number" min="1" max="80" placeholder="40" @change=${joinCap} />
    </div>
    <ul class="players">
      ${sortedPlayers(ctx).map(
        (p) => html`<li>
          ${swatchTemplate(p.district)}${playerName(ctx.game, p)}${playerBadges(p)}${
            !p.isBot && !(p.isHost && p.district < 0) ? seatControlsTemplate(ctx, p) : nothing
          }
        </li>`,
      )}
    </ul>
  </div>`;
}
