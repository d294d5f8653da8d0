// The city map, drawn by Phaser 4: land uses (a canvas texture repainted tile by tile on change),
// district borders with dash patterns and labels, links by type, heat overlays, the legal-target
// mask of the tool in hand, the keyboard cursor, and migration flows. It renders only: every
// decision comes from the screens, which get tile hovers and clicks back through callbacks.
import Phaser from "phaser";
import type { GameState } from "../../shared/state.js";
import type { Flow, Overlay } from "../model/view.js";
import { overlayValues } from "../model/view.js";
import {
  DISTRICT_DASHES,
  districtColour,
  heatColour,
  LINK_STYLES,
  PARK_LAND,
  USE_STYLES,
  WATER,
} from "./palette.js";

const T = 16;

export interface CityMapOptions {
  parent: HTMLElement;
  reducedMotion: boolean;
  onHover: (i: number | null) => void;
  /** A click or tap on a tile; `touch` when it came from a finger (no hover preview was seen). */
  onSelect: (i: number, touch: boolean) => void;
  districtLabel: (d: number) => string;
}

export interface CityMap {
  setState(state: GameState): void;
  setOverlay(o: Overlay): void;
  setMask(mask: Uint8Array | null): void;
  setCursor(i: number | null): void;
  setPending(i: number | null): void;
  playFlows(flows: Flow[]): void;
  clearFlows(): void;
  zoomBy(f: number): void;
  panBy(dx: number, dy: number): void;
  fit(): void;
  setReducedMotion(b: boolean): void;
  relabel(): void;
  fps(): number;
  /** Camera zoom and scroll (for tests). */
  view(): { zoom: number; scrollX: number; scrollY: number };
  /** Canvas pixel of a tile's centre (for tests and tooltips). */
  tileToCanvas(i: number): { x: number; y: number } | null;
  destroy(): void;
}

class CityScene extends Phaser.Scene {
  state: GameState | null = null;
  opts!: CityMapOptions;
  /** Land uses and borders (repainted tile by tile), and the overlay and mask layer, both offscreen. */
  base!: HTMLCanvasElement;
  over!: HTMLCanvasElement;
  /** The one texture Phaser draws: base and overlay composited on change (one fill per frame). */
  display!: Phaser.Textures.CanvasTexture;
  image!: Phaser.GameObjects.Image;
  linkG!: Phaser.GameObjects.Graphics;
  cursorG!: Phaser.GameObjects.Graphics;
  flowG!: Phaser.GameObjects.Graphics;
  labels: Phaser.GameObjects.Text[] = [];
  flowLabels: Phaser.GameObjects.Text[] = [];
  keys: string[] = [];
  overlay: Overlay = "none";
  mask: Uint8Array | null = null;
  cursor: number | null = null;
  pending: number | null = null;
  flows: Flow[] = [];
  flowStart = 0;
  userZoomed = false;
  labelZoom = 0;
  labelKey = "";
  drag: { x: number; y: number; moved: boolean } | null = null;
  pinch: number | null = null;
  /** Pointers (mouse, fingers) currently down, by id, at their latest position. */
  down = new Map<number, { x: number; y: number }>();
  multi = false;

  constructor() {
    super("city");
  }

  create() {
    this.cameras.main.setBackgroundColor("#2b3a4a");
    this.linkG = this.add.graphics().setDepth(3);
    this.cursorG = this.add.graphics().setDepth(5);
    this.flowG = this.add.graphics().setDepth(6);
    this.input.addPointer(1);
    this.input.on("pointermove", (p: Phaser.Input.Pointer) => this.onMove(p));
    this.input.on("pointerdown", (p: Phaser.Input.Pointer) => {
      this.down.set(p.id, { x: p.x, y: p.y });
      // A second finger turns the gesture into a pinch: nothing is selected until all fingers lift.
      if (this.down.size > 1) this.multi = true;
      else this.drag = { x: p.x, y: p.y, moved: false };
    });
    this.input.on("pointerup", (p: Phaser.Input.Pointer) => {
      this.down.delete(p.id);
      this.pinch = null;
      const d = this.drag;
      if (this.down.size > 0) return;
      this.drag = null;
      const multi = this.multi;
      this.multi = false;
      if (d && !d.moved && !multi) {
        const i = this.tileAt(p);
        if (i !== null) this.opts.onSelect(i, p.wasTouch);
      }
    });
    this.input.on("pointerout", () => this.opts.onHover(null));
    this.input.on("wheel", (p: Phaser.Input.Pointer, _o: unknown, _dx: number, dy: number) => {
      this.zoomAt(dy > 0 ? 1 / 1.15 : 1.15, p.x, p.y);
    });
    this.scale.on("resize", () => {
      if (!this.userZoomed) this.fit();
    });
    if (this.state) this.rebuild();
  }

