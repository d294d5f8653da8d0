// The game screen: it composes the components of client/ui/game/ (HUD, year reports, offer toasts,
// the guided first turn, glossary tips) with the tools (previews from the shared rules), the Phaser
// map (or the text ledger) and the side sheet: tile inspector, policies, inbox, chat, host console.
import { type Action, placementCost } from "../../shared/actions.js";
import { firmTotal } from "../../shared/state.js";
import { errorText, formatNumber, locale, t, tk } from "../i18n/index.js";
import type { CityMap } from "../map/cityMap.js";
import type { LandUse } from "../../shared/kinds.js";
import { artIcon } from "../map/art.js";
import { LINK_STYLES, USE_STYLES } from "../map/palette.js";
import {
  actionFor,
  countLegal,
  defaultTool,
  legalMask,
  migrationFlows,
  OVERLAYS,
  type Overlay,
  previewAction,
  TOOL_TYPES,
  type Tool,
  type ToolType,
  toolKinds,
} from "../model/view.js";
import { actBlocker, conversionCosts, districtMiddle, zoomToTarget } from "../model/play.js";
import type { AppContext, Screen } from "./context.js";
import { myDistrict } from "./context.js";
import { h, renderIfChanged, replace } from "./dom.js";
import { renderLedger } from "./ledger.js";
import { districtLabel, playerName, tileLabel, tileWhat } from "./names.js";
import { createChat } from "./game/chat.js";
import { createProjectorSide } from "./game/projectorSide.js";
import { createGuide } from "./game/guide.js";
import { type GlossKey, gloss } from "./game/gloss.js";
import { createHud } from "./game/hud.js";
import { createOffers } from "./game/offers.js";
import { createReports } from "./game/reports.js";
import { renderHostConsole } from "./hostConsole.js";
import { type PanelDeps, renderInbox, renderInspector, renderPolicies } from "./panels.js";
import { debriefDialog } from "./debrief.js";

type Tab = "inspector" | "policies" | "inbox" | "chat" | "host";

const TOOL_LABEL: Record<ToolType, Parameters<typeof t>[0]> = {
  inspect: "tools.inspect",
  anchor: "tools.anchor",
  convert: "tools.convert",
  build: "tools.build",
  link: "tools.link",
  demolish: "tools.demolish",
  protect: "tools.protect",
};

const KIND_PREFIX: Partial<Record<ToolType, string>> = {
  anchor: "use",
  convert: "use",
  build: "use",
  link: "link",
};

