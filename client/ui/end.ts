// The end screen: whether the city met the scenario's goal, district scores, the debrief and the
// results to download.
import { formatNumber, locale, t } from "../i18n/index.js";
import { historyCsv, ranking, scenarioTexts } from "../model/view.js";
import type { AppContext, Screen } from "./context.js";
import { myDistrict } from "./context.js";
import { download, h, renderIfChanged } from "./dom.js";
import { debriefModule, loadDebrief } from "./debriefLoad.js";
import { districtLabel } from "./names.js";

/** The results file (JSON export). Version 2 added the game's record for replays and forks. */
export const RESULTS_FORMAT = "creative-quarter-results";
export const RESULTS_VERSION = 2;

/** Opens the replay viewer (loaded on first use: it brings the rules it replays with). */
function openViewer(ctx: AppContext, ev: Event, whatIf: boolean): void {
  const record = ctx.record;
  const opener = ev.currentTarget as HTMLElement;
  if (!record) return;
  void import("./replay.js").then(({ openReplay }) =>
    openReplay(record, { reducedMotion: ctx.prefs.reducedMotion, whatIf, opener }),
  );
}

/** `onNewGame` null: a read-only end screen (the projector). */
export function endScreen(onNewGame: (() => void) | null): Screen {
  const el = h("main", { class: "end", id: "screen-end" });
  let gone = false;
  let waiting = false;
  return {
    el,
    update(ctx: AppContext) {
      const v = ctx.view;
      // The debrief loads on first use; the screen draws again with it once it is in.
      const debrief = debriefModule();
      if (!debrief && !waiting) {
        waiting = true;
        void loadDebrief().then(
          () => {
            waiting = false;
            if (!gone) this.update(ctx);
          },
          () => {
            waiting = false; // the next update tries again
          },
        );
      }
      renderIfChanged(
        el,
        JSON.stringify([
          v.districts,
          v.goalValue,
          v.goalMet,
          locale(),
          ctx.history.length,
          myDistrict(ctx),
          ctx.record?.hash ?? null,
          debrief !== null,
        ]),
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
            debrief
              ? debrief.debriefView(ctx)
              : h("p", { class: "muted", id: "end-debrief-loading" }, t("common.loading")),
            // Replays and what-if forks, played in this browser from the room's record of the game.
            h(
              "div",
              { class: "row wrap", id: "end-replay" },
              h(
                "button",
                {
                  type: "button",
                  id: "open-replay",
                  disabled: !ctx.record,
                  onclick: (ev: Event) => openViewer(ctx, ev, false),
                },
                t("replay.open"),
              ),
              h(
                "button",
                {
                  type: "button",
                  id: "open-fork",
                  disabled: !ctx.record,
                  onclick: (ev: Event) => openViewer(ctx, ev, true),
                },
                t("replay.whatIf"),
              ),
              ctx.record ? null : h("span", { class: "muted" }, t("replay.waiting")),
            ),
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
                    void loadDebrief().then(({ reviewRecommendations }) =>
                      download(
                        `creative-quarter-${v.code}.json`,
                        "application/json",
                        JSON.stringify(
                          {
                            // The results file: versioned; `record` is what a replay needs (see
                            // shared/record.ts), read back by the start page's "Replay a results file".
                            format: RESULTS_FORMAT,
                            version: RESULTS_VERSION,
                            code: v.code,
                            scenario: v.scenario,
                            districts: v.districts,
                            history: ctx.history,
                            recommendations: reviewRecommendations(ctx.game, ctx.history),
                            record: ctx.record,
                          },
                          null,
                          2,
                        ),
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
      gone = true;
      el.remove();
    },
  };
}