  tileAt(p: { x: number; y: number }): number | null {
    if (!this.state) return null;
    const w = this.cameras.main.getWorldPoint(p.x, p.y);
    const x = Math.floor(w.x / T);
    const y = Math.floor(w.y / T);
    if (x < 0 || y < 0 || x >= this.state.width || y >= this.state.height) return null;
    return y * this.state.width + x;
  }

  onMove(p: Phaser.Input.Pointer) {
    if (this.down.has(p.id)) this.down.set(p.id, { x: p.x, y: p.y });
    if (this.down.size >= 2) {
      const [a, b] = [...this.down.values()];
      const dist = Phaser.Math.Distance.Between(a.x, a.y, b.x, b.y);
      if (this.pinch) this.zoomAt(dist / this.pinch, (a.x + b.x) / 2, (a.y + b.y) / 2);
      this.pinch = dist;
      return;
    }
    if (this.multi) return;
    if (this.drag && p.isDown) {
      const dx = p.x - this.drag.x;
      const dy = p.y - this.drag.y;
      if (this.drag.moved || Math.abs(dx) + Math.abs(dy) > 6) {
        this.drag.moved = true;
        const cam = this.cameras.main;
        cam.scrollX -= dx / cam.zoom;
        cam.scrollY -= dy / cam.zoom;
        this.drag.x = p.x;
        this.drag.y = p.y;
        this.userZoomed = true;
      }
      return;
    }
    this.opts.onHover(this.tileAt(p));
  }

  zoomAt(f: number, sx: number, sy: number) {
    const cam = this.cameras.main;
    const before = cam.getWorldPoint(sx, sy);
    cam.setZoom(Phaser.Math.Clamp(cam.zoom * f, 0.2, 6));
    cam.preRender();
    const after = cam.getWorldPoint(sx, sy);
    cam.scrollX += before.x - after.x;
    cam.scrollY += before.y - after.y;
    this.userZoomed = true;
  }

  fit() {
    if (!this.state) return;
    const cam = this.cameras.main;
    const w = this.state.width * T;
    const hgt = this.state.height * T;
    cam.setZoom(Math.max(0.2, Math.min(cam.width / w, cam.height / hgt) * 0.98));
    cam.centerOn(w / 2, hgt / 2);
    this.userZoomed = false;
  }

  rebuild() {
    const s = this.state;
    if (!s) return;
    const W = s.width * T;
    const H = s.height * T;
    if (!this.base || this.base.width !== W || this.base.height !== H) {
      this.display?.destroy();
      this.image?.destroy();
      this.base = canvas(W, H);
      this.over = canvas(W, H);
      this.display = this.textures.createCanvas(`city${Date.now()}`, W, H)!;
      this.image = this.add.image(0, 0, this.display).setOrigin(0).setDepth(1);
      this.keys = [];
      this.fit();
    }
    this.paintBase();
    this.paintOverlay(false);
    this.composite();
    this.drawLinks();
    this.drawLabels();
    this.drawCursor();
  }

