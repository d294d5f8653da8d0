// The client application: the top bar (language, reduced motion, connection), and which screen shows
// for the room's phase: landing, lobby, game (with the year report), end, or the projector view.
import type { RoomStateView } from "../shared/mirror.js";
import type { GameRecordFile } from "../shared/record.js";
import type { GameState, HistoryRow } from "../shared/state.js";
import {
  isLocale,
  LOCALES,
  type Locale,
  locale,
  onLocaleChange,
  setLocale,
  t,
  tk,
  errorText,
} from "./i18n/index.js";
import { kickedMessageKey } from "./model/play.js";
import { loadMap, prebootMap } from "./map/load.js";
import { mark } from "./marks.js";
import { gameStateOf } from "./model/view.js";
import {
  type ChatMessage,
  Connection,
  forgetSession,
  lastJoin,
  savedSession,
  type YearReportMessage,
  type YouMessage,
} from "./net/connection.js";
import type { AppContext, Prefs, Screen } from "./ui/context.js";
import { announce, h, replace } from "./ui/dom.js";
import { endScreen } from "./ui/end.js";
import { gameScreen } from "./ui/game.js";
import { landingScreen } from "./ui/landing.js";
import { lobbyScreen } from "./ui/lobby.js";
import { districtLabel } from "./ui/names.js";

type ScreenKind = "landing" | "lobby" | "game" | "end" | "projector";

const PREFS_KEY = "cq.prefs";

/** Starts loading the map's chunk once (the game screen then finds it loaded). */
function preloadMap(): void {
  loadMap().catch(() => {
    // The game screen's own load reports a failure (and falls back to the text ledger).
  });
}

export class App {
  readonly conn = new Connection();
  private view: RoomStateView | null = null;
  private game: GameState | null = null;
  private you: YouMessage | null = null;
  private history: HistoryRow[] = [];
  private chat: ChatMessage[] = [];
  private ticker: { year: number; text: string }[] = [];
  private lastReport: YearReportMessage | null = null;
  private record: GameRecordFile | null = null;
  private prefs: Prefs;
  private readonly statusLog: string[] = [];
  private frame: { raf: number; timer: ReturnType<typeof setTimeout> } | null = null;
  private screen: Screen | null = null;
  private landing: HTMLElement | null = null;
  private kind: ScreenKind | null = null;
  private readonly bar = h("header", { class: "topbar" });
  private readonly body = h("div", { class: "screen" });
  private readonly toasts = h("div", { class: "toasts", id: "toasts", "aria-live": "assertive" });
  private readonly params = new URLSearchParams(location.search);

  constructor(private readonly root: HTMLElement) {
    const saved = this.loadPrefs();
    this.prefs = {
      reducedMotion: saved.reducedMotion ?? matchMedia("(prefers-reduced-motion: reduce)").matches,
    };
    const q = this.params.get("lang");
    const l = isLocale(q)
      ? q
      : isLocale(saved.locale)
        ? saved.locale
        : navigator.language.startsWith("zh")
          ? "zh-CN"
          : "en";
    setLocale(l);
    this.applyDocumentPrefs();
    root.replaceChildren(this.bar, this.body, this.toasts);
    onLocaleChange(() => {
      this.savePrefs();
      this.applyDocumentPrefs();
      this.renderBar();
      if (this.kind === "landing") this.showLanding();
      else if (this.screen && this.context()) this.screen.relabel?.(this.context()!);
    });
    this.wire();
    this.renderBar();
    // Read-only hooks for the browser tests (the game screen adds map hooks).
    (window as unknown as { __cq: Record<string, unknown> }).__cq = {
      state: () => this.game,
      view: () => this.view,
      you: () => this.you,
      record: () => this.record,
      status: () => this.conn.status,
      statusLog: () => this.statusLog.slice(),
      /** Closes the socket as a network failure would (not a consented leave). */
      dropConnection: () => this.conn.room?.connection.close(3999, "dropped"),
    };
  }

  async start(): Promise<void> {
    mark("cq:app");
    const projector = this.params.get("projector");
    // A join link: the student will play in a moment, so the map chunk loads while they type.
    if (projector || this.params.get("code") || savedSession()) preloadMap();
    if (projector) {
      try {
        await this.conn.join(projector.toUpperCase(), { projector: true });
        return;
      } catch (e) {
        this.toast(errorText(e instanceof Error ? e.message : String(e)), "error");
      }
    }
    // A join link for another room wins over the stored session of this tab.
    const linked = this.params.get("code")?.toUpperCase();
    const stored = savedSession();
    if ((!linked || !stored || stored.code === linked) && (await this.conn.resume())) return;
    this.showLanding();
  }

  // ----------------------------------------------------------------------------------------------

