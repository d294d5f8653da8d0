// The instructor console inside the game screen: the clock, the phase, chat, bots, events, the
// projector and the players. Every button sends one host.* message; the server checks the host.
import { confirmDialog } from "./confirm.js";
import { CITY_POLICY_KINDS } from "../../shared/kinds.js";
import { clockRuns } from "../../shared/phases.js";
import { CITY_EVENTS } from "../../shared/state.js";
import { t, tk } from "../i18n/index.js";
import type { AppContext } from "./context.js";
import { h } from "./dom.js";
import { playerName } from "./names.js";
import { openProjector, playerBadges, seatControls, sortedPlayers, swatch } from "./lobby.js";

export function renderHostConsole(ctx: AppContext): HTMLElement {
  const v = ctx.view;
  const send2 = (m: Parameters<typeof ctx.conn.send>[0]) => ctx.conn.send(m);
  const ev = h(
    "select",
    { id: "inject-event" },
    CITY_EVENTS.map((e) => h("option", { value: e }, tk("cityEvent", e))),
  );
  const running = clockRuns(v.phase);
  return h(
    "div",
    { id: "host-console" },
    h("h2", {}, t("host.title")),
    h(
      "div",
      { class: "row wrap" },
      v.paused
        ? h(
            "button",
            { type: "button", id: "host-resume", onclick: () => send2({ type: "host.resume" }) },
            t("host.resume"),
          )
        : h(
            "button",
            {
              type: "button",
              id: "host-pause",
              disabled: !running,
              onclick: () => send2({ type: "host.pause" }),
            },
            t("host.pause"),
          ),
      h(
        "button",
        { type: "button", disabled: !running, onclick: () => send2({ type: "host.addTime", seconds: 30 }) },
        t("host.addTime"),
      ),
      h(
        "button",
        {
          type: "button",
          disabled: !running,
          onclick: () => send2({ type: "host.addTime", seconds: -30 }),
        },
        t("host.subTime"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "primary",
          id: "host-end-planning",
          disabled: !running,
          onclick: () => send2({ type: "host.endPlanning" }),
        },
        v.phase === "report" ? t("report.continue") : t("host.endPlanning"),
      ),
      h(
        "button",
        {
          type: "button",
          class: "danger",
          id: "host-end-game",
          onclick: () => {
            if (confirm(t("host.endGameConfirm"))) send2({ type: "host.endGame" });
          },
        },
        t("host.endGame"),
      ),
    ),
    h(
      "div",
      { class: "row wrap" },
      h(
        "button",
        {
          type: "button",
          "aria-pressed": String(v.chatMuted),
          onclick: () => send2({ type: "host.muteChat", muted: !v.chatMuted }),
        },
        v.chatMuted ? t("host.unmuteChat") : t("host.muteChat"),
      ),
      h(
        "button",
        {
          type: "button",
          "aria-pressed": String(v.botsEnabled),
          onclick: () => send2({ type: "host.setBots", enabled: !v.botsEnabled }),
        },
        `${t("host.bots")}: ${v.botsEnabled ? t("panel.on") : t("panel.off")}`,
      ),
      h(
        "button",
        {
          type: "button",
          id: "host-bot-strategy",
          "aria-pressed": String(v.botStrategy === "cooperative"),
          onclick: () =>
            send2({
              type: "host.setBotStrategy",
              strategy: v.botStrategy === "cooperative" ? "mixed" : "cooperative",
            }),
        },
        `${t("host.botsForGoal")}: ${v.botStrategy === "cooperative" ? t("panel.on") : t("panel.off")}`,
      ),
      h("button", { type: "button", onclick: () => openProjector(ctx) }, t("host.projector")),
    ),
    h(
      "div",
      { class: "row" },
      h("label", { for: "inject-event" }, t("host.inject"), " "),
      ev,
      h(
        "button",
        {
          type: "button",
          id: "host-inject",
          // Say when it takes effect: queued events happen when the current year is resolved.
          onclick: () => {
            const event = ev.value as (typeof CITY_EVENTS)[number];
            const when = {
              event: tk("cityEvent", event),
              year: Math.min(ctx.game.year + 1, ctx.game.years),
            };
            confirmDialog({
              id: "confirm-inject",
              text: t("host.injectConfirm", when),
              yes: t("host.injectSend"),
              onYes: () => {
                send2({ type: "host.injectEvent", event });
                ctx.toast(t("host.injectQueued", when));
              },
            });
          },
        },
        t("host.injectSend"),
      ),
    ),
    // The instructor as mayor: city policies now; the districts' vote takes over when its majority changes.
    h(
      "div",
      { class: "row wrap", id: "host-decree" },
      h("span", { title: t("host.decreeHint") }, t("host.decree"), " "),
      CITY_POLICY_KINDS.map((p) => {
        const on = ctx.game.cityPolicies[p];
        return h(
          "button",
          {
            type: "button",
            "aria-pressed": String(on),
            "data-policy": p,
            onclick: () => send2({ type: "host.decree", policy: p, enabled: !on }),
          },
          `${tk("cityPolicy", p)}: ${on ? t("panel.on") : t("panel.off")}`,
        );
      }),
    ),
    h("p", { class: "hint" }, t("host.decreeHint")),
    // Students asking for their seat back from another browser: the instructor decides.
    ctx.conn.seatRequests.length > 0
      ? h(
          "ul",
          { id: "seat-requests" },
          ctx.conn.seatRequests.map((r) =>
            h(
              "li",
              { "data-player": r.player },
              t("host.seatRequest", { name: r.nickname }),
              " ",
              h(
                "button",
                {
                  type: "button",
                  class: "primary",
                  onclick: () => send2({ type: "host.approveSeat", player: r.player }),
                },
                t("host.approveSeat"),
              ),
            ),
          ),
        )
      : null,
    h(
      "div",
      { class: "row" },
      h("label", { for: "join-cap" }, t("host.joinCap"), " "),
      h("input", {
        id: "join-cap",
        type: "number",
        min: 1,
        max: 80,
        placeholder: "40",
        onchange: (e: Event) => {
          const n = Number((e.target as HTMLInputElement).value);
          if (Number.isInteger(n) && n >= 1 && n <= 80) send2({ type: "host.setJoinCap", perAddress: n });
        },
      }),
    ),
    h(
      "ul",
      { class: "players" },
      sortedPlayers(ctx).map((p) =>
        h(
          "li",
          {},
          swatch(p.district),
          playerName(ctx.game, p),
          playerBadges(p),
          !p.isBot && !(p.isHost && p.district < 0) ? seatControls(ctx, p) : null,
        ),
      ),
    ),
  );
}
