// Small SVG line charts of the city over the years (creatives, output, mean rent), for the projector
// and the end screen; the replay viewer draws a real game and its what-if fork on the same axes. Each
// chart has a text alternative listing its values. lit-html templates (the projector renders them on
// every update; lit-html patches the points and captions that changed).
import { html, nothing, svg, type TemplateResult } from "lit-html";
import { formatNumber, t } from "../i18n/index.js";
import type { AppContext } from "./context.js";
import { toElement } from "./dom.js";

export function cityChartsTemplate(ctx: AppContext): TemplateResult {
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
  return html`<div class="chart-list">
    ${series.map(([label, values]) => lineChartTemplate(t(label), [{ name: t(label), values }]))}
  </div>`;
}

export interface ChartLine {
  name: string;
  values: number[];
  /** Drawn dashed (a fork against the real game's solid line). */
  dashed?: boolean;
}

/** One chart: every line on one scale; the caption gives the last value of each line. */
export function lineChartTemplate(label: string, lines: readonly ChartLine[], id?: string): TemplateResult {
  const alt = lines
    .map((l) => `${lines.length > 1 ? `${l.name} — ` : ""}${label}: ${l.values.map(formatNumber).join(", ")}`)
    .join("; ");
  const max = Math.max(1, ...lines.flatMap((l) => l.values));
  const points = (values: number[]) =>
    values
      .map(
        (v, i) => `${values.length === 1 ? 100 : (i / (values.length - 1)) * 196 + 2},${58 - (v / max) * 54}`,
      )
      .join(" ");
  const last = (l: ChartLine) => l.values[l.values.length - 1];
  const caption =
    lines.length === 1
      ? last(lines[0]) !== undefined
        ? `: ${formatNumber(last(lines[0]))}`
        : ""
      : `: ${lines.map((l) => `${l.name} ${last(l) !== undefined ? formatNumber(last(l)) : "—"}`).join(" · ")}`;
  return html`<figure id=${id ?? nothing}>
    <figcaption>${label}${caption}</figcaption>
    <svg viewBox="0 0 200 60" role="img" aria-label=${alt}>
      ${lines
        .filter((l) => l.values.length > 0)
        .map(
          (l) =>
            svg`<polyline points=${points(l.values)} fill="none" stroke="currentColor" stroke-width="2"
              stroke-dasharray=${l.dashed ? "5 3" : nothing}></polyline>`,
        )}
    </svg>
  </figure>`;
}

/** The same chart as an element, for the screens built with `h()` (the replay viewer). */
export function lineChart(label: string, lines: readonly ChartLine[], id?: string): HTMLElement {
  return toElement(lineChartTemplate(label, lines, id));
}
