// The debrief (DESIGN.md, "The debrief"): charts per district over the years, the migration map,
// the clusters with the paper's classification, and the six recommendations set against what the
// room did. Drawn in HTML and SVG from the history rows and the latest state; every chart has a
// text alternative.
import { findClusters } from "../../shared/clusters.js";
import {
  type Check,
  DEBRIEF_METRICS,
  type DebriefMetric,
  districtSeries,
  districtSummaries,
  migrationFlows,
  type RecommendationReview,
  reviewRecommendations,
} from "../../shared/debrief.js";
import { SECTORS } from "../../shared/kinds.js";
import type { GameState, HistoryRow } from "../../shared/state.js";
import { formatNumber, t, tk } from "../i18n/index.js";
import { DISTRICT_COLOURS, DISTRICT_DASHES } from "../map/palette.js";
import type { AppContext } from "./context.js";
import { myDistrict } from "./context.js";
import { h, modal } from "./dom.js";
import { districtLabel } from "./names.js";

/** For the results file the end screen writes (this module loads on first use: see debriefLoad.ts). */
export { reviewRecommendations };

const SVG = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: SVGElement[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.appendChild(c);
  return el;
}

const colour = (d: number) => DISTRICT_COLOURS[d % DISTRICT_COLOURS.length];
const dash = (d: number) =>
  (DISTRICT_DASHES[d % DISTRICT_DASHES.length] ?? []).map((x) => Math.max(1, x * 8)).join(" ");

export function debriefView(ctx: AppContext): HTMLElement {
  const game = ctx.game;
  const history = ctx.history;
  const clusters = findClusters(game).clusters;
  return h(
    "section",
    { class: "debrief", id: "debrief", "aria-labelledby": "debrief-title" },
    h("h2", { id: "debrief-title" }, t("debrief.title")),
    history.length === 0 ? h("p", { class: "muted" }, t("debrief.noHistory")) : null,
    h(
      "div",
      { class: "debrief-block" },
      h("h3", {}, t("debrief.charts")),
      legend(ctx),
      h(
        "div",
        { class: "district-charts", id: "debrief-charts" },
        DEBRIEF_METRICS.map((m) => metricChart(ctx, m)),
      ),
    ),
    h("div", { class: "debrief-block" }, h("h3", {}, t("debrief.districts")), districtTable(ctx)),
    h(
      "div",
      { class: "debrief-block" },
      h("h3", {}, t("debrief.migration")),
      migrationMap(game, history, myDistrict(ctx)),
    ),
    h("div", { class: "debrief-block" }, h("h3", {}, t("debrief.clusters")), clusterTable(game, clusters)),
    h(
      "div",
      { class: "debrief-block" },
      h("h3", {}, t("debrief.recommendations")),
      h("p", { class: "muted" }, t("debrief.recommendationsIntro")),
      h(
        "ol",
        { class: "recommendations", id: "debrief-recommendations" },
        reviewRecommendations(game, history, clusters).map((r) => recommendationCard(game, r)),
      ),
    ),
  );
}

function legend(ctx: AppContext): HTMLElement {
  const mine = myDistrict(ctx);
  return h(
    "ul",
    { class: "debrief-legend", "aria-hidden": "true" },
    ctx.game.districts.map((_, d) =>
      h(
        "li",
        { class: d === mine ? "mine" : "" },
        h("span", { class: "swatch", style: { background: colour(d) } }),
        districtLabel(ctx.game, d),
      ),
    ),
  );
}