  paintBase() {
    const s = this.state!;
    const ctx = this.base.getContext("2d")!;
    let changed = false;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let i = 0; i < s.tiles.length; i++) {
      const t = s.tiles[i];
      const key = `${t.terrain}|${t.use}|${t.district}|${t.protected ? 1 : 0}`;
      if (this.keys[i] === key) continue;
      this.keys[i] = key;
      changed = true;
      const x = (i % s.width) * T;
      const y = Math.floor(i / s.width) * T;
      const st = USE_STYLES[t.use] ?? USE_STYLES.empty;
      ctx.fillStyle =
        t.terrain === "water" ? WATER : t.terrain === "park" && t.use === "empty" ? PARK_LAND : st.fill;
      ctx.fillRect(x, y, T, T);
      if (t.terrain === "water") {
        ctx.strokeStyle = "rgba(255,255,255,0.5)";
        ctx.beginPath();
        ctx.moveTo(x + 3, y + 9);
        ctx.quadraticCurveTo(x + 8, y + 5, x + 13, y + 9);
        ctx.stroke();
        continue;
      }
      if (t.use === "derelict") {
        ctx.strokeStyle = "rgba(0,0,0,0.35)";
        ctx.beginPath();
        for (let k = -T; k < T; k += 5) {
          ctx.moveTo(x + k, y + T);
          ctx.lineTo(x + k + T, y);
        }
        ctx.save();
        ctx.rect(x, y, T, T);
        ctx.clip();
        ctx.stroke();
        ctx.restore();
      }
      if (st.anchor) {
        ctx.fillStyle = districtColour(t.district);
        ctx.beginPath();
        ctx.arc(x + T / 2, y + T / 2, T / 2 - 1, 0, Math.PI * 2);
        ctx.fill();
        ctx.strokeStyle = "#111";
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
      if (st.glyph) {
        ctx.fillStyle = st.anchor ? "#111" : "rgba(0,0,0,0.65)";
        ctx.font = `bold ${st.glyph.length > 1 ? 7 : 10}px sans-serif`;
        ctx.fillText(st.glyph, x + T / 2, y + T / 2 + 1);
      }
      if (t.protected) {
        ctx.strokeStyle = "#0b6";
        ctx.lineWidth = 2;
        ctx.strokeRect(x + 1.5, y + 1.5, T - 3, T - 3);
      }
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(0,0,0,0.08)";
      ctx.strokeRect(x + 0.5, y + 0.5, T - 1, T - 1);
    }
    if (!changed) return;
    // District borders: coloured and dashed per district, on every edge between two districts.
    for (let i = 0; i < s.tiles.length; i++) {
      const d = s.tiles[i].district;
      if (d < 0) continue;
      const x = i % s.width;
      const y = Math.floor(i / s.width);
      const edges: [number, number, number, number, number][] = [
        [x + 1, y, x + 1, y + 1, x + 1 < s.width ? s.tiles[i + 1].district : -2],
        [x, y + 1, x + 1, y + 1, y + 1 < s.height ? s.tiles[i + s.width].district : -2],
        [x, y, x + 1, y, y > 0 ? s.tiles[i - s.width].district : -2],
        [x, y, x, y + 1, x > 0 ? s.tiles[i - 1].district : -2],
      ];
      for (const [x0, y0, x1, y1, other] of edges) {
        if (other === d) continue;
        ctx.setLineDash(DISTRICT_DASHES[d % DISTRICT_DASHES.length].map((v) => v * T));
        ctx.strokeStyle = districtColour(d);
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(x0 * T + (x0 > x ? -1.5 : 1.5), y0 * T + (y0 > y ? -1.5 : 1.5));
        ctx.lineTo(x1 * T + (x1 > x ? -1.5 : 1.5), y1 * T + (y1 > y ? -1.5 : 1.5));
        ctx.stroke();
      }
    }
    ctx.setLineDash([]);
    ctx.lineWidth = 1;
  }

  composite() {
    const ctx = this.display.context;
    ctx.clearRect(0, 0, this.display.width, this.display.height);
    ctx.drawImage(this.base, 0, 0);
    ctx.drawImage(this.over, 0, 0);
    this.display.refresh();
  }

