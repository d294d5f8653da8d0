// Small SVG line charts of the city over the years (creatives, output, mean rent), for the projector
// and the end screen; the replay viewer draws a real game and its what-if fork on the same axes. Each
// chart has a text alternative listing its values.
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
  return h(
    "div",
    { class: "chart-list" },
    series.map(([label, values]) => lineChart(t(label), [{ name: t(label), values }])),
  );
}

export interface ChartLine {
  name: string;
  values: number[];
  /** Drawn dashed (a fork against the real game's solid line). */
  dashed?: boolean;
}

/** One chart: every line on one scale; the caption gives the last value of each line. */
export function lineChart(label: string, lines: readonly ChartLine[], id?: string): HTMLElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 200 60");
  svg.setAttribute("role", "img");
  svg.setAttribute(
    "aria-label",
    lines
      .map(
        (l) => `${lines.length > 1 ? `${l.name} — ` : ""}${label}: ${l.values.map(formatNumber).join(", ")}`,
      )
      .join("; "),
  );
  const max = Math.max(1, ...lines.flatMap((l) => l.values));
  for (const l of lines) {
    const values = l.values;
    if (values.length === 0) continue;
    const pts = values.map(
      (v, i) => `${values.length === 1 ? 100 : (i / (values.length - 1)) * 196 + 2},${58 - (v / max) * 54}`,
    );
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", pts.join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", "currentColor");
    line.setAttribute("stroke-width", "2");
    if (l.dashed) line.setAttribute("stroke-dasharray", "5 3");
    svg.appendChild(line);
  }
  const last = (l: ChartLine) => l.values[l.values.length - 1];
  const caption =
    lines.length === 1
      ? last(lines[0]) !== undefined
        ? `: ${formatNumber(last(lines[0]))}`
        : ""
      : `: ${lines.map((l) => `${l.name} ${last(l) !== undefined ? formatNumber(last(l)) : "—"}`).join(" · ")}`;
  return h("figure", id ? { id } : {}, h("figcaption", {}, label, caption), svg);
}
