// The map's legend under the city: the heat scale of the overlay in use, each land use with the picture
// the map draws for it, each link kind, and the game's own words with their explanations.
import { html, nothing, render } from "lit-html";
import type { LandUse } from "../../../shared/kinds.js";
import { t, tk } from "../../i18n/index.js";
import { artIcon } from "../../map/art.js";
import { LINK_STYLES, USE_STYLES } from "../../map/palette.js";
import type { Overlay } from "../../model/view.js";
import { h } from "../dom.js";
import { type GlossKey, gloss } from "./gloss.js";

export interface LegendComponent {
  readonly el: HTMLElement;
  /** Draws the legend for an overlay (also after the language changed). */
  draw(overlay: Overlay): void;
}

const WORDS: [GlossKey, Parameters<typeof t>[0]][] = [
  ["anchor", "gloss.term.anchor"],
  ["buzz", "tile.buzz"],
  ["roots", "gloss.term.roots"],
  ["globalAccess", "overlay.access"],
  ["displaced", "gloss.term.displaced"],
];

export function createLegend(): LegendComponent {
  // The legend scrolls on small screens: it takes focus so the keyboard can scroll it too.
  const el = h("div", { class: "legend", id: "legend", tabindex: 0, role: "region" });
  const uses = Object.entries(USE_STYLES).filter(([, s]) => s.glyph);
  const colour = (c: number) => `#${c.toString(16).padStart(6, "0")}`;

  return {
    el,
    draw(overlay) {
      el.setAttribute("aria-label", t("map.legendLabel"));
      // The glossary tips are built by gloss() (their own state: open or closed); lit-html places them.
      render(
        html`${
          overlay !== "none" && overlay !== "links"
            ? html`<div class="heat-legend">
                <span>${t(`overlay.${overlay}` as Parameters<typeof t>[0])}: ${t("overlay.low")}</span>
                <span class="heat-bar" aria-hidden="true"></span>
                <span>${t("overlay.high")} (•••• )</span>
              </div>`
            : nothing
        }
          <ul class="legend-uses">
            ${uses.map(
              ([k, s]) =>
                html`<li><img class=${s.anchor ? "glyph-art anchor" : "glyph-art"} src=${artIcon(k as LandUse, 48)}
                  alt="" width="24" height="24">${tk("use", k)}</li>`,
            )}
            ${Object.entries(LINK_STYLES).map(
              ([k, s]) =>
                html`<li><span class="link-swatch"
                  style=${`border-top-color:${colour(s.colour)};border-top-style:${s.dash.length ? "dashed" : "solid"}`}
                ></span>${tk("link", k)}${gloss(`link.${k}` as GlossKey)}</li>`,
            )}
          </ul>
          <ul class="legend-words" aria-label=${t("gloss.words")}>
            ${WORDS.map(([k, label]) => html`<li>${t(label)}${gloss(k)}</li>`)}
          </ul>`,
        el,
      );
    },
  };
}