  paintOverlay(andComposite = true) {
    const s = this.state!;
    const ctx = this.over.getContext("2d")!;
    ctx.clearRect(0, 0, this.over.width, this.over.height);
    if (this.overlay !== "none" && this.overlay !== "links") {
      const v = overlayValues(s, this.overlay);
      for (let i = 0; i < v.length; i++) {
        if (Number.isNaN(v[i])) continue;
        const x = (i % s.width) * T;
        const y = Math.floor(i / s.width) * T;
        ctx.globalAlpha = 0.72;
        ctx.fillStyle = heatColour(v[i]);
        ctx.fillRect(x, y, T, T);
        // Hatch density repeats the value without colour: more dots = higher.
        ctx.globalAlpha = 0.9;
        ctx.fillStyle = v[i] > 0.5 ? "#000" : "#fff";
        const dots = Math.round(v[i] * 4);
        for (let k = 0; k < dots; k++) ctx.fillRect(x + 3 + (k % 2) * 8, y + 3 + Math.floor(k / 2) * 8, 2, 2);
      }
      ctx.globalAlpha = 1;
    }
    if (this.mask) {
      ctx.fillStyle = "rgba(20,20,20,0.55)";
      for (let i = 0; i < this.mask.length; i++) {
        if (this.mask[i]) continue;
        ctx.fillRect((i % s.width) * T, Math.floor(i / s.width) * T, T, T);
      }
    }
    if (andComposite) this.composite();
  }

  drawLinks() {
    const s = this.state!;
    const g = this.linkG;
    g.clear();
    const emphasise = this.overlay === "links";
    for (const l of s.links) {
      const st = LINK_STYLES[l.kind];
      if (!st) continue;
      const ax = (l.a % s.width) * T + T / 2;
      const ay = Math.floor(l.a / s.width) * T + T / 2;
      const bx = (l.b % s.width) * T + T / 2;
      const by = Math.floor(l.b / s.width) * T + T / 2;
      g.lineStyle(emphasise ? st.width + 2 : st.width, st.colour, 0.95);
      dashedLine(g, ax, ay, bx, by, st.dash);
      g.fillStyle(st.colour, 1);
      g.fillCircle(ax, ay, 3);
      g.fillCircle(bx, by, 3);
    }
  }

  drawLabels(force = false) {
    const s = this.state!;
    // District names and places do not change during a game: redraw only for a new city or language.
    const key = `${s.width}x${s.height}|${s.districts.map((d) => this.opts.districtLabel(d.id)).join("|")}`;
    if (!force && key === this.labelKey) return;
    this.labelKey = key;
    for (const l of this.labels) l.destroy();
    this.labels = [];
    const sums = s.districts.map(() => ({ x: 0, y: 0, n: 0 }));
    s.tiles.forEach((t, i) => {
      const c = sums[t.district];
      if (!c) return;
      c.x += i % s.width;
      c.y += Math.floor(i / s.width);
      c.n++;
    });
    sums.forEach((c, d) => {
      if (!c.n) return;
      const txt = this.add
        .text((c.x / c.n + 0.5) * T, (c.y / c.n + 0.5) * T, `${d + 1} ${this.opts.districtLabel(d)}`, {
          fontFamily: "sans-serif",
          fontSize: "14px",
          color: "#111",
          backgroundColor: "rgba(255,255,255,0.8)",
          padding: { x: 3, y: 1 },
        })
        .setOrigin(0.5)
        .setDepth(4);
      this.labels.push(txt);
    });
    this.labelZoom = 0;
  }

  drawCursor() {
    const s = this.state;
    const g = this.cursorG;
    g.clear();
    if (!s) return;
    const box = (i: number, colour: number, w: number) => {
      g.lineStyle(w, colour, 1);
      g.strokeRect((i % s.width) * T, Math.floor(i / s.width) * T, T, T);
    };
    if (this.pending !== null) box(this.pending, 0xff00ff, 3);
    if (this.cursor !== null) {
      box(this.cursor, 0x000000, 4);
      box(this.cursor, 0xffffff, 2);
    }
  }