  private wire() {
    const c = this.conn;
    // Patches can come in bursts (a class acting at once): rebuild the views at most once a frame.
    c.on("state", (v) => {
      mark("cq:first-state");
      this.view = v;
      if (this.frame) return;
      const flush = () => {
        if (!this.frame) return;
        cancelAnimationFrame(this.frame.raf);
        clearTimeout(this.frame.timer);
        this.frame = null;
        if (!this.view) return;
        this.game = gameStateOf(this.view);
        this.route();
      };
      // rAF pauses in hidden tabs; the timer keeps a background projector up to date.
      this.frame = { raf: requestAnimationFrame(flush), timer: setTimeout(flush, 250) };
    });
    c.on("you", (y) => {
      this.you = y;
      this.route();
    });
    c.on("status", (st) => {
      this.statusLog.push(st);
      // Joining, creating or resuming a room: the map comes next. Fetch its chunk (Phaser and the art)
      // and boot Phaser while the handshake and the first state travel, not after the game screen asks.
      if (st === "connecting") prebootMap();
      if (st === "connected") mark("cq:connected");
      this.showLostBanner(st === "disconnected" && this.view !== null && this.kind !== "landing");
      this.renderBar();
      if (this.screen && this.context()) this.screen.update(this.context()!);
    });
    c.on("error", (e) => this.toast(errorText(e.code, e.params), "error"));
    c.on("history", (rows) => {
      this.history = rows;
    });
    c.on("record", (r) => {
      this.record = r;
      this.refresh();
    });
    c.on("chat", (m) => {
      this.chat.push(m);
      if (this.chat.length > 200) this.chat.shift();
      this.refresh();
    });
    c.on("events", (events) => {
      for (const e of events) {
        const text = this.describe(e);
        if (text) this.ticker.push({ year: e.year, text });
      }
      if (this.ticker.length > 100) this.ticker.splice(0, this.ticker.length - 100);
      const ctx = this.context();
      if (ctx && this.screen?.onEvents) this.screen.onEvents(ctx, events);
    });
    c.on("yearReport", (r) => {
      this.lastReport = r;
      this.history = [...this.history.filter((x) => x.year !== r.year), ...r.history];
      this.ticker.push({ year: r.year, text: t("events.yearResolved", { year: r.year }) });
      const ctx = this.context();
      if (ctx && this.screen?.onYearReport) this.screen.onYearReport(ctx, r);
    });
    c.on("serverRestarting", () => this.toast(t("serverRestarting")));
    c.on("kicked", (m) => {
      // Why the room let this page go: the instructor, a flood of messages, or the seat taken up in
      // another tab or browser (with its seat secret).
      this.toast(t(kickedMessageKey((m as { reason?: string } | null)?.reason)), "error");
      this.reset();
    });
  }

  private describe(e: import("../shared/state.js").GameEvent): string {
    const g = this.game;
    if (!g) return "";
    const xy = (i: number) => ({ x: i % g.width, y: Math.floor(i / g.width) });
    switch (e.type) {
      case "built":
        return t("events.built", {
          district: districtLabel(g, e.district),
          use: tk("use", e.use),
          ...xy(e.tile),
        });
      case "demolished":
        return t("events.demolished", { district: districtLabel(g, e.district), ...xy(e.tile) });
      case "linkForged":
        return t("events.linkForged", { district: districtLabel(g, e.district) });
      case "linkCut":
        return t("events.linkCut");
      case "proposal":
        return t("events.proposal", { from: districtLabel(g, e.from), to: districtLabel(g, e.to) });
      case "proposalClosed":
        return t("events.proposalClosed", { result: t(e.accepted ? "events.accepted" : "events.declined") });
      case "policy":
        return t("events.policy", {
          district: districtLabel(g, e.district),
          policy: tk("policy", e.policy),
          state: e.enabled ? t("panel.on") : t("panel.off"),
        });
      case "cityPolicy":
        return t("events.cityPolicy", {
          policy: tk("cityPolicy", e.policy),
          state: e.enabled ? t("panel.cityOn") : t("panel.cityOff"),
        });
      case "cityEvent":
        return t("hud.event", { event: tk("cityEvent", e.event) });
      default:
        return "";
    }
  }

  private context(): AppContext | null {
    if (!this.view || !this.game) return null;
    return {
      conn: this.conn,
      view: this.view,
      game: this.game,
      you: this.you,
      history: this.history,
      chat: this.chat,
      ticker: this.ticker,
      lastReport: this.lastReport,
      record: this.record,
      prefs: this.prefs,
      toast: (text, kind) => this.toast(text, kind),
      joinUrl: () => this.joinUrl(),
    };
  }

  private joinUrl(): string {
    const u = new URL(location.href);
    u.search = `?code=${this.view?.code ?? ""}`;
    u.hash = "";
    return u.toString();
  }

