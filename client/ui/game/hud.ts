// The HUD: year, phase (and pause), the clock, my district, budget, score, the class goal, the city
// event and the connection. A lit-html template patches only the figures that changed; the clock
// ticks on its own.
import { START_COUNTDOWN_MAX } from "../../../shared/protocol.js";
import { html, nothing, render } from "lit-html";
import { formatNumber, t, tk } from "../../i18n/index.js";
import { formatClock, secondsLeft } from "../../model/view.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h } from "../dom.js";
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

  // Nodes with their own state keep their identity across redraws (lit-html then leaves them be): the
  // glossary tip (open or closed) is rebuilt only for a new language, the district's swatch per district.
  let displacedGloss = projector ? null : gloss("displaced");
  const swatches = new Map<number, HTMLElement>();
  const swatchOf = (d: number) => swatches.get(d) ?? swatches.set(d, swatch(d)).get(d)!;

  function update(ctx: AppContext, force = false) {
    const v = ctx.view;
    const mine = myDistrict(ctx);
    const d = ctx.game.districts[mine];
    if (force && !projector) displacedGloss = gloss("displaced");
    // `year` counts resolved years: planning is for the next one, a report shows the last one.
    const year =
      v.phase === "planning" || v.phase === "starting" ? Math.min(v.year + 1, v.years) : Math.max(1, v.year);
    const conn = ctx.conn.status === "idle" ? "connected" : ctx.conn.status;
    render(
      html`<span class="year" id="hud-year">${t("hud.year", { year, years: v.years })}</span>
        <span class=${`phase phase-${v.phase}`} id="hud-phase" data-phase=${v.phase}
          >${v.paused ? `${t("phase.paused")} · ` : ""}${tk("phase", v.phase)}</span
        >${v.phase === "starting" ? html`<span class="starting" id="hud-starting">${t("hud.starting")}</span>` : nothing}
        ${timer}
        ${
          d
            ? html`<span class="me" id="hud-district"
                  >${swatchOf(d.id)}${districtLabel(ctx.game, d.id)}<small> ${tk("character", d.character)}</small></span
                ><span class="budget" id="hud-budget">${`${t("common.budget")} ${formatNumber(d.budget)}`}</span
                ><span class="score" title=${scoreTitle(d.score)}
                  >${`${t("hud.score")} ${formatNumber(d.score.total)}`}<small class="score-parts"
                    > (${scoreTitle(d.score)})</small
                  ></span
                >`
            : html`<span class="me">${projector ? "" : ctx.you?.isHost ? t("host.title") : t("hud.noDistrict")}</span>`
        }
        <span class="goal" id="hud-goal"
          >${`${t("hud.goal")}: ${t("hud.goalProgress", { value: Math.round(v.goalValue), target: v.goalTarget })} · ${t("hud.goalDisplaced", { share: `${Math.round(v.goalDisplacedShare * 100)}%` })}`}${displacedGloss ?? nothing}${
            v.goalMet ? ` ✓ ${t("hud.goalMet")}` : v.goalFailed ? ` ✗ ${t("hud.goalFailed")}` : ""
          }</span
        >
        ${v.event ? html`<span class="event">${t("hud.event", { event: tk("cityEvent", v.event) })}</span>` : nothing}
        <span class=${`conn conn-${ctx.conn.status}`} id="conn-status" role="status"
          >${t(`hud.connection.${conn}` as Parameters<typeof t>[0])}</span
        >`,
      el,
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
