// The projector's side column: a large room code with the join link and QR code, the city's charts,
// the scores, and an event ticker of fixed height (the newest lines; the column never grows). One
// lit-html template, rendered on every update: lit-html patches what changed (no render keys). The
// ticker shows whole items only: after each render (and when its width changes) the items that do not
// fit entirely are hidden, so no line is ever cut at the bottom.
import { html, render } from "lit-html";
import { formatNumber, t } from "../../i18n/index.js";
import { ranking } from "../../model/view.js";
import { cityChartsTemplate } from "../charts.js";
import type { AppContext } from "../context.js";
import { h } from "../dom.js";
import { swatchTemplate } from "../lobby.js";
import { districtLabel } from "../names.js";
import { qrImage } from "../qr.js";

export interface ProjectorSide {
  readonly el: HTMLElement;
  update(ctx: AppContext): void;
}

/** Hides the ticker's items from the first one that does not fit whole in its box (newest first: the
 * older ones go). */
export function fitTicker(list: HTMLElement): void {
  const items = [...list.children] as HTMLElement[];
  for (const li of items) li.hidden = false;
  const box = list.getBoundingClientRect();
  const bottom = box.bottom - Number.parseFloat(getComputedStyle(list).paddingBottom || "0");
  let full = false;
  for (const li of items) {
    if (!full && li.getBoundingClientRect().bottom > bottom + 0.5) full = true;
    li.hidden = full;
  }
}

export function createProjectorSide(): ProjectorSide {
  const el = h("aside", { class: "side projector-side" });
  /** Fits the ticker again when its width changes (its items wrap differently). */
  let watched: HTMLElement | null = null;
  const resize =
    typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => watched && fitTicker(watched));
  /** The QR code of the join link, drawn once per link (and language: its alt text). */
  let qr: { key: string; img: HTMLImageElement } | null = null;
  const qrFor = (url: string) => {
    const key = `${url}|${t("lobby.qr")}`;
    if (qr?.key !== key) qr = { key, img: qrImage(url, 140) };
    return qr.img;
  };
  return {
    el,
    update(ctx) {
      const url = ctx.joinUrl();
      render(
        html`<div class="charts" id="charts">
            <p class="join-line">
              <span class="projector-code" id="projector-code">${ctx.view.code}</span>${t("projector.join", {
                url,
                code: ctx.view.code,
              })}
            </p>
            ${qrFor(url)}
            <h2>${t("projector.charts")}</h2>
            ${cityChartsTemplate(ctx)}
            <table class="table" id="projector-scores">
              <caption>${t("panel.scores")}</caption>
              <tbody>
                ${ranking(ctx.game).map(
                  (r) =>
                    html`<tr>
                      <th scope="row">${swatchTemplate(r.id)}${districtLabel(ctx.game, r.id)}</th>
                      <td>${formatNumber(r.total)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
          <h2 id="ticker-title">${t("projector.ticker")}</h2>
          <ol class="ticker" id="ticker" aria-live="polite" aria-labelledby="ticker-title">
            ${ctx.ticker
              .slice(-12)
              .reverse()
              .map((e) => html`<li>${e.text}</li>`)}
          </ol>`,
        el,
      );
      const list = el.querySelector<HTMLElement>("#ticker");
      if (!list) return;
      fitTicker(list);
      if (list !== watched) {
        if (watched) resize?.unobserve(watched);
        watched = list;
        resize?.observe(list);
      }
    },
  };
}