  /** Labels keep a constant on-screen size whatever the zoom. */
  scaleLabels() {
    const z = this.cameras.main.zoom;
    if (z === this.labelZoom) return;
    this.labelZoom = z;
    const k = Math.min(3, 1 / z);
    for (const l of this.labels) l.setScale(k);
    for (const l of this.flowLabels) l.setScale(k);
  }

  override update(time: number) {
    this.scaleLabels();
    const s = this.state;
    const g = this.flowG;
    if (!s || this.flows.length === 0) return;
    const reduced = this.opts.reducedMotion;
    const period = 2200;
    const phase = reduced ? 1 : ((time - this.flowStart) % period) / period;
    if (reduced && g.getData("static")) return;
    g.setData("static", reduced);
    g.clear();
    this.flows.forEach((f, k) => {
      const [ax, ay, bx, by] = this.flowEnds(f);
      const mx = (ax + bx) / 2 - (by - ay) * 0.2;
      const my = (ay + by) / 2 + (bx - ax) * 0.2;
      const width = Math.min(6, 1 + Math.log2(1 + f.count));
      g.lineStyle(width, f.to < 0 ? 0xd55e00 : 0xffffff, 0.8);
      const curve = new Phaser.Curves.QuadraticBezier(
        new Phaser.Math.Vector2(ax, ay),
        new Phaser.Math.Vector2(mx, my),
        new Phaser.Math.Vector2(bx, by),
      );
      curve.draw(g, 24);
      // Arrow head at the destination.
      const tip = curve.getPoint(1);
      const back = curve.getPoint(0.9);
      const ang = Math.atan2(tip.y - back.y, tip.x - back.x);
      g.fillStyle(f.to < 0 ? 0xd55e00 : 0xffffff, 1);
      g.fillTriangle(
        tip.x,
        tip.y,
        tip.x - 8 * Math.cos(ang - 0.5),
        tip.y - 8 * Math.sin(ang - 0.5),
        tip.x - 8 * Math.cos(ang + 0.5),
        tip.y - 8 * Math.sin(ang + 0.5),
      );
      if (!reduced) {
        for (let j = 0; j < 3; j++) {
          const p = curve.getPoint((phase + j / 3 + k * 0.07) % 1);
          g.fillStyle(0x000000, 1);
          g.fillCircle(p.x, p.y, width / 2 + 2);
          g.fillStyle(0xfde725, 1);
          g.fillCircle(p.x, p.y, width / 2 + 1);
        }
      }
    });
  }

  flowEnds(f: Flow): [number, number, number, number] {
    const s = this.state!;
    const ax = (f.from % s.width) * T + T / 2;
    const ay = Math.floor(f.from / s.width) * T + T / 2;
    if (f.to >= 0) return [ax, ay, (f.to % s.width) * T + T / 2, Math.floor(f.to / s.width) * T + T / 2];
    // Out of the city: towards the nearest map edge.
    const W = s.width * T;
    const H = s.height * T;
    const d = [ax, W - ax, ay, H - ay];
    const m = d.indexOf(Math.min(...d));
    if (m === 0) return [ax, ay, -T * 2, ay];
    if (m === 1) return [ax, ay, W + T * 2, ay];
    if (m === 2) return [ax, ay, ax, -T * 2];
    return [ax, ay, ax, H + T * 2];
  }

  setFlows(flows: Flow[]) {
    this.flows = flows.slice(0, 40);
    this.flowStart = this.time.now;
    this.flowG.setData("static", false);
    this.flowG.clear();
    for (const l of this.flowLabels) l.destroy();
    this.flowLabels = [];
    for (const f of this.flows.slice(0, 12)) {
      const [, , bx, by] = this.flowEnds(f);
      this.flowLabels.push(
        this.add
          .text(bx, by - 10, `${f.to < 0 ? "→" : "+"}${f.count}`, {
            fontFamily: "sans-serif",
            fontSize: "12px",
            color: "#000",
            backgroundColor: f.to < 0 ? "#ffb37a" : "#fde725",
            padding: { x: 2, y: 0 },
          })
          .setOrigin(0.5, 1)
          .setDepth(7),
      );
    }
    this.labelZoom = 0;
  }
}