/** One metric over the years, a line per district (colour and dash pattern per district; mine bold). */
function metricChart(ctx: AppContext, metric: DebriefMetric): HTMLElement {
  const nd = ctx.game.districts.length;
  const { years, values } = districtSeries(ctx.history, nd, metric);
  const mine = myDistrict(ctx);
  const W = 240;
  const H = 90;
  const pad = 4;
  const max = Math.max(1, ...values.flat());
  const x = (k: number) => (years.length <= 1 ? W / 2 : pad + (k / (years.length - 1)) * (W - 2 * pad));
  const y = (v: number) => H - pad - (v / max) * (H - 2 * pad);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "district-chart" });
  chart.appendChild(svg("line", { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: "axis" }));
  // Mine last, so it is drawn on top.
  const order = [...Array(nd).keys()].sort((a, b) => (a === mine ? 1 : b === mine ? -1 : a - b));
  for (const d of order) {
    if (years.length === 0) break;
    const pts = values[d].map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    chart.appendChild(
      svg("polyline", {
        points: pts,
        fill: "none",
        stroke: colour(d),
        "stroke-width": d === mine ? 3 : 1.5,
        "stroke-dasharray": dash(d),
        "data-district": d,
      }),
    );
  }
  const last = years.length - 1;
  const summary =
    last < 0
      ? t("debrief.noHistory")
      : ctx.game.districts
          .map((_, d) => `${districtLabel(ctx.game, d)} ${formatNumber(values[d][last])}`)
          .join("; ");
  chart.setAttribute("aria-label", `${t(`metric.${metric}`)}, ${t("debrief.lastYear")}: ${summary}`);
  return h(
    "figure",
    { dataset: { metric } },
    h(
      "figcaption",
      {},
      t(`metric.${metric}`),
      h("span", { class: "muted" }, ` (${t("debrief.max")} ${formatNumber(max)})`),
    ),
    chart,
  );
}

/** Districts where their tiles are (centroids), arrows for the creatives who had to move between
 * them (width by count), and the city's edge for those who left; a list gives the same flows. */
