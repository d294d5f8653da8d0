// The year reports: the latest opens when a year is resolved and stays until the student closes it
// (the next planning phase does not close it); *Reports* reopens any earlier year's report, rebuilt
// from the history rows when this tab did not receive it live.
import { t } from "../../i18n/index.js";
import { reportYears } from "../../model/play.js";
import type { YearReportMessage } from "../../net/connection.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h, modal } from "../dom.js";
import { renderReport } from "../report.js";

export interface ReportsComponent {
  /** A year was just resolved: keep its report and open it. */
  show(ctx: AppContext, report: YearReportMessage): void;
  /** Opens the list of resolved years. */
  openMenu(ctx: AppContext): void;
  update(ctx: AppContext): void;
  relabel(ctx: AppContext): void;
  /** The year whose report is open, or null. */
  openYear(): number | null;
}

/** `autoClose`: a screen nobody closes (the projector) puts the report away when planning begins. */
export function createReports(host: HTMLElement, onClosed: () => void, autoClose = false): ReportsComponent {
  const received = new Map<number, YearReportMessage>();
  let open: number | null = null;
  let menu = false;
  /** The phase the open report was drawn for (its note changes with it). */
  let drawnFor = "";

  const close = () => {
    open = null;
    menu = false;
    host.replaceChildren();
    host.dataset.open = "";
    onClosed();
  };

  function reportOf(ctx: AppContext, year: number): YearReportMessage {
    return (
      received.get(year) ??
      (ctx.lastReport?.year === year ? ctx.lastReport : null) ?? {
        year,
        events: [],
        history: ctx.history.filter((r) => r.year === year),
      }
    );
  }

  function note(ctx: AppContext, year: number): string | undefined {
    if (year !== ctx.game.year) return undefined;
    if (ctx.view.phase === "planning") return t("report.planningBegan");
    if (ctx.view.phase === "report" && !ctx.view.phaseEndsAt && !ctx.view.paused) return t("report.waitHost");
    return undefined;
  }

  function draw(ctx: AppContext) {
    if (open === null) return;
    const year = open;
    drawnFor = `${ctx.view.phase}|${ctx.view.paused}|${ctx.view.phaseEndsAt ? 1 : 0}`;
    host.replaceChildren(
      renderReport(ctx.game, reportOf(ctx, year), ctx.history, myDistrict(ctx), close, note(ctx, year)),
    );
    host.dataset.open = String(year);
    (host.querySelector("#report-title") as HTMLElement | null)?.focus();
  }

  function drawMenu(ctx: AppContext) {
    const years = reportYears(ctx.history);
    host.replaceChildren(
      modal(
        { id: "reports-menu", labelledBy: "reports-title", onClose: close },
        h("h2", { id: "reports-title", tabindex: -1 }, t("reports.title")),
        years.length === 0
          ? h("p", {}, t("reports.none"))
          : h(
              "ul",
              { class: "reports-list" },
              years.map((y) =>
                h(
                  "li",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      id: `report-year-${y}`,
                      onclick: () => {
                        menu = false;
                        open = y;
                        draw(ctx);
                      },
                    },
                    t("reports.year", { year: y }),
                  ),
                ),
              ),
            ),
        h("button", { type: "button", id: "reports-close", onclick: close }, t("common.close")),
      ),
    );
    host.dataset.open = "menu";
    (host.querySelector("#reports-title") as HTMLElement | null)?.focus();
  }

  return {
    show(ctx, report) {
      received.set(report.year, report);
      menu = false;
      open = report.year;
      draw(ctx);
    },
    openMenu(ctx) {
      open = null;
      menu = true;
      drawMenu(ctx);
    },
    update(ctx) {
      // The open report stays; only its note follows the phase (planning began, waiting for the host).
      if (open === null) return;
      if (autoClose && ctx.view.phase === "planning") {
        close();
        return;
      }
      const key = `${ctx.view.phase}|${ctx.view.paused}|${ctx.view.phaseEndsAt ? 1 : 0}`;
      if (key === drawnFor) return;
      const noteEl = host.querySelector("#report-note");
      const text = note(ctx, open);
      drawnFor = key;
      if (noteEl && text) noteEl.textContent = text;
      else if (noteEl) noteEl.remove();
      else if (text)
        host
          .querySelector("#report-title")
          ?.after(h("p", { class: "report-note", id: "report-note", role: "status" }, text));
    },
    relabel(ctx) {
      if (menu) drawMenu(ctx);
      else draw(ctx);
    },
    openYear: () => open,
  };
}
