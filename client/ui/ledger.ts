// The city ledger: a text alternative to the map for screen readers and keyboards. Districts, the
// tiles of a district (with a button that acts on the tile with the tool in hand), and links. A
// lit-html template, rendered on every update while shown: lit-html patches the rows that changed, so
// the focus stays on a row's button and the district filter keeps its choice.
import { html, nothing, type TemplateResult } from "lit-html";
import { firmTotal } from "../../shared/state.js";
import { formatNumber, t, tk } from "../i18n/index.js";
import { districtStats } from "../model/view.js";
import type { AppContext } from "./context.js";
import { myDistrict } from "./context.js";
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

const heads = (cols: string[]) => html`<tr>${cols.map((c) => html`<th scope="col">${c}</th>`)}</tr>`;

export function ledgerTemplate(ctx: AppContext, o: LedgerOptions): TemplateResult {
  const g = ctx.game;
  const stats = districtStats(g);
  const mine = myDistrict(ctx);
  const rows: number[] = [];
  g.tiles.forEach((tile, i) => {
    if (tile.terrain === "water") return;
    if (o.district >= 0 ? tile.district === o.district : tile.use !== "empty" || tile.creatives > 0)
      rows.push(i);
  });
  const policies = (d: (typeof g.districts)[number]) =>
    Object.entries(d.policies)
      .filter(([, on]) => on)
      .map(([p]) => tk("policy", p))
      .join(", ") || t("common.none");
  return html`<div class="ledger-inner">
    <h2>${t("ledger.title")}</h2>
    <table class="table">
      <caption>${t("ledger.districts")}</caption>
      <thead>
        ${heads([
          t("common.district"),
          t("ledger.budgetCol"),
          t("ledger.creativesCol"),
          t("ledger.firmsCol"),
          t("ledger.rentCol"),
          t("ledger.scoreCol"),
          t("ledger.policiesCol"),
        ])}
      </thead>
      <tbody>
        ${g.districts.map(
          (d) => html`<tr class=${d.id === mine ? "mine" : ""}>
            <th scope="row">${districtLabel(g, d.id)}<br /><small>${tk("character", d.character)}</small></th>
            <td>${formatNumber(d.budget)}</td>
            <td>${formatNumber(stats[d.id].creatives)}</td>
            <td>${formatNumber(stats[d.id].firms)}</td>
            <td>${formatNumber(stats[d.id].meanRent)}</td>
            <td>${formatNumber(d.score.total)}</td>
            <td>${policies(d)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <label for="ledger-district">${t("ledger.filter")} </label>
    <select
      id="ledger-district"
      @change=${(ev: Event) => o.setDistrict(Number((ev.target as HTMLSelectElement).value))}
    >
      <option value="-1" .selected=${o.district < 0}>${t("ledger.filterAll")}</option>
      ${g.districts.map(
        (d) =>
          html`<option value=${String(d.id)} .selected=${o.district === d.id}>${
            districtLabel(g, d.id) + (d.id === mine ? ` (${t("common.you")})` : "")
          }</option>`,
      )}
    </select>
    <table class="table" id="ledger-tiles">
      <caption>
        ${t("ledger.tiles", { district: o.district >= 0 ? districtLabel(g, o.district) : t("ledger.filterAll") })}
      </caption>
      <thead>
        ${heads([
          t("ledger.tileCol"),
          t("ledger.useCol"),
          t("ledger.creativesCol"),
          t("ledger.firmsCol"),
          t("ledger.rentCol"),
          "",
        ])}
      </thead>
      <tbody>
        ${rows.map((i) => {
          const tile = g.tiles[i];
          const legal = o.legal ? o.legal[i] === 1 : false;
          return html`<tr data-tile=${String(i)}>
            <th scope="row">${`${i % g.width},${Math.floor(i / g.width)}`}</th>
            <td>${tk("use", tile.use)}${tile.protected ? ` · ${t("tile.protected")}` : ""}</td>
            <td>${formatNumber(tile.creatives)}</td>
            <td>${formatNumber(firmTotal(tile))}</td>
            <td>${formatNumber(tile.rent)}</td>
            <td>
              <button type="button" class="small" @click=${() => o.onSelect(i)}>${t("ledger.act")}</button>
              ${
                o.actLabel && legal
                  ? html`<button type="button" class="small primary" @click=${() => o.onAct(i)}
                      >${o.actLabel}</button
                    >`
                  : nothing
              }
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
    <table class="table">
      <caption>${t("ledger.links")}</caption>
      <thead>
        ${heads([t("ledger.kindCol"), t("ledger.endsCol"), t("ledger.ownerCol")])}
      </thead>
      <tbody>
        ${g.links.map(
          (l) => html`<tr>
            <td>${tk("link", l.kind)}</td>
            <td>${`${tileLabel(g, l.a)} ↔ ${tileLabel(g, l.b)}`}</td>
            <td>${districtLabel(g, l.owner)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