function migrationMap(game: GameState, history: readonly HistoryRow[], mine: number): HTMLElement {
  const nd = game.districts.length;
  const flows = migrationFlows(history, nd);
  const W = 320;
  const H = 240;
  const sx = (W - 80) / Math.max(1, game.width);
  const sy = (H - 40) / Math.max(1, game.height);
  const cx = new Array(nd).fill(0);
  const cy = new Array(nd).fill(0);
  const count = new Array(nd).fill(0);
  game.tiles.forEach((tile, i) => {
    if (tile.district < 0) return;
    cx[tile.district] += (i % game.width) + 0.5;
    cy[tile.district] += Math.floor(i / game.width) + 0.5;
    count[tile.district]++;
  });
  const px = (d: number) => (d < 0 ? W - 24 : 20 + (cx[d] / Math.max(1, count[d])) * sx);
  const py = (d: number) => (d < 0 ? H / 2 : 20 + (cy[d] / Math.max(1, count[d])) * sy);
  const between = flows.filter((f) => f.from !== f.to);
  const biggest = Math.max(1, ...between.map((f) => f.count));
  const width = (n: number) => 1 + 7 * Math.sqrt(n / biggest);
  const map = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "migration-map", role: "img" });
  const defs = svg("defs", {});
  defs.appendChild(
    svg(
      "marker",
      {
        id: "arrowhead",
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerUnits: "userSpaceOnUse",
        markerWidth: 9,
        markerHeight: 9,
        orient: "auto",
      },
      svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "currentColor" }),
    ),
  );
  map.appendChild(defs);
  // The city's edge: where those who leave the city go.
  map.appendChild(svg("line", { x1: W - 24, y1: 10, x2: W - 24, y2: H - 10, class: "edge" }));
  const edgeLabel = svg("text", { x: W - 12, y: H / 2 - 30, class: "edge-label" });
  edgeLabel.textContent = t("debrief.leftCity");
  map.appendChild(edgeLabel);
  for (const f of between) {
    const x1 = px(f.from);
    const y1 = py(f.from);
    const x2 = px(f.to);
    const y2 = py(f.to);
    // A gentle curve (to the right of the direction of travel), so A→B and B→A do not overlap.
    const mx = (x1 + x2) / 2 - (y2 - y1) * 0.2;
    const my = (y1 + y2) / 2 + (x2 - x1) * 0.2;
    // End at the rim of the destination's circle, so the arrowhead shows.
    const len = Math.hypot(x2 - mx, y2 - my) || 1;
    const ex = x2 - ((x2 - mx) / len) * 11;
    const ey = y2 - ((y2 - my) / len) * 11;
    map.appendChild(
      svg("path", {
        d: `M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`,
        class: "flow",
        stroke: colour(f.from),
        "stroke-width": width(f.count).toFixed(1),
        "marker-end": "url(#arrowhead)",
        "data-from": f.from,
        "data-to": f.to,
      }),
    );
  }
  for (let d = 0; d < nd; d++) {
    const g = svg("g", {});
    g.appendChild(
      svg("circle", {
        cx: px(d).toFixed(1),
        cy: py(d).toFixed(1),
        r: d === mine ? 11 : 9,
        fill: colour(d),
        class: d === mine ? "node mine" : "node",
      }),
    );
    const label = svg("text", { x: px(d).toFixed(1), y: (py(d) + 4).toFixed(1), class: "node-label" });
    label.textContent = String(d + 1);
    g.appendChild(label);
    map.appendChild(g);
  }
  const where = (d: number) => (d < 0 ? t("debrief.leftCity") : districtLabel(game, d));
  const listed = between.slice(0, 10);
  const within = flows.filter((f) => f.from === f.to).reduce((a, f) => a + f.count, 0);
  const text = listed.map((f) => `${where(f.from)} → ${where(f.to)}: ${formatNumber(f.count)}`);
  map.setAttribute("aria-label", `${t("debrief.migration")}: ${text.join("; ") || t("debrief.noMoves")}`);
  return h(
    "div",
    { class: "migration", id: "debrief-migration" },
    map,
    h(
      "div",
      {},
      listed.length
        ? h(
            "ol",
            { class: "flow-list" },
            listed.map((f) =>
              h(
                "li",
                {},
                h("span", { class: "swatch", style: { background: colour(f.from) } }),
                `${where(f.from)} → ${where(f.to)}: `,
                h("strong", {}, formatNumber(f.count)),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("debrief.noMoves")),
      within > 0 ? h("p", { class: "muted" }, t("debrief.within", { count: within })) : null,
    ),
  );
}

/** What each district did and what came of it. */
function districtTable(ctx: AppContext): HTMLElement {
  const game = ctx.game;
  const mine = myDistrict(ctx);
  const rows = districtSummaries(game, ctx.history);
  const policies = (r: (typeof rows)[number]) =>
    Object.entries(r.policyYears)
      .map(([p, n]) => `${tk("policy", p)} ×${n}`)
      .join(", ") || t("common.none");
  return h(
    "div",
    // A wide table scrolls sideways; the keyboard can scroll it too (it takes focus).
    { class: "table-scroll", tabindex: 0, role: "region", "aria-label": t("debrief.districts") },
    h(
      "table",
      { class: "table", id: "debrief-districts" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [
            t("common.district"),
            t("debrief.score"),
            t("metric.creatives"),
            t("debrief.firms"),
            t("metric.output"),
            t("metric.exports"),
            t("debrief.displacedTotal"),
            t("debrief.leftCityShort"),
            t("debrief.received"),
            t("debrief.anchorsAdded"),
            t("debrief.localLinks"),
            t("debrief.globalLinks"),
            t("debrief.policies"),
          ].map((c) => h("th", { scope: "col" }, c)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { class: r.district === mine ? "mine" : "" },
            h("th", { scope: "row" }, districtLabel(game, r.district)),
            [
              r.score,
              r.creatives,
              r.firms,
              r.output,
              r.exports,
              r.displaced,
              r.leftCity,
              r.received,
              r.anchorsAdded,
              r.localLinks,
              r.globalLinks,
            ].map((x) => h("td", {}, formatNumber(x))),
            h("td", { class: "policies" }, policies(r)),
          ),
        ),
      ),
    ),
  );
}

