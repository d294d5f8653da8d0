// Small SVG line charts of the city over the years (creatives, output, mean rent), for the projector
// and the end screen; each chart has a text alternative listing its values.
import { formatNumber, t } from "../i18n/index.js";
import type { AppContext } from "./context.js";
import { h } from "./dom.js";

export function cityCharts(ctx: AppContext): HTMLElement {
  const by = new Map<number, { c: number; o: number; r: number; n: number }>();
  for (const row of ctx.history) {
    const e = by.get(row.year) ?? { c: 0, o: 0, r: 0, n: 0 };
    e.c += row.creatives;
    e.o += row.output;
    e.r += row.rentMean;
    e.n++;
    by.set(row.year, e);
  }
  const years = [...by.keys()].sort((a, b) => a - b);
  const series: [Parameters<typeof t>[0], number[]][] = [
    ["chart.creatives", years.map((y) => by.get(y)!.c)],
    ["chart.output", years.map((y) => by.get(y)!.o)],
    ["chart.rent", years.map((y) => by.get(y)!.r / by.get(y)!.n)],
  ];
  const ns = "http://www.w3.org/2000/svg";
  return h(
    "div",
    { class: "chart-list" },
    series.map(([label, values]) => {
      const svg = document.createElementNS(ns, "svg");
      svg.setAttribute("viewBox", "0 0 200 60");
      svg.setAttribute("role", "img");
      const last = values[values.length - 1];
      svg.setAttribute("aria-label", `${t(label)}: ${values.map((v) => formatNumber(v)).join(", ")}`);
      if (values.length > 0) {
        const max = Math.max(...values, 1);
        const pts = values.map(
          (v, i) =>
            `${values.length === 1 ? 100 : (i / (values.length - 1)) * 196 + 2},${58 - (v / max) * 54}`,
        );
        const line = document.createElementNS(ns, "polyline");
        line.setAttribute("points", pts.join(" "));
        line.setAttribute("fill", "none");
        line.setAttribute("stroke", "currentColor");
        line.setAttribute("stroke-width", "2");
        svg.appendChild(line);
      }
      return h(
        "figure",
        {},
        h("figcaption", {}, t(label), last !== undefined ? `: ${formatNumber(last)}` : ""),
        svg,
      );
    }),
  );
}
