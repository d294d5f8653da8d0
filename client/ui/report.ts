// The year report: what changed in my district and in the city, who moved where and why.
import type { GameState, HistoryRow } from "../../shared/state.js";
import { formatNumber, t, tk } from "../i18n/index.js";
import { yearMigration } from "../model/play.js";
import { summariseYear } from "../model/view.js";
import type { YearReportMessage } from "../net/connection.js";
import { h, modal } from "./dom.js";
import { districtLabel } from "./names.js";

const ROWS: [keyof HistoryRow, Parameters<typeof t>[0]][] = [
  ["creatives", "report.row.creatives"],
  ["rentMean", "report.row.rent"],
  ["output", "report.row.output"],
  ["exports", "report.row.exports"],
  ["displaced", "report.row.displaced"],
  ["arrived", "report.row.arrived"],
  ["budget", "report.row.budget"],
];

function firmsOf(r: HistoryRow | undefined): number {
  return r ? r.firms.reduce((a, b) => a + b, 0) : 0;
}

export function renderReport(
  game: GameState,
  report: YearReportMessage,
  history: readonly HistoryRow[],
  mine: number,
  onClose: () => void,
  /** A line under the title: who starts the next year, or that it has begun. */
  note?: string,
): HTMLElement {
  const s = summariseYear(game, report.year, report.events);
  const rowsNow = report.history.length ? report.history : history.filter((r) => r.year === report.year);
  const prev = history.filter((r) => r.year === report.year - 1);
  const mineNow = rowsNow.find((r) => r.district === mine);
  const minePrev = prev.find((r) => r.district === mine);
  const where = (d: number) => (d < 0 ? t("report.outside") : districtLabel(game, d));

  const delta = (a: number, b: number | undefined) => {
    if (b === undefined) return "";
    const d = a - b;
    return d === 0 ? "" : ` (${d > 0 ? "+" : ""}${formatNumber(d)})`;
  };

  // The migration lines come from the same rows as the tables, so words and figures agree.
  const migration = yearMigration(rowsNow, game.districts.length);
  const myTable = mineNow
    ? h(
        "table",
        { class: "table", id: "report-mine" },
        h("caption", {}, t("report.mine"), " — ", districtLabel(game, mine)),
        h(
          "tbody",
          {},
          ROWS.map(([k, label]) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, t(label)),
              h(
                "td",
                {},
                formatNumber(mineNow[k] as number),
                delta(mineNow[k] as number, minePrev?.[k] as number | undefined),
              ),
            ),
          ),
          h(
            "tr",
            {},
            h("th", { scope: "row" }, t("report.row.firms")),
            h(
              "td",
              {},
              formatNumber(firmsOf(mineNow)),
              delta(firmsOf(mineNow), minePrev ? firmsOf(minePrev) : undefined),
            ),
          ),
        ),
      )
    : null;

  const cityTotals = h(
    "table",
    { class: "table", id: "report-city" },
    h("caption", {}, t("report.city")),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, t("common.district")),
        h("th", { scope: "col" }, t("report.row.creatives")),
        h("th", { scope: "col" }, t("report.row.firms")),
        h("th", { scope: "col" }, t("report.row.displaced")),
        h("th", { scope: "col" }, t("report.row.arrived")),
      ),
    ),
    h(
      "tbody",
      {},
      rowsNow
        .slice()
        .sort((a, b) => a.district - b.district)
        .map((r) =>
          h(
            "tr",
            { class: r.district === mine ? "mine" : "" },
            h("th", { scope: "row" }, districtLabel(game, r.district)),
            h("td", {}, formatNumber(r.creatives)),
            h("td", {}, formatNumber(firmsOf(r))),
            h("td", {}, formatNumber(r.displaced)),
            h("td", {}, formatNumber(r.arrived)),
          ),
        ),
    ),
  );

  const anyMoves = migration.moves.length > 0;
  const headline = migration.headline;
  return modal(
    { id: "year-report", labelledBy: "report-title", onClose },
    h("h2", { id: "report-title", tabindex: -1 }, t("report.title", { year: report.year })),
    note ? h("p", { class: "report-note", id: "report-note" }, note) : null,
    s.cityEvents.map((e) => h("p", { class: "event" }, t("report.event", { event: tk("cityEvent", e) }))),
    h(
      "div",
      { class: "report-grid" },
      myTable,
      h(
        "div",
        { class: "table-scroll", tabindex: 0, role: "region", "aria-label": t("report.city") },
        cityTotals,
      ),
    ),
    h("h3", {}, t("report.migrations")),
    h(
      "p",
      {
        id: "report-migration-headline",
        dataset: { displaced: String(migration.displaced), arrived: String(migration.arrived) },
      },
      headline.key === "report.noMigration"
        ? t("report.noMigration")
        : headline.key === "report.noneDisplaced"
          ? t("report.noneDisplaced", { arrived: headline.arrived })
          : t("report.someDisplaced", { displaced: headline.displaced, arrived: headline.arrived }),
    ),
    anyMoves
      ? h(
          "ul",
          { class: "flows", id: "report-flows" },
          migration.moves
            .slice(0, 12)
            .map((f) =>
              h(
                "li",
                { class: f.to < 0 ? "flow-out" : "flow" },
                f.to < 0
                  ? t("report.flowOut", { count: f.count, from: where(f.from) })
                  : f.to === f.from
                    ? t("report.flowWithin", { count: f.count, from: where(f.from) })
                    : t("report.flow", { count: f.count, from: where(f.from), to: where(f.to) }),
              ),
            ),
        )
      : null,
    migration.newcomers.some((n) => n > 0)
      ? h(
          "ul",
          { class: "arrivals", id: "report-newcomers" },
          migration.newcomers
            .map((n, d) =>
              n > 0 ? h("li", {}, t("report.newcomers", { count: n, to: districtLabel(game, d) })) : null,
            )
            .filter(Boolean),
        )
      : null,
    h(
      "details",
      { open: true },
      h("summary", {}, t("report.why")),
      migration.displaced > 0 ? h("p", {}, t("report.whyDisplaced")) : null,
      migration.arrived > 0 ? h("p", {}, t("report.whyArrived")) : null,
      mineNow && minePrev && mineNow.rentMean !== minePrev.rentMean
        ? h(
            "p",
            { id: "report-rent" },
            t("report.whyRent", {
              from: formatNumber(minePrev.rentMean),
              to: formatNumber(mineNow.rentMean),
              displaced: mineNow.displaced,
            }),
          )
        : null,
      mine >= 0 && (s.born[mine] || s.closed[mine])
        ? h(
            "p",
            {},
            s.born[mine] ? `+${s.born[mine]} ${t("report.row.firms")}` : "",
            s.closed[mine] ? ` −${s.closed[mine]} ${t("report.row.firms")}` : "",
          )
        : null,
    ),
    h(
      "button",
      { type: "button", class: "primary", id: "report-close", onclick: onClose },
      t("report.continue"),
    ),
  );
}
