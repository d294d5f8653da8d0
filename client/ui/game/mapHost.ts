// The map host: the board with the Phaser city (loaded lazily: the landing page does not pay for it)
// or the text ledger, the map buttons, the hover tip, the status line and the keyboard. It owns the
// cursor, the hovered tile, the touch "armed" tile and the camera's first view; what a click, a tap or
// a key does is decided by client/model/tools.ts.
import { html, render } from "lit-html";
import type { Action } from "../../../shared/actions.js";
import { firmTotal } from "../../../shared/state.js";
import { errorText, formatNumber, t } from "../../i18n/index.js";
import type { CityMap } from "../../map/cityMap.js";
import { loadedMap, loadMap } from "../../map/load.js";
import { actBlocker, type Blocker, centrePan, districtMiddle, zoomToTarget } from "../../model/play.js";
import { cancelTool, clickOutcome, mapKey, type TilePreview, tilePreview } from "../../model/tools.js";
import { defaultTool, migrationFlows, type Overlay, type Tool } from "../../model/view.js";
import { mark } from "../../marks.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h, replace } from "../dom.js";
import { districtLabel, playerName, tileLabel, tileWhat } from "../names.js";
import type { GuideComponent } from "./guide.js";
import { createLedgerView } from "./ledgerView.js";
import { createLegend } from "./legend.js";
import { TOOL_LABEL, type ToolsComponent } from "./tools.js";

type MapModule = typeof import("../../map/cityMap.js");

export interface MapHostDeps {
  ctx(): AppContext;
  tools: ToolsComponent;
  guide: Pick<GuideComponent, "marker" | "reposition" | "acted">;
  send(action: Action): void;
  /** Shows a tile in the inspector (a click with nothing to do, or a ledger row). */
  inspect(i: number): void;
  openReports(): void;
  openDebrief(): void;
  /** The city is drawn: the map, or the ledger when the map cannot load. */
  onDrawn(how: "map" | "ledger"): void;
}

export interface MapHostComponent {
  readonly el: HTMLElement;
  /** The map's box (focus returns here when a dialog closes). */
  readonly box: HTMLElement;
  map(): CityMap | null;
  /** The tool in hand changed (`picked`: put in hand, not only a new state). */
  toolChanged(tool: Tool, mask: Uint8Array | null, picked: boolean): void;
  setOverlay(overlay: Overlay): void;
  /** Puts the cursor on a tile and returns its position on the map's canvas (the guide's marker). */
  pointAt(i: number): { x: number; y: number } | null;
  /** The city changed: the map draws it. */
  setState(): void;
  /** The tip and the status line say what the tile under the pointer or cursor is now (after a build,
   * or when a click can no longer act: never a stale ✓). */
  refresh(): void;
  drawLedger(): void;
  playFlows(events: Parameters<typeof migrationFlows>[0]): void;
  setReducedMotion(on: boolean): void;
  relabel(): void;
  destroy(): void;
}

/** The words of a tile's preview (the tip and the status line). */
function previewWords(p: TilePreview): string {
  switch (p.kind) {
    case "none":
      return "";
    case "blocked":
      return `✗ ${errorText(p.code)}`;
    case "pickTarget":
      return t("tools.pickTarget");
    case "notHere":
      return errorText("not_your_tile");
    case "bad":
      return `✗ ${errorText(p.code, p.params)}`;
    case "proposal":
      return `✓ ${t("tools.proposal")}`;
    case "cost":
      return `✓ ${p.cost < 0 ? t("tools.refund", { refund: -p.cost }) : t("tools.cost", { cost: p.cost })}`;
  }
}

