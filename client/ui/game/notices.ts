// What the game screen announces as toasts (a live region), not only in the HUD: planning beginning
// for the next year, a pause and the end of one. It owns the phase and pause it last saw.
import { t, tk } from "../../i18n/index.js";
import { type PhaseNotice, phaseNotices } from "../../model/play.js";
import type { AppContext } from "../context.js";

function noticeText(n: PhaseNotice): string {
  if (n.kind === "planning")
    return `${t("hud.year", { year: n.year, years: n.years })}: ${t("phase.planning")}`;
  if (n.kind === "paused") return t("phase.paused");
  return tk("phase", n.phase);
}

export function createNotices(first: { phase: string; paused: boolean }): { update(ctx: AppContext): void } {
  let last = { phase: first.phase, paused: first.paused };
  return {
    update(ctx) {
      for (const n of phaseNotices(last, ctx.view)) ctx.toast(noticeText(n));
      last = { phase: ctx.view.phase, paused: ctx.view.paused };
    },
  };
}
