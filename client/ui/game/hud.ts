// The HUD: year, phase (and pause), the clock, my district, budget, score, the class goal, the city
// event and the connection. Its own render key; the clock ticks on its own.
import { START_COUNTDOWN_MAX } from "../../../shared/protocol.js";
import { formatNumber, locale, t, tk } from "../../i18n/index.js";
import { formatClock, secondsLeft } from "../../model/view.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h, renderIfChanged } from "../dom.js";
import { swatch } from "../lobby.js";
import { districtLabel } from "../names.js";
import { gloss } from "./gloss.js";

export interface HudComponent {
  readonly el: HTMLElement;
  update(ctx: AppContext, force?: boolean): void;
  /** Redraws the clock only. */
  tick(ctx: AppContext): void;
}

function scoreTitle(s: {
  output: number;
  jobs: number;
  community: number;
  exportShare: number;
  displaced: number;
}) {
  return `${t("score.output")} ${formatNumber(s.output)} · ${t("score.jobs")} ${formatNumber(s.jobs)} · ${t("score.community")} ${formatNumber(s.community)} · ${t("score.exportShare")} ${formatNumber(s.exportShare)} · ${t("score.displaced")} −${formatNumber(s.displaced)}`;
}

export function createHud(projector: boolean): HudComponent {
  const el = h("header", { class: "hud", id: "hud" });
  const timer = h("span", { class: "timer", id: "timer", role: "timer", "aria-label": t("hud.timer") });

  /** Seconds left; the fair start's countdown never shows more than its protocol maximum (the
   * estimate of the server's clock can be a second off). */
  function left(ctx: AppContext): number {
    const s = secondsLeft(ctx.view, ctx.conn.now());
    return ctx.view.phase === "starting" ? Math.min(s, START_COUNTDOWN_MAX) : s;
  }

  function tick(ctx: AppContext) {
    const v = ctx.view;
    const running = v.phase === "planning" || v.phase === "report" || v.phase === "starting";
    timer.textContent = running && (v.phaseEndsAt || v.paused) ? formatClock(left(ctx)) : "";
  }

  function update(ctx: AppContext, force = false) {
    const v = ctx.view;
    const mine = myDistrict(ctx);
    const d = ctx.game.districts[mine];
    if (force) el.dataset.renderKey = "";
    renderIfChanged(
      el,
      JSON.stringify([
        v.phase,
        v.paused,
        v.year,
        v.years,
        d,
        v.goalValue,
        v.goalMet,
        v.goalFailed,
        v.event,
        ctx.conn.status,
        locale(),
        mine,
      ]),
      () => [
        h(
          "span",
          { class: "year", id: "hud-year" },
          // `year` counts resolved years: planning is for the next one, a report shows the last one.
          t("hud.year", {
            year:
              v.phase === "planning" || v.phase === "starting"
                ? Math.min(v.year + 1, v.years)
                : Math.max(1, v.year),
            years: v.years,
          }),
        ),
        h(
          "span",
          { class: `phase phase-${v.phase}`, id: "hud-phase", dataset: { phase: v.phase } },
          v.paused ? `${t("phase.paused")} · ` : "",
          tk("phase", v.phase),
        ),
        v.phase === "starting"
          ? h("span", { class: "starting", id: "hud-starting" }, t("hud.starting"))
          : null,
        timer,
        d
          ? h(
              "span",
              { class: "me", id: "hud-district" },
              swatch(d.id),
              districtLabel(ctx.game, d.id),
              h("small", {}, ` ${tk("character", d.character)}`),
            )
          : h(
              "span",
              { class: "me" },
              projector ? "" : ctx.you?.isHost ? t("host.title") : t("hud.noDistrict"),
            ),
        d
          ? h(
              "span",
              { class: "budget", id: "hud-budget" },
              `${t("common.budget")} ${formatNumber(d.budget)}`,
            )
          : null,
        d
          ? h(
              "span",
              { class: "score", title: scoreTitle(d.score) },
              `${t("hud.score")} ${formatNumber(d.score.total)}`,
              h("small", { class: "score-parts" }, ` (${scoreTitle(d.score)})`),
            )
          : null,
        h(
          "span",
          { class: "goal", id: "hud-goal" },
          `${t("hud.goal")}: ${t("hud.goalProgress", { value: Math.round(v.goalValue), target: v.goalTarget })} · ${t("hud.goalDisplaced", { share: `${Math.round(v.goalDisplacedShare * 100)}%` })}`,
          projector ? null : gloss("displaced"),
          v.goalMet ? ` ✓ ${t("hud.goalMet")}` : v.goalFailed ? ` ✗ ${t("hud.goalFailed")}` : "",
        ),
        v.event ? h("span", { class: "event" }, t("hud.event", { event: tk("cityEvent", v.event) })) : null,
        h(
          "span",
          { class: `conn conn-${ctx.conn.status}`, id: "conn-status", role: "status" },
          t(
            `hud.connection.${ctx.conn.status === "idle" ? "connected" : ctx.conn.status}` as Parameters<
              typeof t
            >[0],
          ),
        ),
      ],
    );
    tick(ctx);
    // The fair start's countdown was shown here, and from how many seconds (kept for tests and
    // measurements: the phase may have moved on by the time anyone looks).
    if (v.phase === "starting" && !el.dataset.countdownShown) {
      el.dataset.countdownShown = "1";
      el.dataset.countdownSeconds = String(left(ctx));
    }
  }

  return { el, update, tick };
}