export function gameScreen(ctx0: AppContext, projector = false): Screen {
  let ctx = ctx0;
  let tool: Tool = { type: "inspect" };
  let mask: Uint8Array | null = null;
  let maskKey = "";
  let cursor: number | null = null;
  let selected: number | null = null;
  let hover: number | null = null;
  let overlay: Overlay = "none";
  let tab: Tab = ctx.you?.isHost ? "host" : "inspector";
  let showLedger = false;
  let ledgerDistrict = myDistrict(ctx);
  let map: CityMap | null = null;
  let destroyed = false;
  let lastState = ctx.game;
  /** The fair start has been told that this map is ready. */
  let readySent = false;
  let lastPhase = ctx.view.phase;
  let lastPaused = ctx.view.paused;
  /** The tile a first tap previewed (touch). */
  let armed: number | null = null;
  let reducedMotion = ctx.prefs.reducedMotion;

  const el = h("main", {
    class: projector ? "game projector" : "game",
    id: projector ? "screen-projector" : "screen-game",
  });
  const hud = createHud(projector);
  const tools = h("aside", { class: "tools", "aria-label": t("tools.title") });
  const mapBox = h("div", {
    class: "map",
    id: "map",
    tabindex: 0,
    role: "application",
    "aria-label": t("map.label"),
    "aria-describedby": "status-line",
  });
  const ledger = h("div", { class: "ledger", id: "ledger", hidden: true });
  const tip = h("div", { class: "map-tip", id: "map-tip", hidden: true, "aria-hidden": "true" });
  // The status line follows the pointer silently; keyboard moves are also read out by `live`.
  const status = h("div", { class: "status-line", id: "status-line" });
  const live = h("div", { class: "sr-only", id: "map-live", "aria-live": "polite" });
  const mapButtons = h("div", { class: "map-buttons" });
  // The legend scrolls on small screens: it takes focus so the keyboard can scroll it too.
  const legend = h("div", { class: "legend", id: "legend", tabindex: 0, role: "region" });
  const board = h("section", { class: "board" }, mapButtons, mapBox, ledger, status, live, legend);
  const side = h("aside", { class: "side", id: "side-sheet", "aria-label": t("panel.panels") });
  const sheetClose = h(
    "button",
    {
      type: "button",
      class: "sheet-close",
      id: "sheet-close",
      "aria-label": t("common.close"),
      onclick: () => setSheet(false),
    },
    "×",
  );
  const tabs = h("div", { class: "tabs", role: "tablist" });
  const panel = h("div", { class: "panel", role: "tabpanel", id: "side-panel" });
  const chat = createChat();
  const projectorSide = createProjectorSide();
  const reportHost = h("div", { id: "report-host" });
  const debriefHost = h("div", { id: "debrief-host" });
  side.append(h("div", { class: "sheet-head" }, tabs, sheetClose), panel);

  const mine = () => myDistrict(ctx);
  const blocker = () => actBlocker(ctx.view, mine(), projector);
  const canAct = () => blocker() === null;

  const reports = createReports(reportHost, () => mapBox.focus(), projector);
  const offers = createOffers((a) => send(a));
  const guide = createGuide(
    {
      setTool: (next) => setTool(next),
      pointAt: (i) => {
        cursor = i;
        map?.setCursor(i);
        return map?.tileToCanvas(i) ?? null;
      },
    },
    // Students (and a host who plays a district, solo); not the instructor watching the class.
    !projector && (!ctx.you?.isHost || myDistrict(ctx) >= 0),
  );
  mapBox.appendChild(guide.marker);
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
            window.dispatchEvent(new Event("resize"));
            // The map refits on that event: put the guide's marker back on its tile after it.
            requestAnimationFrame(() => guide.reposition());
          });
        });
  resizeObserver?.observe(mapBox);
  if (projector) el.append(hud.el, board, projectorSide.el, reportHost, debriefHost);
  else el.append(hud.el, guide.el, tools, board, side, offers.el, reportHost, debriefHost);
  el.dataset.sheet = "closed";

  /** Phones: the side panels are a sheet over the map, opened from a tab and closed with ×. */
  function setSheet(open: boolean) {
    el.dataset.sheet = open ? "open" : "closed";
    if (!open) mapBox.focus();
  }

  // ------------------------------------------------------------------------------------------------
  // The map (Phaser is loaded lazily: the landing screen does not pay for it).

  void import("../map/cityMap.js")
    .then(async ({ createCityMap }) => {
      if (destroyed) return;
      map = await createCityMap({
        parent: mapBox,
        reducedMotion,
        onHover: (i) => {
          hover = i;
          showStatus(i);
          showTip(i);
        },
        onSelect: (i, touch) => {
          cursor = i;
          map?.setCursor(i);
          act(i, touch);
        },
        districtLabel: (d) => districtLabel(ctx.game, d).replace(/^\d+ · /, ""),
        ownDistrict: () => (projector ? -1 : mine()),
        districtPlayers: (d) =>
          Object.values(ctx.view.players)
            .filter((p) => p.district === d && !p.isProjector)
            .map((p) => playerName(ctx.game, p))
            .join(", "),
      });
      if (destroyed) {
        map.destroy();
        return;
      }
      map.setState(ctx.game);
      map.setOverlay(overlay);
      map.setMask(tool.type === "inspect" ? null : mask);
      if (ctx.lastReport && ctx.lastReport.year === ctx.game.year)
        map.playFlows(migrationFlows(ctx.lastReport.events));
      mapBox.appendChild(tip);
      exposeTestHooks();
      if (!projector && matchMedia("(max-width: 900px)").matches) firstView();
      el.dataset.mapLoaded = "1";
      markPlayable();
      sendReady();
      guide.reposition();
    })
    .catch(() => {
      // No map (the chunk failed to load, or no canvas): the text ledger still plays the whole game.
      if (destroyed || projector) return;
      ctx.toast(t("map.failed"), "error");
      showLedger = true;
      mapBox.hidden = true;
      ledger.hidden = false;
      renderMapButtons();
      renderLedgerView();
      el.dataset.mapLoaded = "ledger";
      sendReady();
    });

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
    const target = tileToScreen(districtMiddle(ctx.game, mine()));
    const r = mapBox.getBoundingClientRect();
    const g = ctx.game;
    const p0 = tileToScreen(0);
    const p1 = tileToScreen(1);
    const last = tileToScreen(g.width * g.height - 1);
    const zoom = map.view().zoom;
    if (!target || !p0 || !p1 || !last || zoom <= 0) return;
    const size = p1.x - p0.x;
    // Centre the district, but never show beyond the city's edges.
    const shift = (want: number, lo: number, hi: number, boxLo: number, boxHi: number) => {
      if (hi - lo <= boxHi - boxLo) return (lo + hi) / 2 - (boxLo + boxHi) / 2;
      return Math.min(Math.max(want, lo - boxLo), hi - boxHi);
    };
    const sx = shift(target.x - (r.left + r.width / 2), p0.x - size / 2, last.x + size / 2, r.left, r.right);
    const sy = shift(target.y - (r.top + r.height / 2), p0.y - size / 2, last.y + size / 2, r.top, r.bottom);
    const tileWorld = size / zoom;
    // panBy moves by 2 tiles per step divided by the zoom (at least 0.5): invert that.
    const step = (2 * tileWorld) / Math.max(0.5, zoom);
    const dx = sx / zoom / step;
    const dy = sy / zoom / step;
    map.panBy(dx, dy);
    requestAnimationFrame(() => guide.reposition());
  }

  /** `data-map-ready` says the map is drawn and the clock runs (the fair start is over): a page can
   * be played from then on. `data-map-loaded` says only that the map is drawn. */
  function markPlayable() {
    if (el.dataset.mapLoaded && ctx.view.phase !== "starting") el.dataset.mapReady = "1";
  }

  /** Fair start: tell the room this player can see the city (the ledger counts too). */
  function sendReady() {
    if (readySent || destroyed || ctx.view.phase !== "starting") return;
    readySent = true;
    ctx.conn.send({ type: "ready" });
  }

  /** Read-only hooks for the browser tests and measurements (window.__cq). */
  function exposeTestHooks() {
    const w = window as unknown as { __cq?: Record<string, unknown> };
    w.__cq = {
      ...(w.__cq ?? {}),
      fps: () => map?.fps() ?? 0,
      mapReducedMotion: () => reducedMotion,
      mapView: () => map?.view() ?? null,
      tool: () => tool,
      legalTiles: () => (mask ? [...mask.keys()].filter((i) => mask![i]) : []),
      tileToScreen: (i: number) => tileToScreen(i),
    };
  }

  function tileToScreen(i: number): { x: number; y: number } | null {
    const canvas = mapBox.querySelector("canvas");
    // The default zoom may leave a tile out of view: bring it in first (what a player would do).
    map?.reveal(i);
    const p = map?.tileToCanvas(i);
    if (!canvas || !p) return null;
    const r = canvas.getBoundingClientRect();
    return { x: r.left + p.x * (r.width / canvas.width), y: r.top + p.y * (r.height / canvas.height) };
  }

  // ------------------------------------------------------------------------------------------------
  // Tools, previews and acting

  function recomputeMask() {
    const key = `${JSON.stringify(tool)}|${ctx.game.year}|${ctx.view.nextId}|${mine()}|${ctx.game.districts[mine()]?.budget}`;
    if (key === maskKey && lastState === ctx.game) return;
    maskKey = key;
    mask = tool.type === "inspect" ? null : legalMask(ctx.game, tool, mine());
    map?.setMask(mask);
  }

  function previewText(i: number): string {
    if (tool.type === "inspect" || mine() < 0) return "";
    // Paused, or not the planning phase: say why a click will not act (never a ✓ that does nothing).
    const why = blocker();
    if (why) return `✗ ${errorText(why)}`;
    const action = actionFor(ctx.game, tool, i);
    if (!action) return mask?.[i] ? t("tools.pickTarget") : errorText("not_your_tile");
    const p = previewAction(ctx.game, action, mine());
    if (!p.ok) return `✗ ${errorText(p.error!.code, p.error!.params)}`;
    if (p.proposal) return `✓ ${t("tools.proposal")}`;
    return `✓ ${p.cost < 0 ? t("tools.refund", { refund: -p.cost }) : t("tools.cost", { cost: p.cost })}`;
  }

  function showStatus(i: number | null) {
    if (i === null) {
      status.textContent =
        tool.type === "link" ? t(tool.from === null ? "tools.pickSource" : "tools.pickTarget") : "";
      return;
    }
    const tile = ctx.game.tiles[i];
    if (!tile) return;
    const base = `${t("tile.at", { x: i % ctx.game.width, y: Math.floor(i / ctx.game.width) })} · ${tileWhat(tile)} · ${districtLabel(ctx.game, tile.district)} · ${t("tile.rent")} ${formatNumber(tile.rent)} · ${t("tile.creatives")} ${formatNumber(tile.creatives)}`;
    const p = previewText(i);
    status.textContent = p ? `${base} — ${p}` : base;
  }

  /** A tooltip beside the hovered tile (pointer only; the status line says the same for keyboards). */
  function showTip(i: number | null) {
    const p = i === null ? null : map?.tileToCanvas(i);
    const tile = i === null ? undefined : ctx.game.tiles[i];
    if (i === null || !p || !tile) {
      tip.hidden = true;
      return;
    }
    const preview = previewText(i);
    replace(
      tip,
      h("strong", {}, tileWhat(tile)),
      ` · ${districtLabel(ctx.game, tile.district)}`,
      h("br"),
      `${t("tile.rent")} ${formatNumber(tile.rent)} · ${t("tile.creatives")} ${formatNumber(tile.creatives)} · ${t("tile.firms")} ${formatNumber(firmTotal(tile))}`,
      preview ? h("div", { class: preview.startsWith("✗") ? "tip-bad" : "tip-ok" }, preview) : null,
    );
    tip.hidden = false;
    const flip = p.x > mapBox.clientWidth - 260;
    tip.style.left = `${flip ? p.x - 16 - tip.offsetWidth : p.x + 16}px`;
    tip.style.top = `${Math.min(p.y + 12, mapBox.clientHeight - tip.offsetHeight - 4)}px`;
  }

  function send(action: Action) {
    ctx.conn.send({ type: "action", action });
  }
  const panelDeps: PanelDeps = {
    get ctx() {
      return ctx;
    },
    mine,
    canAct,
    send,
  };

  /** Acts on tile i with the tool in hand. A finger has seen no hover preview, so a touch first
   * shows the preview and the second tap on the same tile acts. */
  function act(i: number, touch = false) {
    selected = i;
    const why = blocker();
    if (tool.type !== "inspect" && why && why !== "projector_read_only") ctx.toast(errorText(why), "error");
    if (tool.type === "inspect" || why) {
      tab = projector ? tab : "inspector";
      renderSide(true);
      showStatus(i);
      return;
    }
    if (tool.type === "link" && tool.from === null) {
      if (!mask?.[i]) {
        ctx.toast(previewText(i) || errorText("link_endpoints", { kind: tool.kind }), "error");
        return;
      }
      tool = { ...tool, from: i };
      map?.setPending(i);
      recomputeMask();
      renderTools();
      showStatus(i);
      return;
    }
    const action = actionFor(ctx.game, tool, i);
    if (!action) return;
    const p = previewAction(ctx.game, action, mine());
    if (!p.ok) {
      ctx.toast(errorText(p.error!.code, p.error!.params), "error");
      return;
    }
    if (touch && armed !== i) {
      armed = i;
      showStatus(i);
      status.textContent = `${status.textContent} — ${t("tools.tapAgain")}`;
      live.textContent = status.textContent;
      return;
    }
    armed = null;
    send(action);
    guide.acted(ctx);
    ctx.toast(`${t("tools.sent")}: ${t(TOOL_LABEL[tool.type])} — ${tileLabel(ctx.game, i)}`);
    if (tool.type === "link") {
      tool = { ...tool, from: null };
      map?.setPending(null);
      recomputeMask();
      renderTools();
    }
  }

  function setTool(next: Tool) {
    tool = next;
    armed = null;
    map?.setPending(null);
    recomputeMask();
    renderTools();
    showStatus(hover ?? cursor);
    if (showLedger) renderLedgerView();
  }

  function renderTools() {
    if (projector) return;
    const kinds = toolKinds(tool.type);
    const prefix = KIND_PREFIX[tool.type];
    const kindSel =
      kinds.length > 0
        ? h(
            "select",
            {
              id: "tool-kind",
              "aria-label": t("tools.kind"),
              dataset: { focusId: "tool-kind" },
              onchange: (ev: Event) => {
                const v = (ev.target as HTMLSelectElement).value;
                setTool({
                  ...(tool as Tool & { kind: string }),
                  kind: v,
                  ...(tool.type === "link" ? { from: null } : {}),
                } as Tool);
              },
            },
            kinds.map((k) =>
              h(
                "option",
                { value: k, selected: "kind" in tool && tool.kind === k },
                `${tk(prefix!, k)}${kindCost(k)}`,
              ),
            ),
          )
        : null;
    const key = JSON.stringify([
      tool,
      mask ? countLegal(mask) : -1,
      mine(),
      locale(),
      overlay,
      ctx.game.districts[mine()]?.character,
    ]);
    renderIfChanged(tools, key, () => [
      h("h2", {}, t("tools.title")),
      h(
        "div",
        { class: "tool-buttons", role: "radiogroup", "aria-label": t("tools.title") },
        TOOL_TYPES.map((ty, n) =>
          h(
            "button",
            {
              type: "button",
              role: "radio",
              "aria-checked": String(tool.type === ty),
              class: tool.type === ty ? "tool active" : "tool",
              id: `tool-${ty}`,
              dataset: { focusId: `tool-${ty}` },
              disabled: ty !== "inspect" && mine() < 0,
              title: `${t(TOOL_LABEL[ty])} (${n + 1})`,
              onclick: () => setTool(defaultTool(ty)),
            },
            h("span", { class: "key" }, String(n + 1)),
            t(TOOL_LABEL[ty]),
          ),
        ),
      ),
      kindSel,
      tool.type !== "inspect" && mask
        ? h("p", { class: "hint", id: "legal-count" }, t("tools.legalCount", { n: countLegal(mask) }))
        : null,
      tool.type === "link"
        ? h("p", { class: "hint" }, t(tool.from === null ? "tools.pickSource" : "tools.pickTarget"))
        : tool.type !== "inspect"
          ? h("p", { class: "hint" }, t("tools.pickTile"))
          : null,
      h("label", { for: "overlay" }, t("overlay.title")),
      h(
        "select",
        {
          id: "overlay",
          dataset: { focusId: "overlay" },
          onchange: (ev: Event) => {
            overlay = (ev.target as HTMLSelectElement).value as Overlay;
            map?.setOverlay(overlay);
            renderLegend();
          },
        },
        OVERLAYS.map((o) =>
          h("option", { value: o, selected: o === overlay }, t(`overlay.${o}` as Parameters<typeof t>[0])),
        ),
      ),
    ]);
  }

  /** The price of a kind for my district, by the rules' own cost function (links: by length). */
  function kindCost(k: string): string {
    const d = mine();
    if (d < 0 || tool.type === "link") return "";
    // A conversion costs more on a working factory (its jobs are lost): both prices, as the tile says.
    if (tool.type === "convert")
      return ` · ${t("tools.convertCost", conversionCosts(ctx.game, d, k as Parameters<typeof conversionCosts>[2]))}`;
    const use = k as keyof typeof USE_STYLES;
    const cost = placementCost(ctx.game, d, use, false);
    return ` · ${t("tools.cost", { cost })}`;
  }

  function renderLegend() {
    legend.setAttribute("aria-label", t("map.legendLabel"));
    const uses = Object.entries(USE_STYLES).filter(([, s]) => s.glyph);
    replace(
      legend,
      overlay !== "none" && overlay !== "links"
        ? h(
            "div",
            { class: "heat-legend" },
            h("span", {}, t(`overlay.${overlay}` as Parameters<typeof t>[0]), ": ", t("overlay.low")),
            h("span", { class: "heat-bar", "aria-hidden": "true" }),
            h("span", {}, t("overlay.high"), " (•••• )"),
          )
        : null,
      h(
        "ul",
        { class: "legend-uses" },
        uses.map(([k, s]) =>
          h(
            "li",
            {},
            // The same picture the map draws for the use (map/art.ts), named by the text beside it.
            h("img", {
              class: s.anchor ? "glyph-art anchor" : "glyph-art",
              src: artIcon(k as LandUse, 48),
              alt: "",
              width: 24,
              height: 24,
            }),
            tk("use", k),
          ),
        ),
        Object.entries(LINK_STYLES).map(([k, s]) =>
          h(
            "li",
            {},
            h("span", {
              class: "link-swatch",
              style: {
                borderTopColor: `#${s.colour.toString(16).padStart(6, "0")}`,
                borderTopStyle: s.dash.length ? "dashed" : "solid",
              },
            }),
            tk("link", k),
            gloss(`link.${k}` as GlossKey),
          ),
        ),
      ),
      // The game's own words, each explained on hover, focus or tap.
      h(
        "ul",
        { class: "legend-words", "aria-label": t("gloss.words") },
        (
          [
            ["anchor", t("gloss.term.anchor")],
            ["buzz", t("tile.buzz")],
            ["roots", t("gloss.term.roots")],
            ["globalAccess", t("overlay.access")],
            ["displaced", t("gloss.term.displaced")],
          ] as [GlossKey, string][]
        ).map(([k, label]) => h("li", {}, label, gloss(k))),
      ),
    );
  }

  function renderMapButtons() {
    replace(
      mapButtons,
      h("button", { type: "button", "aria-label": t("map.zoomIn"), onclick: () => map?.zoomBy(1.25) }, "+"),
      h("button", { type: "button", "aria-label": t("map.zoomOut"), onclick: () => map?.zoomBy(0.8) }, "−"),
      h(
        "button",
        { type: "button", id: "map-fit", "aria-label": t("map.fit"), onclick: () => map?.fit() },
        "⤢",
      ),
      h(
        "button",
        {
          type: "button",
          id: "toggle-ledger",
          "aria-pressed": String(showLedger),
          onclick: () => {
            showLedger = !showLedger;
            mapBox.hidden = showLedger;
            ledger.hidden = !showLedger;
            renderMapButtons();
            if (showLedger) renderLedgerView();
          },
        },
        showLedger ? t("map.showMap") : t("map.showLedger"),
      ),
      h(
        "button",
        { type: "button", id: "open-reports", onclick: () => reports.openMenu(ctx) },
        t("reports.open"),
      ),
      h("button", { type: "button", id: "open-debrief", onclick: () => openDebrief() }, t("map.debrief")),
    );
  }

  /** The debrief so far, over the game; closing it gives the focus back to the map. */
  function openDebrief() {
    const close = () => {
      debriefHost.replaceChildren();
      mapBox.focus();
    };
    debriefHost.replaceChildren(debriefDialog(ctx, close));
    // Open at the top: focus the title (focusing the Close button at the bottom scrolled it down).
    const title = debriefHost.querySelector<HTMLElement>("#debrief-title");
    title?.setAttribute("tabindex", "-1");
    title?.focus({ preventScroll: true });
    const dialog = debriefHost.querySelector<HTMLElement>("#debrief-dialog");
    if (dialog) dialog.scrollTop = 0;
  }

  function renderLedgerView() {
    renderIfChanged(
      ledger,
      JSON.stringify([
        ctx.view.nextId,
        ctx.game.year,
        ledgerDistrict,
        tool,
        locale(),
        countLegal(mask ?? new Uint8Array()),
      ]) + ctx.game.districts.map((d) => d.budget).join(),
      () =>
        renderLedger(ctx, {
          district: ledgerDistrict,
          legal: mask,
          actLabel: tool.type === "inspect" || !canAct() ? null : t(TOOL_LABEL[tool.type]),
          onSelect: (i) => {
            selected = i;
            cursor = i;
            map?.setCursor(i);
            tab = "inspector";
            renderSide(true);
          },
          onAct: (i) => act(i),
          setDistrict: (d) => {
            ledgerDistrict = d;
            renderLedgerView();
          },
        }),
    );
  }

  // Keyboard on the map: arrows move the cursor, Enter acts, +/- zoom, Shift+arrows pan, Esc cancels.
  mapBox.addEventListener("keydown", (ev) => {
    const g = ctx.game;
    const c = cursor ?? Math.floor(g.height / 2) * g.width + Math.floor(g.width / 2);
    let x = c % g.width;
    let y = Math.floor(c / g.width);
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    if (arrows[ev.key]) {
      const [dx, dy] = arrows[ev.key];
      if (ev.shiftKey) map?.panBy(dx, dy);
      else {
        x = Math.max(0, Math.min(g.width - 1, x + dx));
        y = Math.max(0, Math.min(g.height - 1, y + dy));
        cursor = y * g.width + x;
        map?.setCursor(cursor);
        showStatus(cursor);
        live.textContent = status.textContent;
      }
    } else if (ev.key === "Enter" || ev.key === " ") {
      cursor = c;
      map?.setCursor(c);
      act(c);
    } else if (ev.key === "+" || ev.key === "=") map?.zoomBy(1.25);
    else if (ev.key === "-") map?.zoomBy(0.8);
    else if (ev.key === "0") map?.fit();
    else if (ev.key === "Escape")
      setTool(tool.type === "link" ? { ...tool, from: null } : { type: "inspect" });
    else if (/^[1-7]$/.test(ev.key) && !projector) {
      const ty = TOOL_TYPES[Number(ev.key) - 1];
      if (ty === "inspect" || mine() >= 0) setTool(defaultTool(ty));
    } else return;
    ev.preventDefault();
  });

  // The clock ticks on its own (the HUD redraws only when its figures change).
  const clock = setInterval(() => hud.tick(ctx), 250);

  // ------------------------------------------------------------------------------------------------
  // Side panels

  function renderSide(force = false) {
    if (projector) {
      projectorSide.update(ctx);
      return;
    }
    const isHost = ctx.you?.isHost ?? false;
    const list: Tab[] = ["inspector", "policies", "inbox", "chat"];
    if (isHost) list.push("host");
    const incoming = ctx.game.proposals.filter((p) => p.to === mine()).length;
    const unread = chat.unread(ctx, tab === "chat");
    renderIfChanged(tabs, JSON.stringify([tab, list, incoming, unread, locale()]), () =>
      list.map((k) =>
        h(
          "button",
          {
            type: "button",
            role: "tab",
            id: `tab-${k}`,
            dataset: { focusId: `tab-${k}` },
            "aria-selected": String(tab === k),
            "aria-controls": "side-panel",
            onclick: () => {
              tab = k;
              setSheet(true);
              renderSide(true);
            },
          },
          tabLabel(k),
          k === "inbox" && incoming > 0 ? h("span", { class: "badge" }, String(incoming)) : null,
          k === "chat" && unread > 0 ? h("span", { class: "badge" }, String(unread)) : null,
        ),
      ),
    );
    const key = JSON.stringify([
      tab,
      selected,
      locale(),
      ctx.view.nextId,
      ctx.game.year,
      ctx.view.phase,
      ctx.view.paused,
      ctx.view.chatMuted,
      ctx.view.botsEnabled,
      ctx.game.districts[mine()],
      ctx.game.cityPolicies,
      tab === "host" || tab === "chat" ? ctx.view.players : null,
      selected !== null ? ctx.game.tiles[selected] : null,
      mine(),
    ]);
    if (force) panel.dataset.renderKey = "";
    renderIfChanged(panel, key, () => {
      if (tab === "inspector") return renderInspector(panelDeps, selected);
      if (tab === "policies") return renderPolicies(panelDeps);
      if (tab === "inbox") return renderInbox(panelDeps);
      if (tab === "chat") return chat.render(ctx);
      return renderHostConsole(ctx);
    });
  }

  function tabLabel(k: Tab): string {
    if (k === "inspector") return t("panel.inspector");
    if (k === "policies") return t("panel.policies");
    if (k === "inbox") return t("panel.inbox");
    if (k === "chat") return t("panel.chat");
    return t("host.title");
  }

  function relabelAll() {
    mapBox.setAttribute("aria-label", t("map.label"));
    renderTools();
    renderLegend();
    renderMapButtons();
    map?.relabel();
    hud.update(ctx, true);
    renderSide(true);
    if (showLedger) renderLedgerView();
    reports.relabel(ctx);
    offers.relabel(ctx, canAct());
    guide.relabel(ctx);
  }

  renderTools();
  renderLegend();
  renderMapButtons();

  const screen: Screen = {
    el,
    update(next) {
      ctx = next;
      if (ctx.prefs.reducedMotion !== reducedMotion) {
        reducedMotion = ctx.prefs.reducedMotion;
        map?.setReducedMotion(reducedMotion);
      }
      if (ctx.game !== lastState) {
        map?.setState(ctx.game);
        recomputeMask();
        lastState = ctx.game;
        if (tool.type === "link" && tool.from !== null && !canAct()) setTool({ ...tool, from: null });
        // The tip and status line under a still pointer describe the tile as it is now (after a build).
        if (hover !== null) showTip(hover);
        if (hover !== null || cursor !== null) showStatus(hover ?? cursor);
      }
      if (ctx.view.paused !== lastPaused || ctx.view.phase !== lastPhase) {
        // Whether a click can act changed: the tip must not keep promising a ✓.
        if (hover !== null) showTip(hover);
        if (hover !== null || cursor !== null) showStatus(hover ?? cursor);
      }
      // The report stays open until the student closes it; it only notes that planning began.
      reports.update(ctx);
      if (map) sendReady();
      markPlayable();
      // Phase changes and pauses are announced (toasts are a live region), not only shown in the HUD.
      if (ctx.view.phase !== lastPhase && ctx.view.phase === "planning")
        ctx.toast(
          `${t("hud.year", { year: Math.min(ctx.view.year + 1, ctx.view.years), years: ctx.view.years })}: ${t("phase.planning")}`,
        );
      if (ctx.view.paused !== lastPaused) {
        lastPaused = ctx.view.paused;
        ctx.toast(ctx.view.paused ? t("phase.paused") : tk("phase", ctx.view.phase));
      }
      lastPhase = ctx.view.phase;
      hud.update(ctx);
      if (!projector) {
        renderTools();
        offers.update(ctx, canAct());
        guide.update(ctx);
      }
      renderSide();
      if (tab === "chat") chat.renderLog(ctx);
      if (showLedger) renderLedgerView();
    },
    relabel(next) {
      ctx = next;
      relabelAll();
    },
    onYearReport(next, r) {
      ctx = next;
      map?.playFlows(migrationFlows(r.events));
      reports.show(ctx, r);
    },
    onEvents(next, events) {
      ctx = next;
      offers.onEvents(ctx, events);
    },
    destroy() {
      destroyed = true;
      clearInterval(clock);
      resizeObserver?.disconnect();
      cancelAnimationFrame(resizeFrame);
      map?.destroy();
      el.remove();
    },
  };
  return screen;
}