  private isProjector(): boolean {
    return Boolean(this.you?.isProjector || this.params.has("projector"));
  }

  private wantedKind(): ScreenKind {
    if (!this.view) return "landing";
    // The projector shows the debrief too once the game has ended (without the player's buttons).
    if (this.isProjector()) return this.view.phase === "ended" ? "end" : "projector";
    if (this.view.phase === "lobby") return "lobby";
    if (this.view.phase === "ended") return "end";
    return "game";
  }

  private route() {
    const ctx = this.context();
    const kind = this.wantedKind();
    if (kind === "landing" || !ctx) return;
    if (kind !== this.kind) {
      this.screen?.destroy();
      this.landing?.remove();
      this.landing = null;
      this.kind = kind;
      if (kind === "lobby") this.screen = lobbyScreen();
      else if (kind === "end") this.screen = endScreen(this.isProjector() ? null : () => this.reset());
      else {
        mark("cq:game-screen");
        this.screen = gameScreen(ctx, kind === "projector");
      }
      this.body.replaceChildren(this.screen.el);
      document.body.dataset.screen = kind;
      window.scrollTo(0, 0);
    }
    this.screen?.update(ctx);
    this.renderBar();
  }

  private refresh() {
    const ctx = this.context();
    if (ctx && this.screen) this.screen.update(ctx);
  }

  private showLanding() {
    this.screen?.destroy();
    this.screen = null;
    this.kind = "landing";
    document.body.dataset.screen = "landing";
    this.landing = landingScreen({
      conn: this.conn,
      toast: (text, kind) => this.toast(text, kind),
      initialCode: (
        this.params.get("code") ??
        location.pathname.match(/\/join\/(\w+)/)?.[1] ??
        lastJoin()?.code ??
        ""
      ).toUpperCase(),
      initialNickname: lastJoin()?.nickname ?? "",
    });
    this.body.replaceChildren(this.landing);
  }

  private reset() {
    void this.conn.leave();
    forgetSession();
    this.view = null;
    this.game = null;
    this.you = null;
    this.history = [];
    this.chat = [];
    this.ticker = [];
    this.lastReport = null;
    this.record = null;
    this.showLanding();
  }

  /** When automatic reconnection gave up: say so, and offer to try again (a reload resumes the seat). */
  private showLostBanner(on: boolean) {
    document.getElementById("conn-lost")?.remove();
    if (!on) return;
    this.root.prepend(
      h(
        "div",
        { class: "conn-lost", id: "conn-lost", role: "alert" },
        t("conn.lost"),
        " ",
        h("button", { type: "button", class: "primary", onclick: () => location.reload() }, t("conn.retry")),
      ),
    );
  }

  toast(text: string, kind: "info" | "error" = "info") {
    announce(this.toasts, text, kind);
  }

  // ----------------------------------------------------------------------------------------------
  // Top bar and preferences

  private renderBar() {
    const langSel = h(
      "select",
      {
        id: "lang",
        "aria-label": t("lang.label"),
        onchange: (ev: Event) => setLocale((ev.target as HTMLSelectElement).value as Locale),
      },
      LOCALES.map((l) =>
        h("option", { value: l, selected: l === locale(), lang: l }, t(`lang.${l}` as "lang.en")),
      ),
    );
    const motion = h("input", {
      type: "checkbox",
      id: "reduce-motion",
      checked: this.prefs.reducedMotion,
      onchange: (ev: Event) => {
        this.prefs.reducedMotion = (ev.target as HTMLInputElement).checked;
        this.savePrefs();
        this.applyDocumentPrefs();
        this.refresh();
      },
    });
    replace(
      this.bar,
      h("h1", { class: "brand" }, t("app.title")),
      this.view ? h("span", { class: "code-chip", title: t("lobby.code") }, this.view.code) : null,
      h("span", { class: "spacer" }),
      h("label", { class: "check" }, motion, t("motion.reduce")),
      h("label", { class: "sr-only", for: "lang" }, t("lang.label")),
      langSel,
    );
  }

  private applyDocumentPrefs() {
    document.documentElement.lang = locale();
    document.title = t("app.title");
    document.documentElement.classList.toggle("reduce-motion", this.prefs.reducedMotion);
  }

  private loadPrefs(): { locale?: string; reducedMotion?: boolean } {
    try {
      return JSON.parse(localStorage.getItem(PREFS_KEY) ?? "{}");
    } catch {
      return {};
    }
  }

  private savePrefs() {
    try {
      localStorage.setItem(
        PREFS_KEY,
        JSON.stringify({ locale: locale(), reducedMotion: this.prefs.reducedMotion }),
      );
    } catch {
      /* private mode */
    }
  }
}
