// The projector's side column: a large room code with the join link and QR code, the city's charts,
// the scores, and an event ticker of fixed height (the newest lines; the column never grows).
import { formatNumber, locale, t } from "../../i18n/index.js";
import { ranking } from "../../model/view.js";
import { cityCharts } from "../charts.js";
import type { AppContext } from "../context.js";
import { h, renderIfChanged } from "../dom.js";
import { swatch } from "../lobby.js";
import { districtLabel } from "../names.js";
import { qrImage } from "../qr.js";

export interface ProjectorSide {
  readonly el: HTMLElement;
  update(ctx: AppContext, force?: boolean): void;
}

export function createProjectorSide(): ProjectorSide {
  const charts = h("div", { class: "charts", id: "charts" });
  const tickerTitle = h("h2", { id: "ticker-title" });
  const ticker = h("ol", {
    class: "ticker",
    id: "ticker",
    "aria-live": "polite",
    "aria-labelledby": "ticker-title",
  });
  const el = h("aside", { class: "side projector-side" }, charts, tickerTitle, ticker);
  return {
    el,
    update(ctx, force = false) {
      if (force) {
        charts.dataset.renderKey = "";
        ticker.dataset.renderKey = "";
      }
      tickerTitle.textContent = t("projector.ticker");
      renderIfChanged(
        charts,
        JSON.stringify([ctx.history.length, locale(), ctx.view.code, ctx.view.districts]),
        () => [
          h(
            "p",
            { class: "join-line" },
            h("span", { class: "projector-code", id: "projector-code" }, ctx.view.code),
            t("projector.join", { url: ctx.joinUrl(), code: ctx.view.code }),
          ),
          qrImage(ctx.joinUrl(), 140),
          h("h2", {}, t("projector.charts")),
          cityCharts(ctx),
          h(
            "table",
            { class: "table", id: "projector-scores" },
            h("caption", {}, t("panel.scores")),
            h(
              "tbody",
              {},
              ranking(ctx.game).map((r) =>
                h(
                  "tr",
                  {},
                  h("th", { scope: "row" }, swatch(r.id), districtLabel(ctx.game, r.id)),
                  h("td", {}, formatNumber(r.total)),
                ),
              ),
            ),
          ),
        ],
      );
      renderIfChanged(ticker, JSON.stringify([ctx.ticker.length, locale()]), () =>
        ctx.ticker
          .slice(-12)
          .reverse()
          .map((e) => h("li", {}, e.text)),
      );
    },
  };
}
