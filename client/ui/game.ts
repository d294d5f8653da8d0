// The game screen: a thin composition of the components of client/ui/game/ — the HUD, the tools
// column, the map host (the Phaser city or the text ledger, the tip, the keyboard), the side sheet
// (tabs and panels), the offer toasts, the year reports, the guided first turn and the phase notices —
// plus the fair start (this page's map is ready) and the debrief dialog. Each component owns its state.
import type { Action } from "../../shared/actions.js";
import { mark } from "../marks.js";
import { actBlocker } from "../model/play.js";
import type { AppContext, Screen } from "./context.js";
import { myDistrict } from "./context.js";
import { loadDebrief } from "./debriefLoad.js";
import { h } from "./dom.js";
import { createGuide } from "./game/guide.js";
import { createHud } from "./game/hud.js";
import { createMapHost } from "./game/mapHost.js";
import { createNotices } from "./game/notices.js";
import { createOffers } from "./game/offers.js";
import { createProjectorSide } from "./game/projectorSide.js";
import { createReports } from "./game/reports.js";
import { createSideSheet } from "./game/sideSheet.js";
import { createTools } from "./game/tools.js";

export function gameScreen(ctx0: AppContext, projector = false): Screen {
  let ctx = ctx0;
  let lastGame = ctx.game;
  /** The fair start has been told that this page's city is drawn. */
  let readySent = false;

  const el = h("main", {
    class: projector ? "game projector" : "game",
    id: projector ? "screen-projector" : "screen-game",
  });
  el.dataset.sheet = "closed";
  const reportHost = h("div", { id: "report-host" });
  const debriefHost = h("div", { id: "debrief-host" });

  const getCtx = () => ctx;
  const mine = () => myDistrict(ctx);
  const canAct = () => actBlocker(ctx.view, mine(), projector) === null;
  const send = (action: Action) => ctx.conn.send({ type: "action", action });

  const hud = createHud(projector);
  const notices = createNotices(ctx.view);
  const offers = createOffers(send);
  const projectorSide = createProjectorSide();
  const sheet = createSideSheet({ ctx: getCtx, canAct, send, onSheet: setSheet });
  const tools = createTools(
    {
      ctx: getCtx,
      onTool: (tool, mask, picked) => mapHost.toolChanged(tool, mask, picked),
      onOverlay: (overlay) => mapHost.setOverlay(overlay),
    },
    projector,
  );
  const guide = createGuide(
    { setTool: (tool) => tools.set(tool), pointAt: (i) => mapHost.pointAt(i) },
    // Students (and a host who plays a district, solo); not the instructor watching the class.
    !projector && (!ctx.you?.isHost || mine() >= 0),
  );
  const mapHost = createMapHost(
    {
      ctx: getCtx,
      tools,
      guide,
      send,
      inspect: (i) => {
        if (!projector) sheet.inspect(i);
      },
      openReports: () => reports.openMenu(ctx),
      openDebrief,
      onDrawn: (how) => {
        el.dataset.mapLoaded = how === "map" ? "1" : "ledger";
        if (how === "map") markPlayable();
        sendReady();
      },
    },
    projector,
  );
  const reports = createReports(reportHost, () => mapHost.box.focus(), projector);

  if (projector) el.append(hud.el, mapHost.el, projectorSide.el, reportHost, debriefHost);
  else el.append(hud.el, guide.el, tools.el, mapHost.el, sheet.el, offers.el, reportHost, debriefHost);

  /** Phones: the side panels are a sheet over the map, opened from a tab and closed with ×. */
  function setSheet(open: boolean) {
    el.dataset.sheet = open ? "open" : "closed";
    if (!open) mapHost.box.focus();
  }

  /** `data-map-ready` says the map is drawn and the clock runs (the fair start is over): a page can
   * be played from then on. `data-map-loaded` says only that the map is drawn. */
  function markPlayable() {
    if (!el.dataset.mapLoaded || ctx.view.phase === "starting") return;
    if (!el.dataset.mapReady) mark("cq:playable");
    el.dataset.mapReady = "1";
  }

  /** Fair start: tell the room this player can see the city (the ledger counts too). */
  function sendReady() {
    if (readySent || ctx.view.phase !== "starting") return;
    readySent = true;
    ctx.conn.send({ type: "ready" });
  }

  /** The debrief so far, over the game; closing it gives the focus back to the map. */
  function openDebrief() {
    // Loaded on first use (it brings the cluster detection and the output formulas).
    void loadDebrief().then(({ debriefDialog }) => {
      if (!el.isConnected) return;
      showDebrief(debriefDialog);
    });
  }

  function showDebrief(debriefDialog: (ctx: AppContext, onClose: () => void) => HTMLElement) {
    const close = () => {
      debriefHost.replaceChildren();
      mapHost.box.focus();
    };
    debriefHost.replaceChildren(debriefDialog(ctx, close));
    // Open at the top: focus the title (focusing the Close button at the bottom scrolled it down).
    const title = debriefHost.querySelector<HTMLElement>("#debrief-title");
    title?.setAttribute("tabindex", "-1");
    title?.focus({ preventScroll: true });
    const dialog = debriefHost.querySelector<HTMLElement>("#debrief-dialog");
    if (dialog) dialog.scrollTop = 0;
  }

  function drawSide() {
    if (projector) projectorSide.update(ctx);
    else sheet.update();
  }

  tools.draw();

  // The clock ticks on its own (the HUD redraws only when its figures change).
  const clock = setInterval(() => hud.tick(ctx), 250);
  let lastPhase = `${ctx.view.phase}|${ctx.view.paused}`;

  return {
    el,
    update(next) {
      ctx = next;
      mapHost.setReducedMotion(ctx.prefs.reducedMotion);
      const phase = `${ctx.view.phase}|${ctx.view.paused}`;
      const changed = ctx.game !== lastGame;
      lastGame = ctx.game;
      if (changed) mapHost.setState();
      // The legal mask follows the state (a build changes what is legal); the column redraws.
      tools.update();
      const tool = tools.tool();
      if (changed && tool.type === "link" && tool.from !== null && !canAct())
        tools.set({ ...tool, from: null });
      // After a build, or when a click can no longer act (paused, the phase moved on): never a stale ✓.
      if (changed || phase !== lastPhase) mapHost.refresh();
      lastPhase = phase;
      // The report stays open until the student closes it; it only notes that planning began.
      reports.update(ctx);
      if (mapHost.map()) sendReady();
      markPlayable();
      notices.update(ctx);
      hud.update(ctx);
      if (!projector) {
        offers.update(ctx, canAct());
        guide.update(ctx);
      }
      drawSide();
      mapHost.drawLedger();
    },
    relabel(next) {
      ctx = next;
      mapHost.relabel();
      tools.draw();
      hud.update(ctx, true);
      drawSide();
      reports.relabel(ctx);
      offers.relabel(ctx, canAct());
      guide.relabel(ctx);
    },
    onYearReport(next, r) {
      ctx = next;
      mapHost.playFlows(r.events);
      reports.show(ctx, r);
    },
    onEvents(next, events) {
      ctx = next;
      offers.onEvents(ctx, events);
    },
    destroy() {
      clearInterval(clock);
      mapHost.destroy();
      el.remove();
    },
  };
}