export function createMapHost(deps: MapHostDeps, projector: boolean): MapHostComponent {
  const { tools, guide } = deps;
  let map: CityMap | null = null;
  let destroyed = false;
  let cursor: number | null = null;
  let hover: number | null = null;
  /** The last clicks or taps on the map and what each did (a test hook: a failing test can say). */
  const actLog: { tile: number; outcome: string; from: number | null }[] = [];
  /** The tile a first tap previewed (touch). */
  let armed: number | null = null;
  let reducedMotion = deps.ctx().prefs.reducedMotion;

  const box = h("div", {
    class: "map",
    id: "map",
    tabindex: 0,
    role: "application",
    "aria-label": t("map.label"),
    "aria-describedby": "status-line",
  });
  const tip = h("div", { class: "map-tip", id: "map-tip", hidden: true, "aria-hidden": "true" });
  // The status line follows the pointer silently; keyboard moves are also read out by `live`.
  const status = h("div", { class: "status-line", id: "status-line" });
  const live = h("div", { class: "sr-only", id: "map-live", "aria-live": "polite" });
  const buttons = h("div", { class: "map-buttons" });
  const legend = createLegend();
  const ledger = createLedgerView({
    ctx: deps.ctx,
    tools,
    canAct: () => blocker() === null,
    onSelect: (i) => {
      setCursor(i);
      deps.inspect(i);
    },
    onAct: (i) => act(i),
  });
  const el = h("section", { class: "board" }, buttons, box, ledger.el, status, live, legend.el);
  box.appendChild(guide.marker);

  const mine = () => myDistrict(deps.ctx());
  const blocker = (): Blocker | null => actBlocker(deps.ctx().view, mine(), projector);

  function setCursor(i: number) {
    cursor = i;
    map?.setCursor(i);
  }

  // The map's box changes size without the window doing so (the guide comes and goes, the sheet, the
  // phone bars): tell Phaser's scale manager, which listens to the window, once a frame at most.
  let resizeFrame = 0;
  const resizeObserver =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver(() => {
          if (resizeFrame) return;
          resizeFrame = requestAnimationFrame(() => {
            resizeFrame = 0;
            placeToasts();
            window.dispatchEvent(new Event("resize"));
            // The map refits on that event: put the guide's marker back on its tile after it.
            requestAnimationFrame(() => guide.reposition());
          });
        });
  resizeObserver?.observe(box);
  resizeObserver?.observe(ledger.el);

  /** Passing toasts on a phone start at the top of the map (or of the text ledger in its place), under
   * the HUD and the map's buttons: `--map-top` (styles.css) follows the box as the HUD grows or shrinks. */
  function placeToasts() {
    const shown = box.hidden ? ledger.el : box;
    const r = shown.getBoundingClientRect();
    const root = document.documentElement.style;
    if (destroyed || r.height <= 0) root.removeProperty("--map-top");
    else root.setProperty("--map-top", `${Math.round(r.top)}px`);
  }

  /** Draws the city with the map's module (already loaded when the join link preloaded it). */
  async function startMap({ createCityMap }: MapModule): Promise<void> {
    mark("cq:map-chunk");
    if (destroyed) return;
    const ctx = deps.ctx();
    map = await createCityMap({
      parent: box,
      reducedMotion,
      onHover: (i) => {
        hover = i;
        showStatus(i);
        showTip(i);
      },
      onSelect: (i, touch) => {
        setCursor(i);
        act(i, touch);
      },
      districtLabel: (d) => districtLabel(deps.ctx().game, d).replace(/^\d+ · /, ""),
      ownDistrict: () => (projector ? -1 : mine()),
      districtPlayers: (d) =>
        Object.values(deps.ctx().view.players)
          .filter((p) => p.district === d && !p.isProjector)
          .map((p) => playerName(deps.ctx().game, p))
          .join(", "),
    });
    mark("cq:phaser-boot");
    if (destroyed) {
      map.destroy();
      return;
    }
    map.setState(ctx.game);
    map.setOverlay(tools.overlay());
    map.setMask(tools.tool().type === "inspect" ? null : tools.mask());
    if (ctx.lastReport && ctx.lastReport.year === ctx.game.year)
      map.playFlows(migrationFlows(ctx.lastReport.events));
    box.appendChild(tip);
    exposeTestHooks();
    if (!projector && matchMedia("(max-width: 900px)").matches) firstView();
    mark("cq:map-drawn");
    deps.onDrawn("map");
    guide.reposition();
  }

  /** No map (the chunk failed to load, or no canvas): the text ledger still plays the whole game. */
  function noMap() {
    if (destroyed || projector) return;
    deps.ctx().toast(t("map.failed"), "error");
    ledger.show(true);
    box.hidden = true;
    drawButtons();
    deps.onDrawn("ledger");
  }

  // A microtask, not a task: the screen is in the page by then (Phaser sizes its canvas from the box),
  // and nothing else (the state patches queued behind) runs first.
  const loaded = loadedMap();
  (loaded ? Promise.resolve(loaded) : loadMap()).then(startMap).catch(noMap);

  /** The first view: tiles big enough to tap (24 CSS px, WCAG 2.2 target size), centred on my
   * district. Done through the map's public zoom and pan (the camera itself is the map's). */
  function firstView() {
    const a = tileToScreen(0);
    const b = tileToScreen(1);
    if (!a || !b || !map) return;
    const f = zoomToTarget(b.x - a.x);
    if (f > 1) map.zoomBy(f);
    // The camera's view of the world settles on the next frame: measure and pan then.
    requestAnimationFrame(() => requestAnimationFrame(() => centreOnMine()));
  }

  function centreOnMine() {
    if (!map || destroyed) return;
    const g = deps.ctx().game;
    const target = tileToScreen(districtMiddle(g, mine()));
    const first = tileToScreen(0);
    const second = tileToScreen(1);
    const last = tileToScreen(g.width * g.height - 1);
    const zoom = map.view().zoom;
    if (!target || !first || !second || !last || zoom <= 0) return;
    const pan = centrePan({
      target,
      first,
      last,
      box: box.getBoundingClientRect(),
      tile: second.x - first.x,
      zoom,
    });
    map.panBy(pan.dx, pan.dy);
    requestAnimationFrame(() => guide.reposition());
  }

  /** Read-only hooks for the browser tests and measurements (window.__cq). */
  function exposeTestHooks() {
    const w = window as unknown as { __cq?: Record<string, unknown> };
    w.__cq = {
      ...(w.__cq ?? {}),
      fps: () => map?.fps() ?? 0,
      mapReducedMotion: () => reducedMotion,
      mapView: () => map?.view() ?? null,
      tool: () => tools.tool(),
      legalTiles: () => {
        const mask = tools.mask();
        return mask ? [...mask.keys()].filter((i) => mask[i]) : [];
      },
      tileToScreen: (i: number) => tileToScreen(i),
      hovered: () => hover,
      acts: () => actLog.slice(),
    };
  }

  function tileToScreen(i: number): { x: number; y: number } | null {
    const canvas = box.querySelector("canvas");
    // The default zoom may leave a tile out of view: bring it in first (what a player would do).
    map?.reveal(i);
    const p = map?.tileToCanvas(i);
    if (!canvas || !p) return null;
    const r = canvas.getBoundingClientRect();
    return { x: r.left + p.x * (r.width / canvas.width), y: r.top + p.y * (r.height / canvas.height) };
  }

  function previewText(i: number): string {
    const ctx = deps.ctx();
    return previewWords(tilePreview(ctx.game, tools.tool(), i, mine(), blocker(), tools.mask()));
  }

  function showStatus(i: number | null) {
    const g = deps.ctx().game;
    const tool = tools.tool();
    if (i === null) {
      status.textContent =
        tool.type === "link" ? t(tool.from === null ? "tools.pickSource" : "tools.pickTarget") : "";
      return;
    }
    const tile = g.tiles[i];
    if (!tile) return;
    const base = `${t("tile.at", { x: i % g.width, y: Math.floor(i / g.width) })} · ${tileWhat(tile)} · ${districtLabel(g, tile.district)} · ${t("tile.rent")} ${formatNumber(tile.rent)} · ${t("tile.creatives")} ${formatNumber(tile.creatives)}`;
    const p = previewText(i);
    status.textContent = p ? `${base} — ${p}` : base;
  }

  /** A tooltip beside the hovered tile (pointer only; the status line says the same for keyboards). */
  function showTip(i: number | null) {
    const g = deps.ctx().game;
    const p = i === null ? null : map?.tileToCanvas(i);
    const tile = i === null ? undefined : g.tiles[i];
    if (i === null || !p || !tile) {
      tip.hidden = true;
      return;
    }
    const preview = previewText(i);
    replace(
      tip,
      h("strong", {}, tileWhat(tile)),
      ` · ${districtLabel(g, tile.district)}`,
      h("br"),
      `${t("tile.rent")} ${formatNumber(tile.rent)} · ${t("tile.creatives")} ${formatNumber(tile.creatives)} · ${t("tile.firms")} ${formatNumber(firmTotal(tile))}`,
      preview ? h("div", { class: preview.startsWith("✗") ? "tip-bad" : "tip-ok" }, preview) : null,
    );
    tip.hidden = false;
    const flip = p.x > box.clientWidth - 260;
    tip.style.left = `${flip ? p.x - 16 - tip.offsetWidth : p.x + 16}px`;
    tip.style.top = `${Math.min(p.y + 12, box.clientHeight - tip.offsetHeight - 4)}px`;
  }

  /** The tip and status line under a still pointer describe the tile as it is now. */
  function refresh() {
    if (hover !== null) showTip(hover);
    if (hover !== null || cursor !== null) showStatus(hover ?? cursor);
  }

  /** Acts on tile i with the tool in hand (client/model/tools.ts decides what that means). */
  function act(i: number, touch = false) {
    const ctx = deps.ctx();
    const tool = tools.tool();
    const out = clickOutcome(ctx.game, tool, i, mine(), blocker(), tools.mask(), armed, touch);
    actLog.push({ tile: i, outcome: out.kind, from: tool.type === "link" ? tool.from : null });
    if (actLog.length > 20) actLog.shift();
    switch (out.kind) {
      case "inspect":
        if (out.warn) ctx.toast(errorText(out.warn), "error");
        deps.inspect(i);
        showStatus(i);
        return;
      case "linkRefused":
        ctx.toast(
          previewWords(out.preview) || errorText("link_endpoints", { kind: (tool as { kind: string }).kind }),
          "error",
        );
        return;
      case "linkFrom":
        tools.set({ ...(tool as Tool & { type: "link" }), from: out.from });
        showStatus(i);
        return;
      case "refused":
        ctx.toast(errorText(out.code, out.params), "error");
        return;
      case "arm":
        armed = i;
        showStatus(i);
        status.textContent = `${status.textContent} — ${t("tools.tapAgain")}`;
        live.textContent = status.textContent;
        return;
      case "send":
        armed = null;
        deps.send(out.action);
        guide.acted(ctx);
        ctx.toast(`${t("tools.sent")}: ${t(TOOL_LABEL[tool.type])} — ${tileLabel(ctx.game, i)}`);
        if (tool.type === "link") tools.set({ ...tool, from: null });
        return;
      case "nothing":
        return;
    }
  }

  // Keyboard on the map: arrows move the cursor, Enter acts, +/- zoom, Shift+arrows pan, Esc cancels.
  box.addEventListener("keydown", (ev) => {
    const g = deps.ctx().game;
    const cmd = mapKey(ev.key, ev.shiftKey, cursor, g, mine(), projector);
    if (!cmd) return;
    ev.preventDefault();
    if (cmd.kind === "move") {
      setCursor(cmd.cursor);
      showStatus(cmd.cursor);
      live.textContent = status.textContent;
    } else if (cmd.kind === "pan") map?.panBy(cmd.dx, cmd.dy);
    else if (cmd.kind === "act") {
      setCursor(cmd.cursor);
      act(cmd.cursor);
    } else if (cmd.kind === "zoom") map?.zoomBy(cmd.factor);
    else if (cmd.kind === "fit") map?.fit();
    else if (cmd.kind === "cancel") tools.set(cancelTool(tools.tool()));
    else if (cmd.kind === "tool") tools.set(defaultTool(cmd.type));
  });

  function drawButtons() {
    const showLedger = ledger.shown();
    render(
      html`<button type="button" aria-label=${t("map.zoomIn")} @click=${() => map?.zoomBy(1.25)}>+</button>
        <button type="button" aria-label=${t("map.zoomOut")} @click=${() => map?.zoomBy(0.8)}>−</button>
        <button type="button" id="map-fit" aria-label=${t("map.fit")} @click=${() => map?.fit()}>⤢</button>
        <button type="button" id="toggle-ledger" aria-pressed=${String(showLedger)} @click=${toggleLedger}
          >${showLedger ? t("map.showMap") : t("map.showLedger")}</button
        >
        <button type="button" id="open-reports" @click=${deps.openReports}>${t("reports.open")}</button>
        <button type="button" id="open-debrief" @click=${deps.openDebrief}>${t("map.debrief")}</button>`,
      buttons,
    );
  }

  function toggleLedger() {
    const show = !ledger.shown();
    ledger.show(show);
    box.hidden = show;
    drawButtons();
  }

  drawButtons();
  legend.draw(tools.overlay());

  return {
    el,
    box,
    map: () => map,
    toolChanged(tool, mask, picked) {
      map?.setMask(mask);
      if (!picked) return;
      armed = null;
      map?.setPending(tool.type === "link" ? tool.from : null);
      showStatus(hover ?? cursor);
      ledger.draw();
    },
    setOverlay(overlay) {
      map?.setOverlay(overlay);
      legend.draw(overlay);
    },
    pointAt(i) {
      setCursor(i);
      return map?.tileToCanvas(i) ?? null;
    },
    setState() {
      map?.setState(deps.ctx().game);
    },
    refresh,
    drawLedger: () => ledger.draw(),
    playFlows(events) {
      map?.playFlows(migrationFlows(events));
    },
    setReducedMotion(on) {
      if (on === reducedMotion) return;
      reducedMotion = on;
      map?.setReducedMotion(on);
    },
    relabel() {
      box.setAttribute("aria-label", t("map.label"));
      drawButtons();
      legend.draw(tools.overlay());
      map?.relabel();
      ledger.draw();
    },
    destroy() {
      destroyed = true;
      resizeObserver?.disconnect();
      cancelAnimationFrame(resizeFrame);
      placeToasts();
      map?.destroy();
    },
  };
}
