// The replay viewer: a finished game scrubbed year by year (the map, the charts of creatives, rent,
// displaced and exports, and each year's report), played forward from its record in the browser
// (client/model/fold.ts); and what-if forks: one change at the start of a year, the rest played again
// with the same seed, shown beside the real game. Opens from the end screen (players and the
// projector) and from a results file on the start page; needs no server.
import type { Action, Actor } from "../../shared/actions.js";
import { CITY_POLICY_KINDS, DISTRICT_POLICY_KINDS } from "../../shared/kinds.js";
import type { GameRecordFile } from "../../shared/record.js";
import { type GameState, tileXY } from "../../shared/state.js";
import { formatNumber, locale, onLocaleChange, t, tk } from "../i18n/index.js";
import {
  citySeries,
  displacedTotal,
  droppableActions,
  type Fork,
  type ForkChange,
  foldFork,
  foldRecord,
  protectableTiles,
  type Timeline,
} from "../model/fold.js";
import { migrationFlows } from "../model/view.js";
import type { CityMap } from "../map/cityMap.js";
import { type ChartLine, lineChart } from "./charts.js";
import { h, replace } from "./dom.js";
import { districtLabel } from "./names.js";
import { renderReport } from "./report.js";

export interface ReplayOptions {
  reducedMotion: boolean;
  /** Open with the fork panel in view (the debrief's "What if…?"). */
  whatIf?: boolean;
  /** Where focus returns when the viewer closes. */
  opener?: HTMLElement | null;
}

type ForkKind = ForkChange["type"];

