// The end screen: whether the city met the scenario's goal, district scores, the debrief and the
// results to download.
import { reviewRecommendations } from "../../shared/debrief.js";
import { formatNumber, locale, t } from "../i18n/index.js";
import { historyCsv, ranking, scenarioTexts } from "../model/view.js";
import type { AppContext, Screen } from "./context.js";
import { myDistrict } from "./context.js";
import { download, h, renderIfChanged } from "./dom.js";
import { debriefView } from "./debrief.js";
import { districtLabel } from "./names.js";

/** `onNewGame` null: a read-only end screen (the projector). */
export function endScreen(onNewGame: (() => void) | null): Screen {
  const el = h("main", { class: "end", id: "screen-end" });
  return {
    el,
    update(ctx: AppContext) {
      const v = ctx.view;
      renderIfChanged(
        el,
        JSON.stringify([v.districts, v.goalValue, v.goalMet, locale(), ctx.history.length, myDistrict(ctx)]),
        () => {
          const sc = scenarioTexts(v);
          const zh = locale() === "zh-CN";
          const d0 = ctx.game.districts;
          return h(
            "section",
            { class: "card" },
            h("h1", {}, t("end.title")),
            sc ? h("p", { class: "summary" }, zh ? sc.goal.zh : sc.goal.en) : null,
            h(
              "p",
              { class: v.goalMet ? "goal-met" : "goal-failed", id: "end-goal" },
              v.goalMet ? `✓ ${t("end.goalMet")}` : `✗ ${t("end.goalFailed")}`,
            ),
            h(
              "p",
              {},
              t("end.goalValue", {
                value: Math.round(v.goalValue),
                target: v.goalTarget,
                share: `${Math.round(v.goalDisplacedShare * 100)}%`,
              }),
            ),
            // The ranking scrolls inside its own box on a phone; the page never scrolls sideways.
            h(
              "div",
              { class: "table-scroll", tabindex: 0, role: "region", "aria-label": t("end.ranking") },
              h(
                "table",
                { class: "table", id: "end-ranking" },
                h("caption", {}, t("end.ranking")),
                h(
                  "thead",
                  {},
                  h(
                    "tr",
                    {},
                    [
                      "#",
                      t("common.district"),
                      t("score.output"),
                      t("score.jobs"),
                      t("score.community"),
                      t("score.exportShare"),
                      t("score.displaced"),
                      t("score.total"),
                    ].map((c) => h("th", { scope: "col" }, c)),
                  ),
                ),
                h(
                  "tbody",
                  {},
                  ranking(ctx.game).map((r, n) => {
                    const s = d0[r.id].score;
                    return h(
                      "tr",
                      { class: r.id === myDistrict(ctx) ? "mine" : "" },
                      h("td", {}, String(n + 1)),
                      h("th", { scope: "row" }, districtLabel(ctx.game, r.id)),
                      [s.output, s.jobs, s.community, s.exportShare, -s.displaced, s.total].map((x) =>
                        h("td", {}, formatNumber(x)),
                      ),
                    );
                  }),
                ),
              ),
            ),
            debriefView(ctx),
            h(
              "div",
              { class: "row wrap" },
              h(
                "button",
                {
                  type: "button",
                  id: "export-csv",
                  onclick: () =>
                    download(
                      `creative-quarter-${v.code}.csv`,
                      "text/csv",
                      historyCsv(
                        ctx.history,
                        d0.map((d) => d.name),
                      ),
                    ),
                },
                t("end.exportCsv"),
              ),
              h(
                "button",
                {
                  type: "button",
                  id: "export-json",
                  onclick: () =>
                    download(
                      `creative-quarter-${v.code}.json`,
                      "application/json",
                      JSON.stringify(
                        {
                          code: v.code,
                          scenario: v.scenario,
                          districts: v.districts,
                          history: ctx.history,
                          recommendations: reviewRecommendations(ctx.game, ctx.history),
                        },
                        null,
                        2,
                      ),
                    ),
                },
                t("end.exportJson"),
              ),
              onNewGame
                ? h(
                    "button",
                    { type: "button", class: "primary", id: "new-game", onclick: onNewGame },
                    t("end.newGame"),
                  )
                : null,
            ),
          );
        },
      );
    },
    relabel(ctx) {
      el.dataset.renderKey = "";
      this.update(ctx);
    },
    destroy() {
      el.remove();
    },
  };
}
