// The city ledger: a text alternative to the map for screen readers and keyboards. Districts, the
// tiles of a district (with a button that acts on the tile with the tool in hand), and links.
import { firmTotal } from "../../shared/state.js";
import { formatNumber, t, tk } from "../i18n/index.js";
import { districtStats } from "../model/view.js";
import type { AppContext } from "./context.js";
import { myDistrict } from "./context.js";
import { h } from "./dom.js";
import { districtLabel, tileLabel } from "./names.js";

export interface LedgerOptions {
  /** Which district's tiles to list (-1: all tiles holding something). */
  district: number;
  onSelect(i: number): void;
  onAct(i: number): void;
  legal: Uint8Array | null;
  actLabel: string | null;
  setDistrict(d: number): void;
}

export function renderLedger(ctx: AppContext, o: LedgerOptions): HTMLElement {
  const g = ctx.game;
  const stats = districtStats(g);
  const mine = myDistrict(ctx);
  const rows: number[] = [];
  g.tiles.forEach((tile, i) => {
    if (tile.terrain === "water") return;
    if (o.district >= 0 ? tile.district === o.district : tile.use !== "empty" || tile.creatives > 0)
      rows.push(i);
  });
  const filter = h(
    "select",
    {
      id: "ledger-district",
      dataset: { focusId: "ledger-district" },
      onchange: (ev: Event) => o.setDistrict(Number((ev.target as HTMLSelectElement).value)),
    },
    h("option", { value: "-1", selected: o.district < 0 }, t("ledger.filterAll")),
    g.districts.map((d) =>
      h(
        "option",
        { value: String(d.id), selected: o.district === d.id },
        districtLabel(g, d.id) + (d.id === mine ? ` (${t("common.you")})` : ""),
      ),
    ),
  );
  return h(
    "div",
    { class: "ledger-inner" },
    h("h2", {}, t("ledger.title")),
    h(
      "table",
      { class: "table" },
      h("caption", {}, t("ledger.districts")),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [
            t("common.district"),
            t("ledger.budgetCol"),
            t("ledger.creativesCol"),
            t("ledger.firmsCol"),
            t("ledger.rentCol"),
            t("ledger.scoreCol"),
            t("ledger.policiesCol"),
          ].map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h(
        "tbody",
        {},
        g.districts.map((d) =>
          h(
            "tr",
            { class: d.id === mine ? "mine" : "" },
            h(
              "th",
              { scope: "row" },
              districtLabel(g, d.id),
              h("br"),
              h("small", {}, tk("character", d.character)),
            ),
            h("td", {}, formatNumber(d.budget)),
            h("td", {}, formatNumber(stats[d.id].creatives)),
            h("td", {}, formatNumber(stats[d.id].firms)),
            h("td", {}, formatNumber(stats[d.id].meanRent)),
            h("td", {}, formatNumber(d.score.total)),
            h(
              "td",
              {},
              Object.entries(d.policies)
                .filter(([, on]) => on)
                .map(([p]) => tk("policy", p))
                .join(", ") || t("common.none"),
            ),
          ),
        ),
      ),
    ),
    h("label", { for: "ledger-district" }, t("ledger.filter"), " "),
    filter,
    h(
      "table",
      { class: "table", id: "ledger-tiles" },
      h(
        "caption",
        {},
        t("ledger.tiles", {
          district: o.district >= 0 ? districtLabel(g, o.district) : t("ledger.filterAll"),
        }),
      ),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [
            t("ledger.tileCol"),
            t("ledger.useCol"),
            t("ledger.creativesCol"),
            t("ledger.firmsCol"),
            t("ledger.rentCol"),
            "",
          ].map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((i) => {
          const tile = g.tiles[i];
          const legal = o.legal ? o.legal[i] === 1 : false;
          return h(
            "tr",
            { dataset: { tile: String(i) } },
            h("th", { scope: "row" }, `${i % g.width},${Math.floor(i / g.width)}`),
            h("td", {}, tk("use", tile.use), tile.protected ? ` · ${t("tile.protected")}` : ""),
            h("td", {}, formatNumber(tile.creatives)),
            h("td", {}, formatNumber(firmTotal(tile))),
            h("td", {}, formatNumber(tile.rent)),
            h(
              "td",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: "small",
                  dataset: { focusId: `sel-${i}` },
                  onclick: () => o.onSelect(i),
                },
                t("ledger.act"),
              ),
              o.actLabel && legal
                ? h(
                    "button",
                    {
                      type: "button",
                      class: "small primary",
                      dataset: { focusId: `act-${i}` },
                      onclick: () => o.onAct(i),
                    },
                    o.actLabel,
                  )
                : null,
            ),
          );
        }),
      ),
    ),
    h(
      "table",
      { class: "table" },
      h("caption", {}, t("ledger.links")),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [t("ledger.kindCol"), t("ledger.endsCol"), t("ledger.ownerCol")].map((c) =>
            h("th", { scope: "col" }, c),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        g.links.map((l) =>
          h(
            "tr",
            {},
            h("td", {}, tk("link", l.kind)),
            h("td", {}, `${tileLabel(g, l.a)} ↔ ${tileLabel(g, l.b)}`),
            h("td", {}, districtLabel(g, l.owner)),
          ),
        ),
      ),
    ),
  );
}