function clusterTable(game: GameState, clusters: ReturnType<typeof findClusters>["clusters"]): HTMLElement {
  if (clusters.length === 0)
    return h("p", { class: "muted", id: "debrief-clusters" }, t("debrief.noClusters"));
  const shown = [...clusters].sort((a, b) => b.firms - a.firms || a.id - b.id).slice(0, 12);
  return h(
    "table",
    { class: "table", id: "debrief-clusters" },
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        [
          t("debrief.cluster"),
          t("common.district"),
          t("debrief.firms"),
          t("metric.creatives"),
          t("debrief.path"),
          t("debrief.structure"),
          t("debrief.sectors"),
        ].map((c) => h("th", { scope: "col" }, c)),
      ),
    ),
    h(
      "tbody",
      {},
      shown.map((c, k) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, t("debrief.clusterName", { n: k + 1, tiles: c.tiles.length })),
          h("td", {}, c.district >= 0 ? districtLabel(game, c.district) : "—"),
          h("td", {}, formatNumber(c.firms)),
          h("td", {}, formatNumber(c.creatives)),
          h(
            "td",
            {},
            tk("clusterPath", c.path),
            h("span", { class: "muted" }, ` (${t("debrief.founded", { year: c.founded })})`),
          ),
          h("td", {}, tk("clusterStructure", c.structure)),
          h(
            "td",
            {},
            c.linkedSectors.length
              ? SECTORS.filter((s) => c.linkedSectors.includes(s))
                  .map((s) => tk("sector", s))
                  .join(", ")
              : t("common.none"),
          ),
        ),
      ),
    ),
  );
}

/** A check in words: what it measured, its figure (and year-0 figure, for a change) and its aim. */
function checkText(c: Check): string {
  const fmt = (x: number) => (c.share ? `${Math.round(x * 100)}%` : formatNumber(x));
  return tk("check", c.key, {
    value: fmt(c.value),
    start: fmt(c.start ?? 0),
    aim: fmt(c.aim),
    aimPoints: Math.round(c.aim * 100),
  });
}

function recommendationCard(game: GameState, r: RecommendationReview): HTMLElement {
  return h(
    "li",
    { class: `recommendation uptake-${r.uptake}`, dataset: { rec: r.id, uptake: r.uptake } },
    h(
      "div",
      { class: "rec-head" },
      h("h4", {}, tk("rec", `${r.id}.title`)),
      h("span", { class: `uptake-badge uptake-${r.uptake}` }, tk("uptake", r.uptake)),
    ),
    h("p", { class: "rec-advice" }, tk("rec", `${r.id}.advice`)),
    h(
      "ul",
      { class: "checks" },
      r.checks.map((c) =>
        h(
          "li",
          { class: c.met ? "met" : "unmet" },
          h("span", { "aria-hidden": "true" }, c.met ? "✓ " : "○ "),
          h("span", { class: "sr-only" }, c.met ? t("debrief.met") : t("debrief.notMet")),
          checkText(c),
        ),
      ),
    ),
    r.leader >= 0
      ? h("p", { class: "muted" }, t("debrief.leader", { district: districtLabel(game, r.leader) }))
      : null,
    h("p", { class: "rec-question" }, tk("rec", `${r.id}.question`)),
  );
}

/** The debrief so far, as a modal dialog over the game (for a discussion mid-game). */
export function debriefDialog(ctx: AppContext, onClose: () => void): HTMLElement {
  return modal(
    { id: "debrief-dialog", labelledBy: "debrief-title", onClose, wide: true },
    h("p", { class: "muted" }, t("debrief.soFar", { year: ctx.game.year, years: ctx.game.years })),
    debriefView(ctx),
    h(
      "button",
      { type: "button", class: "primary", id: "debrief-close", onclick: onClose },
      t("common.close"),
    ),
  );
}