/** Opens the viewer over the page; returns a function that closes it. */
export function openReplay(record: GameRecordFile, opts: ReplayOptions): () => void {
  document.getElementById("replay")?.remove();
  const root = h("section", {
    class: "replay",
    id: "replay",
    role: "region",
    "aria-labelledby": "replay-title",
    tabindex: -1,
  });
  const body = h("div", { class: "replay-body" });
  const realHost = h("div", { class: "replay-map", id: "replay-map" });
  const forkHost = h("div", { class: "replay-map", id: "fork-map" });
  document.body.appendChild(root);
  document.body.dataset.replay = "1";

  let timeline: Timeline | null = null;
  let fork: Fork | null = null;
  let year = 0;
  let running = false;
  let kind: ForkKind = "districtPolicy";
  let district = 0;
  let policy = 0;
  let cityPolicy = 0;
  let dropEntry = -1;
  let protectTile = -1;
  /** The district's protectable tiles in the scrubbed year (asked of the rules once per year and district). */
  let protectable = { key: "", tiles: [] as number[] };
  let realMap: CityMap | null = null;
  let forkMap: CityMap | null = null;
  let closed = false;
  let reportOpen = false;

  const years = () => (timeline ? timeline.frames.length - 1 : 0);
  const frame = (t0: Timeline) => t0.frames[Math.min(year, t0.frames.length - 1)];

  const close = () => {
    if (closed) return;
    closed = true;
    offLocale();
    realMap?.destroy();
    forkMap?.destroy();
    root.remove();
    document.removeEventListener("keydown", onKey);
    delete document.body.dataset.replay;
    // Back to the button that opened the viewer; if the screen was drawn again meanwhile, the button
    // with its id.
    const opener = opts.opener;
    const back = opener?.isConnected ? opener : opener?.id ? document.getElementById(opener.id) : null;
    back?.focus();
  };

  /** Escape, wherever the focus is: closes the viewer's own year report if it is open, else the viewer
   * — unless another dialog is open (it has the key), or a dialog already answered this Escape. */
  function onKey(ev: KeyboardEvent) {
    if (ev.key !== "Escape" || ev.defaultPrevented || closed) return;
    if ((ev.target as Element | null)?.closest?.(".modal-backdrop")) return;
    if (reportOpen) {
      (root.querySelector("#report-close") as HTMLElement | null)?.click();
      return;
    }
    if (document.querySelector(".modal-backdrop, [aria-modal='true']")) return;
    close();
  }

  const makeMap = (parent: HTMLElement, state: () => GameState | null): Promise<CityMap> =>
    import("../map/cityMap.js").then(async ({ createCityMap }) => {
      const map = await createCityMap({
        parent,
        reducedMotion: opts.reducedMotion,
        onHover: () => undefined,
        onSelect: () => undefined,
        districtLabel: (d) => {
          const s = state();
          // The map numbers its districts itself.
          return s ? districtLabel(s, d).replace(/^\d+ · /, "") : "";
        },
        ownDistrict: () => -1,
      });
      if (closed) map.destroy();
      return map;
    });

  /** Shows the scrubbed year on the maps (the real game, and the fork when there is one). */
  const drawMaps = () => {
    // Each map, once made, says which year it shows (data-map-year, data-fork-map-year).
    const draw = (map: CityMap | null, game: Timeline | null, shown: "mapYear" | "forkMapYear") => {
      if (!map || !game) return;
      map.setState(frame(game));
      if (!opts.reducedMotion) map.playFlows(migrationFlows(game.events[year] ?? []));
      map.fit();
      root.dataset[shown] = String(year);
    };
    draw(realMap, timeline, "mapYear");
    draw(forkMap, fork, "forkMapYear");
  };

  const setYear = (y: number) => {
    year = Math.max(0, Math.min(years(), y));
    render();
    drawMaps();
  };

  /** What a logged action did, in words ("Gallery at (3, 4)"). */
  const describeAction = (action: Action): string => {
    const onOff = (b: boolean) => (b ? t("panel.on") : t("panel.off"));
    switch (action.type) {
      case "placeAnchor":
        return t("fork.act.build", { use: tk("use", action.anchor), x: action.x, y: action.y });
      case "convertFactory":
        return t("fork.act.build", { use: tk("use", action.to), x: action.x, y: action.y });
      case "protectSpace":
        return t(action.protect ? "fork.act.protect" : "fork.act.unprotect", { x: action.x, y: action.y });
      case "setPolicy":
        return t("fork.act.policy", { policy: tk("policy", action.policy), state: onOff(action.enabled) });
      case "decreeCityPolicy":
        return t("fork.act.policy", {
          policy: tk("cityPolicy", action.policy),
          state: onOff(action.enabled),
        });
      case "forgeLink":
        return t("fork.act.link", {
          link: tk("link", action.kind),
          x: action.from.x,
          y: action.from.y,
          x2: action.to.x,
          y2: action.to.y,
        });
      default:
        return action.type;
    }
  };
  const actorName = (state: GameState, actor: Actor): string =>
    actor.kind === "host" ? t("fork.host") : districtLabel(state, actor.district);

  /** The change the panel describes now (null: nothing to change). */
  const currentChange = (): ForkChange | null => {
    if (!timeline) return null;
    const s = frame(timeline);
    if (kind === "districtPolicy") {
      const p = DISTRICT_POLICY_KINDS[policy];
      return { type: "districtPolicy", district, policy: p, enabled: !s.districts[district].policies[p] };
    }
    if (kind === "cityPolicy") {
      const p = CITY_POLICY_KINDS[cityPolicy];
      return { type: "cityPolicy", policy: p, enabled: !s.cityPolicies[p] };
    }
    if (kind === "protect")
      return protectTile >= 0 ? { type: "protect", district, ...tileXY(s, protectTile) } : null;
    return dropEntry >= 0 ? { type: "drop", entry: dropEntry } : null;
  };

  const tilesToProtect = (s: GameState): number[] => {
    const key = `${year}:${district}`;
    if (protectable.key !== key) protectable = { key, tiles: protectableTiles(s, district) };
    return protectable.tiles;
  };
  /** A tile in words: "Studio at (3, 4)". */
  const place = (s: GameState, i: number): string => {
    const { x, y } = tileXY(s, i);
    return t("fork.place", { use: tk("use", s.tiles[i].use), x, y });
  };

  const changeText = (c: ForkChange, s: GameState): string => {
    const onOff = (b: boolean) => (b ? t("panel.on") : t("panel.off"));
    if (c.type === "districtPolicy")
      return t("fork.policyChange", {
        policy: tk("policy", c.policy),
        district: districtLabel(s, c.district),
        state: onOff(c.enabled),
      });
    if (c.type === "cityPolicy")
      return t("fork.cityChange", { policy: tk("cityPolicy", c.policy), state: onOff(c.enabled) });
    if (c.type === "protect")
      return t("fork.protectChange", {
        place: place(s, c.y * s.width + c.x),
        district: districtLabel(s, c.district),
      });
    const e = record.log[c.entry];
    const action = e?.kind === "action" ? `${actorName(s, e.actor)}: ${describeAction(e.action)}` : "";
    return t("fork.dropChange", { action });
  };

  const runFork = () => {
    const change = currentChange();
    if (!timeline || !change || running) return;
    running = true;
    render();
    // Let the page paint "Playing the fork…" before the rules run.
    setTimeout(() => {
      if (closed) return;
      fork = foldFork(record, year, change);
      running = false;
      render();
      const show = () => {
        drawMaps();
        root.dataset.forkReady = "1";
      };
      if (forkMap) show();
      else
        void makeMap(forkHost, () => (fork ? frame(fork) : null)).then((m) => {
          if (closed) return;
          forkMap = m;
          show();
        });
    }, 0);
  };

  const charts = (): HTMLElement => {
    if (!timeline) return h("div");
    const real = citySeries(timeline.final.history, year);
    const other = fork ? citySeries(fork.final.history, year) : null;
    const metrics: [Parameters<typeof t>[0], keyof Omit<typeof real, "years">][] = [
      ["chart.creatives", "creatives"],
      ["chart.rent", "rent"],
      ["chart.displaced", "displaced"],
      ["chart.exports", "exports"],
    ];
    return h(
      "div",
      { class: "chart-list", id: "replay-charts" },
      other
        ? h(
            "p",
            { class: "muted chart-legend", id: "replay-legend" },
            `━ ${t("fork.real")}   ╌ ${t("fork.fork")}`,
          )
        : null,
      metrics.map(([label, key]) => {
        const lines: ChartLine[] = [{ name: t("fork.real"), values: real[key] }];
        if (other) lines.push({ name: t("fork.fork"), values: other[key], dashed: true });
        return lineChart(t(label), lines, `chart-${key}`);
      }),
    );
  };

  const forkPanel = (): HTMLElement => {
    if (!timeline) return h("div");
    const s = frame(timeline);
    const atEnd = year >= years();
    const onOff = (b: boolean) => (b ? t("panel.on") : t("panel.off"));
    const drops = droppableActions(record, year);
    if (kind === "drop" && !drops.some((d) => d.entry === dropEntry)) dropEntry = drops[0]?.entry ?? -1;
    const protect = kind === "protect" ? tilesToProtect(s) : [];
    if (kind === "protect" && !protect.includes(protectTile)) protectTile = protect[0] ?? -1;
    const field = (id: string, label: string, control: HTMLElement) =>
      h("div", { class: "field" }, h("label", { for: id }, label), control);
    /** A labelled select: each option's value, text and whether it is chosen; `set` takes the choice. */
    const choice = (
      id: string,
      label: string,
      options: { value: string; text: string; selected: boolean }[],
      set: (value: string) => void,
    ) =>
      field(
        id,
        label,
        h(
          "select",
          {
            id,
            onchange: (ev: Event) => {
              set((ev.target as HTMLSelectElement).value);
              render();
            },
          },
          options.map((o) => h("option", { value: o.value, selected: o.selected }, o.text)),
        ),
      );
    const kindChoice = choice(
      "fork-kind",
      t("fork.kind"),
      (["districtPolicy", "cityPolicy", "protect", "drop"] as const).map((k) => ({
        value: k,
        text: t(`fork.kind.${k}`),
        selected: k === kind,
      })),
      (v) => {
        kind = v as ForkKind;
      },
    );
    const districtChoice = choice(
      "fork-district",
      t("common.district"),
      s.districts.map((d) => ({
        value: String(d.id),
        text: districtLabel(s, d.id),
        selected: d.id === district,
      })),
      (v) => {
        district = Number(v);
      },
    );
    let detail: HTMLElement[] = [];
    if (kind === "protect") {
      detail = [
        districtChoice,
        protect.length
          ? choice(
              "fork-tile",
              t("fork.space"),
              protect.map((i) => ({ value: String(i), text: place(s, i), selected: i === protectTile })),
              (v) => {
                protectTile = Number(v);
              },
            )
          : h("p", { class: "muted", id: "fork-no-tiles" }, t("fork.noSpaces")),
      ];
    } else if (kind === "districtPolicy") {
      detail = [
        districtChoice,
        choice(
          "fork-policy",
          t("fork.policy"),
          DISTRICT_POLICY_KINDS.map((p, i) => ({
            value: String(i),
            text: `${tk("policy", p)} → ${onOff(!s.districts[district].policies[p])}`,
            selected: i === policy,
          })),
          (v) => {
            policy = Number(v);
          },
        ),
      ];
    } else if (kind === "cityPolicy") {
      detail = [
        choice(
          "fork-city-policy",
          t("fork.policy"),
          CITY_POLICY_KINDS.map((p, i) => ({
            value: String(i),
            text: `${tk("cityPolicy", p)} → ${onOff(!s.cityPolicies[p])}`,
            selected: i === cityPolicy,
          })),
          (v) => {
            cityPolicy = Number(v);
          },
        ),
      ];
    } else {
      detail = drops.length
        ? [
            choice(
              "fork-action",
              t("fork.action"),
              drops.map((d) => ({
                value: String(d.entry),
                text: t("fork.act", {
                  year: d.year + 1,
                  district: actorName(s, d.actor),
                  what: describeAction(d.action),
                }),
                selected: d.entry === dropEntry,
              })),
              (v) => {
                dropEntry = Number(v);
              },
            ),
          ]
        : [h("p", { class: "muted", id: "fork-no-actions" }, t("fork.noActions"))];
    }
    return h(
      "section",
      { class: "fork-panel card", id: "fork-panel", "aria-labelledby": "fork-title" },
      h("h3", { id: "fork-title" }, t("fork.title")),
      atEnd
        ? h("p", { class: "muted", id: "fork-last-year" }, t("fork.lastYear"))
        : [
            h("p", { class: "muted" }, t("fork.intro", { year: year + 1 })),
            kindChoice,
            detail,
            h(
              "button",
              {
                type: "button",
                class: "primary",
                id: "fork-run",
                disabled: running || currentChange() === null,
                onclick: runFork,
              },
              running ? t("fork.running") : t("fork.run"),
            ),
          ],
    );
  };

  const forkResult = (): HTMLElement | null => {
    if (!fork || !timeline) return null;
    const real = displacedTotal(timeline);
    const other = displacedTotal(fork);
    const row = (which: string, label: string, value: number) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, label),
        h("td", { id: `fork-displaced-${which}`, "data-value": String(value) }, formatNumber(value)),
      );
    return h(
      "section",
      { class: "fork-result card", id: "fork-result", "aria-live": "polite" },
      h(
        "p",
        { id: "fork-change" },
        t("fork.change", {
          year: fork.year + 1,
          change: changeText(fork.change, timeline.frames[fork.year]),
        }),
      ),
      fork.applied ? null : h("p", { class: "warn", id: "fork-refused" }, t("fork.refused")),
      h("p", { id: "fork-skipped" }, t("fork.skipped", { count: fork.skipped })),
      h(
        "table",
        { class: "table", id: "fork-figures" },
        h("caption", {}, t("fork.displaced")),
        h("tbody", {}, row("real", t("fork.real"), real), row("fork", t("fork.fork"), other)),
      ),
    );
  };

  const openReport = () => {
    if (!timeline || year < 1 || reportOpen) return;
    const s = frame(timeline);
    const rows = timeline.final.history.filter((r) => r.year <= year);
    reportOpen = true;
    const dialog = renderReport(
      s,
      { year, events: timeline.events[year] ?? [], history: rows.filter((r) => r.year === year) },
      rows,
      -1,
      () => {
        dialog.remove();
        reportOpen = false;
        (root.querySelector("#replay-report") as HTMLElement | null)?.focus();
      },
    );
    root.appendChild(dialog);
    (dialog.querySelector("#report-close") as HTMLElement | null)?.focus();
  };

  function render() {
    // The control in use keeps focus across the redraw (found again by its id).
    const focusId = (document.activeElement as HTMLElement | null)?.id;
    const title = locale() === "zh-CN" ? record.scenario.title.zh : record.scenario.title.en;
    const head = h(
      "header",
      { class: "replay-head" },
      h("h2", { id: "replay-title" }, `${t("replay.title")} — ${title}`),
      h("button", { type: "button", id: "replay-close", onclick: close }, t("common.close")),
    );
    if (!timeline) {
      replace(root, head, h("p", { id: "replay-loading", role: "status" }, t("replay.loading")));
      return;
    }
    root.dataset.year = String(year);
    const ok = timeline.hash === record.hash;
    const slider = h("input", {
      type: "range",
      id: "replay-year",
      min: 0,
      max: years(),
      step: 1,
      value: String(year),
      "aria-valuetext": t("replay.year", { year, years: years() }),
      onchange: (ev: Event) => setYear(Number((ev.target as HTMLInputElement).value)),
    });
    const controls = h(
      "div",
      { class: "replay-controls row wrap" },
      h(
        "button",
        { type: "button", id: "replay-prev", disabled: year <= 0, onclick: () => setYear(year - 1) },
        `◀ ${t("replay.prev")}`,
      ),
      h("label", { class: "sr-only", for: "replay-year" }, t("common.year")),
      slider,
      h(
        "button",
        { type: "button", id: "replay-next", disabled: year >= years(), onclick: () => setYear(year + 1) },
        `${t("replay.next")} ▶`,
      ),
      h(
        "output",
        { id: "replay-year-label", for: "replay-year" },
        t("replay.year", { year, years: years() }),
      ),
    );
    const maps = h(
      "div",
      { class: fork ? "replay-maps two" : "replay-maps" },
      h("figure", {}, h("figcaption", {}, fork ? t("fork.real") : t("replay.map", { year })), realHost),
      fork ? h("figure", {}, h("figcaption", {}, t("fork.fork")), forkHost) : null,
    );
    replace(
      body,
      maps,
      h(
        "aside",
        { class: "replay-side" },
        charts(),
        year >= 1
          ? h("button", { type: "button", id: "replay-report", onclick: openReport }, t("replay.report"))
          : h("p", { class: "muted", id: "replay-start" }, t("replay.start")),
        forkPanel(),
        forkResult(),
      ),
    );
    replace(
      root,
      head,
      h(
        "p",
        { id: "replay-verified", class: ok ? "ok" : "warn", "data-ok": ok ? "1" : "0" },
        t(ok ? "replay.verified" : "replay.mismatch"),
      ),
      controls,
      body,
    );
    if (focusId) (root.querySelector(`#${CSS.escape(focusId)}`) as HTMLElement | null)?.focus();
  }

  const offLocale = onLocaleChange(() => {
    if (!closed) render();
  });
  document.addEventListener("keydown", onKey);

  render();
  root.focus();
  // Let the page paint "Playing the game forward…" before the rules run.
  setTimeout(() => {
    if (closed) return;
    timeline = foldRecord(record);
    year = years();
    if (opts.whatIf) year = Math.max(0, years() - 1);
    render();
    root.dataset.ready = "1";
    if (opts.whatIf) (root.querySelector("#fork-kind") as HTMLElement | null)?.focus();
    void makeMap(realHost, () => (timeline ? frame(timeline) : null)).then((m) => {
      if (closed) return;
      realMap = m;
      drawMaps();
    });
  }, 0);
  return close;
}