function canvas(w: number, h: number): HTMLCanvasElement {
  const c = document.createElement("canvas");
  c.width = w;
  c.height = h;
  return c;
}

function dashedLine(
  g: Phaser.GameObjects.Graphics,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  dash: number[],
) {
  if (dash.length === 0) {
    g.lineBetween(ax, ay, bx, by);
    return;
  }
  const len = Math.hypot(bx - ax, by - ay);
  const ux = (bx - ax) / len;
  const uy = (by - ay) / len;
  let pos = 0;
  let k = 0;
  while (pos < len) {
    const seg = Math.min(dash[k % dash.length], len - pos);
    if (k % 2 === 0)
      g.lineBetween(ax + ux * pos, ay + uy * pos, ax + ux * (pos + seg), ay + uy * (pos + seg));
    pos += seg;
    k++;
  }
}

export function createCityMap(opts: CityMapOptions): Promise<CityMap> {
  const scene = new CityScene();
  scene.opts = opts;
  return new Promise((resolve) => {
    const game = new Phaser.Game({
      type: Phaser.AUTO,
      parent: opts.parent,
      backgroundColor: "#2b3a4a",
      scale: {
        mode: Phaser.Scale.RESIZE,
        width: opts.parent.clientWidth || 800,
        height: opts.parent.clientHeight || 600,
      },
      scene,
      banner: false,
      pixelArt: true,
      audio: { noAudio: true },
      input: { keyboard: false },
      callbacks: {
        postBoot: () => {
          // Phaser caches the canvas position; when the page scrolls (phones, the ledger) pointer
          // positions would map to the wrong tiles until it is refreshed.
          const refreshBounds = () => game.scale.updateBounds();
          window.addEventListener("scroll", refreshBounds, { passive: true, capture: true });
          const api: CityMap = {
            setState(state) {
              scene.state = state;
              if (scene.sys.settings.active) scene.rebuild();
            },
            setOverlay(o) {
              scene.overlay = o;
              if (scene.state) {
                scene.paintOverlay();
                scene.drawLinks();
              }
            },
            setMask(mask) {
              scene.mask = mask;
              if (scene.state) scene.paintOverlay();
            },
            setCursor(i) {
              scene.cursor = i;
              scene.drawCursor();
            },
            setPending(i) {
              scene.pending = i;
              scene.drawCursor();
            },
            playFlows(flows) {
              if (scene.state) scene.setFlows(flows);
            },
            clearFlows() {
              scene.setFlows([]);
            },
            zoomBy(f) {
              const cam = scene.cameras.main;
              scene.zoomAt(f, cam.width / 2, cam.height / 2);
            },
            panBy(dx, dy) {
              const cam = scene.cameras.main;
              cam.scrollX += ((dx * T) / Math.max(0.5, cam.zoom)) * 2;
              cam.scrollY += ((dy * T) / Math.max(0.5, cam.zoom)) * 2;
              scene.userZoomed = true;
            },
            fit() {
              scene.fit();
            },
            setReducedMotion(b) {
              opts.reducedMotion = b;
              scene.flowG.setData("static", false);
            },
            relabel() {
              if (scene.state) scene.drawLabels(true);
            },
            fps() {
              return game.loop.actualFps;
            },
            view() {
              const cam = scene.cameras.main;
              return { zoom: cam.zoom, scrollX: cam.scrollX, scrollY: cam.scrollY };
            },
            tileToCanvas(i) {
              const s = scene.state;
              if (!s) return null;
              const cam = scene.cameras.main;
              const wx = (i % s.width) * T + T / 2;
              const wy = Math.floor(i / s.width) * T + T / 2;
              return {
                x: cam.x + (wx - cam.worldView.x) * cam.zoom,
                y: cam.y + (wy - cam.worldView.y) * cam.zoom,
              };
            },
            destroy() {
              window.removeEventListener("scroll", refreshBounds, { capture: true });
              game.destroy(true);
            },
          };
          resolve(api);
        },
      },
    });
  });
}
