// The city map, drawn by Phaser 4 (WebGL, or its Canvas renderer where WebGL is software) as an
// illustrated city: every tile is a picture from map/art.ts (painted once per kind into small sprites,
// then stamped into 16×16-tile chunk textures; the chunks in view first, the rest a chunk a frame; a
// change repaints and re-uploads only its chunk, and a quarter-size copy is drawn when zoomed far
// out), a buzz glow baked in, district borders with dash patterns and the player's own district
// outlined, labels with the players' names, links by type, heat overlays and the legal-target mask (a
// small nearest-filtered texture), and life: creatives walking between homes and workplaces, migrants
// walking to their new district along the migration arrows, and scaffolding when something is built.
// Everything that moves stops under Reduce motion. It renders only: every decision comes from the
// screens, which get tile hovers and clicks back through callbacks.
import Phaser from "phaser";
import { ANCHOR_KINDS } from "../../shared/kinds.js";
import type { GameState, Tile } from "../../shared/state.js";
import type { Flow, Overlay } from "../model/view.js";
import { overlayValues } from "../model/overlay.js";
import { ART_KINDS, type ArtKind, paintArt, VARIANTS, variantOf } from "./art.js";
import { districtBox, findBridges, manhattan, streetPath, T } from "./geometry.js";
import { DISTRICT_DASHES, districtColour, heatColour, LINK_STYLES, MIN_TILE_CSS_PX } from "./palette.js";

/** Texture pixels per tile of the city picture (mipmapped, so it stays clean when zoomed out). */
const R = 32;
/** Tiles per side of a chunk of the city picture (a change re-uploads only its chunk). */
const C = 16;
/** Texture pixels per tile of the far view. */
const LR = 8;
/** Below this many CSS px per tile the far view is drawn and the walkers are hidden. */
const FAR_TILE_PX = 13;
/** Texture pixels per tile of the overlay and mask (nearest-filtered: crisp tile edges). */
const OR = 8;
/** Most walking figures at once (the frame-rate budget of a 64×64 city on a phone). */
const MAX_WALKERS = 60;
const MAX_MIGRANTS = 48;
const BUILD_MS = 1600;

export interface CityMapOptions {
  parent: HTMLElement;
  reducedMotion: boolean;
  onHover: (i: number | null) => void;
  /** A click or tap on a tile; `touch` when it came from a finger (no hover preview was seen). */
  onSelect: (i: number, touch: boolean) => void;
  districtLabel: (d: number) => string;
  /** The player's own district (-1: none, e.g. the projector): outlined, and the camera starts on it. */
  ownDistrict?: () => number;
  /** Who plays a district (names or team), shown under its label ("" for none). */
  districtPlayers?: (d: number) => string;
  /** Phaser's renderer: "auto" (the default) takes WebGL on a real GPU and the Canvas renderer where
   * WebGL would be software (SwiftShader, llvmpipe), which fills pixels many times slower. */
  renderer?: "auto" | "webgl" | "canvas";
}

export interface MapView {
  zoom: number;
  scrollX: number;
  scrollY: number;
  /** CSS pixels per tile at the current zoom. */
  tilePx: number;
  /** The district drawn with the own-district outline (-1: none). */
  outlined: number;
  /** How the camera was placed: on the own district, the whole city, or by the user. */
  mode: "home" | "fit" | "user";
  /** Frames in which something animated moved (stays still under Reduce motion). */
  animFrames: number;
  walkers: number;
  /** Tiles whose construction animation is running, and how many have started since the map opened. */
  building: number;
  buildsStarted: number;
  /** The tile at the centre of the view (-1: outside the city). */
  centreTile: number;
  /** The part of the city in view, in tile coordinates (fractions at the edges). */
  visible: { x0: number; y0: number; x1: number; y1: number };
  /** The renderer Phaser runs on. */
  renderer: "webgl" | "canvas";
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
  /** The whole city in view. */
  fit(): void;
  /** The starting view: the own district centred, tiles at least MIN_TILE_CSS_PX (or fit, if none). */
  home(): void;
  /** Pans so tile i is in view (no move if it already is). */
  reveal(i: number): void;
  setReducedMotion(b: boolean): void;
  relabel(): void;
  fps(): number;
  /** Camera and animation state (for tests). */
  view(): MapView;
  /** Canvas pixel of a tile's centre (for tests and tooltips). */
  tileToCanvas(i: number): { x: number; y: number } | null;
  destroy(): void;
}

const WORK_USES = new Set([
  "studio",
  "derelict",
  "factory",
  "commerce",
  "leisure",
  "heritage",
  ...ANCHOR_KINDS,
]);

interface Walker {
  img: Phaser.GameObjects.Image;
  /** Path in world units (x, y pairs) and its cumulative lengths. */
  path: number[];
  lens: number[];
  /** Distance along the path; direction +1 / -1; pause left at an end (ms). */
  pos: number;
  dir: number;
  pause: number;
  speed: number;
}

interface Chunk {
  tex: Phaser.Textures.CanvasTexture;
  img: Phaser.GameObjects.Image;
  cx: number;
  cy: number;
  dirty: boolean;
}

interface Migrant {
  img: Phaser.GameObjects.Image;
  pts: number[];
  phase: number;
}

function pow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** What a tile shows (bridges: water between land, every few rows of a narrow river). */
function artKindOf(t: Tile, bridge: number): ArtKind {
  if (t.terrain === "water") return bridge === 1 ? "bridgeH" : bridge === 2 ? "bridgeV" : "water";
  if (t.terrain === "park" && t.use === "empty") return "parkland";
  return t.use;
}

const ANCHORS: ReadonlySet<string> = new Set(ANCHOR_KINDS);
/** The tiles' pictures, painted once per page (a new map, e.g. after a reload of the screen, reuses
 * them). Only anchors carry their district's colour (a pennant): other kinds are one picture for every
 * district. */
const sprites = new Map<string, HTMLCanvasElement>();

function sprite(kind: ArtKind, v: number, colour: string): HTMLCanvasElement {
  const key = ANCHORS.has(kind) ? `${kind}|${v}|${colour}` : `${kind}|${v}`;
  let c = sprites.get(key);
  if (!c) {
    c = document.createElement("canvas");
    c.width = R;
    c.height = R;
    const ctx = c.getContext("2d")!;
    ctx.scale(R / 32, R / 32);
    paintArt(ctx, kind, v, colour);
    sprites.set(key, c);
  }
  return c;
}

/** The glow's radius in texture pixels. */
const GLOW = Math.ceil(R * 1.3);
const glows = new Map<number, HTMLCanvasElement>();

/** A lively tile's warm glow (a radial gradient), painted once per strength in twentieths: a chunk
 * then stamps it rather than filling a new gradient for each tile. */
function glow(alpha: number): HTMLCanvasElement {
  const level = Math.round(alpha * 20);
  let c = glows.get(level);
  if (!c) {
    c = document.createElement("canvas");
    c.width = 2 * GLOW;
    c.height = 2 * GLOW;
    const ctx = c.getContext("2d")!;
    const grad = ctx.createRadialGradient(GLOW, GLOW, 0, GLOW, GLOW, R * 1.3);
    grad.addColorStop(0, `rgba(255,170,60,${level / 20})`);
    grad.addColorStop(1, "rgba(255,170,60,0)");
    ctx.fillStyle = grad;
    ctx.fillRect(0, 0, 2 * GLOW, 2 * GLOW);
    glows.set(level, c);
  }
  return c;
}

/**
 * Paints the pictures every city needs (each kind but the anchors, in every variant, and the glows)
 * while the page waits (the join's handshake and first state): in idle time, a few at a time, so the
 * first frame of the map only stamps them. Anchors wait for their district's colour.
 */
export function warmArt(): void {
  const todo: (() => void)[] = [];
  for (let level = 1; level <= 10; level++) todo.push(() => glow(level / 20));
  for (const kind of ART_KINDS)
    if (!ANCHORS.has(kind)) for (let v = 0; v < VARIANTS; v++) todo.push(() => sprite(kind, v, "#ffffff"));
  const idle =
    typeof requestIdleCallback === "function"
      ? (f: (d: { timeRemaining(): number }) => void) => requestIdleCallback(f, { timeout: 500 })
      : (f: (d: { timeRemaining(): number }) => void) => setTimeout(() => f({ timeRemaining: () => 8 }), 0);
  const step = (d: { timeRemaining(): number }) => {
    do {
      const next = todo.pop();
      if (!next) return;
      next();
    } while (d.timeRemaining() > 2);
    idle(step);
  };
  idle(step);
}

class CityScene extends Phaser.Scene {
  state: GameState | null = null;
  opts!: CityMapOptions;
  chunks: Chunk[] = [];
  chunkCols = 0;
  lodTex!: Phaser.Textures.CanvasTexture;
  lodImg!: Phaser.GameObjects.Image;
  cullKey = "";
  far = false;
  overTex!: Phaser.Textures.CanvasTexture;
  overImg!: Phaser.GameObjects.Image;
  linkG!: Phaser.GameObjects.Graphics;
  cursorG!: Phaser.GameObjects.Graphics;
  flowG!: Phaser.GameObjects.Graphics;
  buildG!: Phaser.GameObjects.Graphics;
  labels: Phaser.GameObjects.Text[] = [];
  flowLabels: Phaser.GameObjects.Text[] = [];
  keys: string[] = [];
  uses: string[] = [];
  bridges: Uint8Array = new Uint8Array(0);
  /** District border segments of the current state (computed once per repaint). */
  segs: number[][] | null = null;
  /** Chunks still to paint outside the view. */
  pendingChunks = false;
  /** The far view's picture changed since it was last uploaded. */
  lodStale = false;
  outlined = -1;
  overlay: Overlay = "none";
  mask: Uint8Array | null = null;
  cursor: number | null = null;
  pending: number | null = null;
  flows: Flow[] = [];
  flowStart = 0;
  mode: "home" | "fit" | "user" = "home";
  homedFor = -2;
  labelZoom = 0;
  labelKey = "";
  walkerKey = "";
  walkers: Walker[] = [];
  migrants: Migrant[] = [];
  builds: { i: number; start: number }[] = [];
  animFrames = 0;
  buildsStarted = 0;
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
    this.buildG = this.add.graphics().setDepth(3.5);
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
      if (this.mode === "home") this.home();
      else if (this.mode === "fit") this.fit();
    });
    if (this.state) this.rebuild();
  }

  /** A small person (head and body) dressed in a colour, drawn once per colour. Coloured in its
   * texture rather than tinted: the Canvas renderer (chosen where WebGL is software) has no tint. */
  walkerTexture(colour: string): string {
    const key = `walker${colour}`;
    if (this.textures.exists(key)) return key;
    const tex = this.textures.createCanvas(key, 16, 28);
    if (!tex) return key;
    const c = tex.context;
    c.fillStyle = "rgba(0,0,0,0.35)";
    c.beginPath();
    c.ellipse(8, 26, 6, 2, 0, 0, Math.PI * 2);
    c.fill();
    c.fillStyle = colour;
    c.strokeStyle = "#1b1b1b";
    c.lineWidth = 2;
    c.beginPath();
    c.moveTo(3, 24);
    c.lineTo(4, 12);
    c.quadraticCurveTo(8, 8, 12, 12);
    c.lineTo(13, 24);
    c.closePath();
    c.fill();
    c.stroke();
    c.fillStyle = "#f3d2b3";
    c.beginPath();
    c.arc(8, 6, 4.5, 0, Math.PI * 2);
    c.fill();
    c.stroke();
    tex.refresh();
    return key;
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
        this.mode = "user";
      }
      return;
    }
    this.opts.onHover(this.tileAt(p));
  }

  zoomAt(f: number, sx: number, sy: number) {
    const cam = this.cameras.main;
    const before = cam.getWorldPoint(sx, sy);
    cam.setZoom(Phaser.Math.Clamp(cam.zoom * f, 0.2, 8));
    cam.preRender();
    const after = cam.getWorldPoint(sx, sy);
    cam.scrollX += before.x - after.x;
    cam.scrollY += before.y - after.y;
    this.mode = "user";
  }

  /** CSS pixels per canvas pixel (the canvas may be scaled by the page). */
  cssScale(): number {
    const c = this.game.canvas;
    const w = c.getBoundingClientRect().width;
    return w > 0 && c.width > 0 ? w / c.width : 1;
  }

  fitZoom(): number {
    const s = this.state!;
    const cam = this.cameras.main;
    return Math.max(0.2, Math.min(cam.width / (s.width * T), cam.height / (s.height * T)) * 0.98);
  }

  fit() {
    if (!this.state) return;
    const cam = this.cameras.main;
    cam.setZoom(this.fitZoom());
    cam.centerOn((this.state.width * T) / 2, (this.state.height * T) / 2);
    cam.preRender();
    this.mode = "fit";
  }

  home() {
    const s = this.state;
    if (!s) return;
    const d = this.own();
    this.homedFor = d;
    const box = d >= 0 ? districtBox(s, d) : null;
    if (!box) {
      this.fit();
      this.mode = "home";
      return;
    }
    const cam = this.cameras.main;
    const minZoom = MIN_TILE_CSS_PX / (T * this.cssScale());
    // The whole district if it fits at a legible size, else legible tiles centred on it.
    const fitDistrict =
      Math.min(cam.width / ((box.x1 - box.x0 + 1) * T), cam.height / ((box.y1 - box.y0 + 1) * T)) * 0.95;
    cam.setZoom(Math.min(8, Math.max(minZoom, Math.min(fitDistrict, minZoom * 1.6), this.fitZoom())));
    // Centred on the district, but not past the city's edge where the city is larger than the view.
    const vw = cam.width / cam.zoom;
    const vh = cam.height / cam.zoom;
    const clamp = (c: number, view: number, size: number) =>
      size <= view ? size / 2 : Math.min(size - view / 2, Math.max(view / 2, c));
    cam.centerOn(
      clamp(((box.x0 + box.x1 + 1) / 2) * T, vw, s.width * T),
      clamp(((box.y0 + box.y1 + 1) / 2) * T, vh, s.height * T),
    );
    cam.preRender();
    this.mode = "home";
  }

  reveal(i: number) {
    const s = this.state;
    if (!s) return;
    const cam = this.cameras.main;
    cam.preRender();
    const v = cam.worldView;
    const x = (i % s.width) * T;
    const y = Math.floor(i / s.width) * T;
    if (x >= v.x && y >= v.y && x + T <= v.right && y + T <= v.bottom) return;
    cam.centerOn(x + T / 2, y + T / 2);
    cam.preRender();
    this.mode = "user";
  }

  own(): number {
    return this.opts.ownDistrict?.() ?? -1;
  }

  rebuild() {
    const s = this.state;
    if (!s) return;
    if (this.keys.length !== s.tiles.length || this.chunkCols !== Math.ceil(s.width / C)) {
      for (const c of this.chunks) {
        c.img.destroy();
        c.tex.destroy();
      }
      this.overImg?.destroy();
      this.overTex?.destroy();
      this.lodImg?.destroy();
      this.lodTex?.destroy();
      const id = `${Date.now()}`;
      this.chunkCols = Math.ceil(s.width / C);
      const rows = Math.ceil(s.height / C);
      this.chunks = [];
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < this.chunkCols; c++) {
          const tex = this.textures.createCanvas(`city${id}-${r}-${c}`, C * R, C * R)!;
          const img = this.add
            .image(c * C * T, r * C * T, tex)
            .setOrigin(0)
            .setDepth(1)
            .setScale(T / R);
          this.chunks.push({ tex, img, cx: c, cy: r, dirty: true });
        }
      // The city seen from afar: the same picture at a quarter of the resolution, shown when tiles
      // are small on screen (cheaper to draw than the full one, and without its shimmer).
      this.lodTex = this.textures.createCanvas(`lod${id}`, pow2(s.width * LR), pow2(s.height * LR))!;
      this.lodImg = this.add
        .image(0, 0, this.lodTex)
        .setOrigin(0)
        .setDepth(1)
        .setScale(T / LR);
      this.overTex = this.textures.createCanvas(`over${id}`, s.width * OR, s.height * OR)!;
      this.overTex.setFilter(Phaser.Textures.FilterMode.NEAREST);
      this.overImg = this.add
        .image(0, 0, this.overTex)
        .setOrigin(0)
        .setDepth(2)
        .setScale(T / OR);
      this.keys = [];
      this.uses = [];
      this.bridges = findBridges(s);
      this.homedFor = -2;
      this.cullKey = "";
    }
    // The camera first: the chunks in view are painted now, the others a few per frame after.
    if (this.mode === "home" && this.homedFor !== this.own()) this.home();
    this.paintBase();
    this.paintOverlay();
    this.drawLinks();
    this.drawLabels();
    this.drawCursor();
    this.placeWalkers();
  }

  /** The picture of a kind, drawn once per variant (and district colour, for anchors' pennants). */
  sprite(kind: ArtKind, v: number, colour: string): HTMLCanvasElement {
    return sprite(kind, v, colour);
  }

  paintBase() {
    const s = this.state!;
    const own = this.own();
    if (own !== this.outlined) {
      // The outline moves: repaint every chunk under it.
      for (const c of this.chunks) c.dirty = true;
      this.outlined = own;
    }
    const first = this.uses.length === 0;
    const now = this.time.now;
    for (let i = 0; i < s.tiles.length; i++) {
      const t = s.tiles[i];
      // Buzz in tenths: the glow follows it without repainting on every small change.
      const key = `${artKindOf(t, this.bridges[i])}|${t.district}|${t.protected ? 1 : 0}|${Math.round(t.buzz * 10)}`;
      if (this.keys[i] === key) continue;
      if (!first && this.uses[i] !== t.use && t.use !== "empty" && !this.opts.reducedMotion) {
        this.builds.push({ i, start: now });
        this.buildsStarted++;
      }
      this.keys[i] = key;
      this.uses[i] = t.use;
      // Its chunk, and a neighbour chunk when the tile is on the edge (the glow and borders spill).
      const x = i % s.width;
      const y = Math.floor(i / s.width);
      for (const [dx, dy] of [
        [0, 0],
        [-1, 0],
        [1, 0],
        [0, -1],
        [0, 1],
      ]) {
        const cx = Math.floor((x + dx) / C);
        const cy = Math.floor((y + dy) / C);
        const c = this.chunks[cy * this.chunkCols + cx];
        if (c && cx >= 0 && cx < this.chunkCols) c.dirty = true;
      }
    }
    this.segs = null;
    this.paintChunks(Infinity, true);
  }

  /** Whether a chunk is (partly) in the camera's view. */
  chunkInView(c: Chunk): boolean {
    const v = this.cameras.main.worldView;
    const span = C * T;
    const x = c.cx * span;
    const y = c.cy * span;
    return x < v.right && x + span > v.x && y < v.bottom && y + span > v.y;
  }

  /** Paints dirty chunks: those in view (all of them), or up to `most` of the others. The city is
   * shown as soon as its part in view is drawn; the rest follows a chunk a frame (a 128×128 city has
   * 64 chunks, which would hold the first picture back for seconds). */
  paintChunks(most: number, inView: boolean) {
    let lodChanged = false;
    let left = most;
    this.cameras.main.preRender();
    for (const c of this.chunks) {
      if (!c.dirty) continue;
      if (inView ? !this.chunkInView(c) : left-- <= 0) continue;
      c.dirty = false;
      this.segs ??= this.borderSegments();
      this.paintChunk(c, this.segs);
      const lod = this.lodTex.context;
      lod.imageSmoothingEnabled = true;
      lod.imageSmoothingQuality = "high";
      lod.clearRect(c.cx * C * LR, c.cy * C * LR, C * LR, C * LR);
      lod.drawImage(c.tex.canvas, c.cx * C * LR, c.cy * C * LR, C * LR, C * LR);
      lodChanged = true;
    }
    this.pendingChunks = this.chunks.some((c) => c.dirty);
    // The far view is uploaded again only when it is shown or complete (not once per chunk).
    if (lodChanged) this.lodStale = true;
    if (this.lodStale && (this.far || !this.pendingChunks)) {
      this.lodStale = false;
      this.lodTex.refresh();
    }
  }

  /** Repaints one chunk: its tiles' pictures, the buzz glow, protection frames, then the borders. */
  paintChunk(c: Chunk, segs: number[][]) {
    const s = this.state!;
    const ctx = c.tex.context;
    const ox = c.cx * C;
    const oy = c.cy * C;
    ctx.save();
    ctx.clearRect(0, 0, C * R, C * R);
    ctx.translate(-ox * R, -oy * R);
    const x1 = Math.min(s.width, ox + C);
    const y1 = Math.min(s.height, oy + C);
    for (let y = oy; y < y1; y++)
      for (let x = ox; x < x1; x++) {
        const i = y * s.width + x;
        const t = s.tiles[i];
        ctx.drawImage(
          this.sprite(artKindOf(t, this.bridges[i]), variantOf(i) % VARIANTS, districtColour(t.district)),
          x * R,
          y * R,
        );
      }
    // Buzz as a warm glow around lively tiles (neighbours just outside the chunk included).
    ctx.globalCompositeOperation = "lighter";
    for (let y = Math.max(0, oy - 1); y < Math.min(s.height, y1 + 1); y++)
      for (let x = Math.max(0, ox - 1); x < Math.min(s.width, x1 + 1); x++) {
        const b = s.tiles[y * s.width + x].buzz;
        if (!(b > 0.15)) continue;
        const a = Math.min(0.5, (b - 0.15) * 0.8);
        ctx.drawImage(glow(a), (x + 0.5) * R - GLOW, (y + 0.5) * R - GLOW);
      }
    ctx.globalCompositeOperation = "source-over";
    for (let y = oy; y < y1; y++)
      for (let x = ox; x < x1; x++) {
        if (!s.tiles[y * s.width + x].protected) continue;
        // Affordable space: a dashed green inset frame (a pattern as well as a colour).
        ctx.strokeStyle = "#007a4d";
        ctx.lineWidth = 2.5;
        ctx.setLineDash([5, 3]);
        ctx.strokeRect(x * R + 3, y * R + 3, R - 6, R - 6);
        ctx.setLineDash([]);
      }
    this.paintBorders(ctx, segs);
    ctx.restore();
    c.tex.refresh();
  }

  /** District borders: coloured and dashed per district, and the player's own district outlined. */
  borderSegments(): number[][] {
    const s = this.state!;
    const segs: number[][] = s.districts.map(() => []);
    const other = (x: number, y: number) =>
      x < 0 || y < 0 || x >= s.width || y >= s.height ? -2 : s.tiles[y * s.width + x].district;
    for (let i = 0; i < s.tiles.length; i++) {
      const d = s.tiles[i].district;
      if (d < 0 || !segs[d]) continue;
      const x = i % s.width;
      const y = Math.floor(i / s.width);
      // Each edge as x0, y0, x1, y1 plus the inward normal (nx, ny).
      if (other(x + 1, y) !== d) segs[d].push(x + 1, y, x + 1, y + 1, -1, 0);
      if (other(x, y + 1) !== d) segs[d].push(x, y + 1, x + 1, y + 1, 0, -1);
      if (other(x, y - 1) !== d) segs[d].push(x, y, x + 1, y, 0, 1);
      if (other(x - 1, y) !== d) segs[d].push(x, y, x, y + 1, 1, 0);
    }
    return segs;
  }

  paintBorders(ctx: CanvasRenderingContext2D, segs: number[][]) {
    const stroke = (e: number[], inset: number, width: number, colour: string, dash: number[]) => {
      ctx.setLineDash(dash);
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      for (let k = 0; k < e.length; k += 6) {
        const [x0, y0, x1, y1, nx, ny] = e.slice(k, k + 6);
        ctx.moveTo(x0 * R + nx * inset, y0 * R + ny * inset);
        ctx.lineTo(x1 * R + nx * inset, y1 * R + ny * inset);
      }
      ctx.stroke();
    };
    ctx.lineCap = "butt";
    segs.forEach((e, d) => {
      if (d === this.outlined) {
        stroke(e, 5, 10, "rgba(20,20,20,0.9)", []);
        stroke(e, 5, 6, "#ffffff", []);
      }
      stroke(
        e,
        d === this.outlined ? 5 : 3,
        d === this.outlined ? 3 : 5,
        districtColour(d),
        DISTRICT_DASHES[d % DISTRICT_DASHES.length].map((v) => v * R),
      );
    });
    ctx.setLineDash([]);
    ctx.lineWidth = 1;
  }

  paintOverlay() {
    const s = this.state!;
    const ctx = this.overTex.context;
    ctx.clearRect(0, 0, this.overTex.width, this.overTex.height);
    let any = false;
    if (this.overlay !== "none" && this.overlay !== "links") {
      any = true;
      const v = overlayValues(s, this.overlay);
      for (let i = 0; i < v.length; i++) {
        if (Number.isNaN(v[i])) continue;
        const x = (i % s.width) * OR;
        const y = Math.floor(i / s.width) * OR;
        // A heat tint: the buildings still show through it.
        ctx.globalAlpha = 0.6;
        ctx.fillStyle = heatColour(v[i]);
        ctx.fillRect(x, y, OR, OR);
        // Dot density repeats the value without colour: more dots = higher.
        ctx.globalAlpha = 0.95;
        ctx.fillStyle = v[i] > 0.5 ? "#000" : "#fff";
        const dots = Math.round(v[i] * 4);
        for (let k = 0; k < dots; k++) ctx.fillRect(x + 1 + (k % 2) * 4, y + 1 + Math.floor(k / 2) * 4, 2, 2);
      }
      ctx.globalAlpha = 1;
    }
    if (this.mask) {
      any = true;
      ctx.fillStyle = "rgba(20,20,20,0.55)";
      for (let i = 0; i < this.mask.length; i++) {
        if (this.mask[i]) continue;
        ctx.fillRect((i % s.width) * OR, Math.floor(i / s.width) * OR, OR, OR);
      }
    }
    this.overTex.refresh();
    // An empty overlay is not drawn at all (one quad less to fill each frame).
    this.overImg.setVisible(any);
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
    const own = this.own();
    const names = s.districts.map((d) => this.opts.districtLabel(d.id));
    const players = s.districts.map((d) => this.opts.districtPlayers?.(d.id) ?? "");
    // District names and players change rarely: redraw only for a new city, language or seating.
    const key = `${s.width}x${s.height}|${own}|${names.join("|")}|${players.join("|")}`;
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
      const mine = d === own;
      const text = players[d] ? `${d + 1} ${names[d]}\n${players[d]}` : `${d + 1} ${names[d]}`;
      const txt = this.add
        .text((c.x / c.n + 0.5) * T, (c.y / c.n + 0.5) * T, text, {
          fontFamily: "system-ui, sans-serif",
          fontSize: "14px",
          fontStyle: mine ? "bold" : "normal",
          align: "center",
          color: mine ? "#ffffff" : "#111111",
          backgroundColor: mine ? "rgba(20,20,20,0.85)" : "rgba(255,255,255,0.85)",
          padding: { x: 4, y: 2 },
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

  // ------------------------------------------------------------------------------------------------
  // Life on the map

  /** Creatives walking between homes and workplaces of their district, along the street grid. */
  placeWalkers() {
    const s = this.state!;
    const key = `${s.year}|${s.width}x${s.height}`;
    if (key === this.walkerKey) return;
    this.walkerKey = key;
    for (const w of this.walkers) w.img.destroy();
    this.walkers = [];
    const homes: number[][] = s.districts.map(() => []);
    const works: number[][] = s.districts.map(() => []);
    let creatives = 0;
    s.tiles.forEach((t, i) => {
      if (t.district < 0 || !homes[t.district]) return;
      creatives += t.creatives;
      if (t.use === "housing") homes[t.district].push(i);
      else if (WORK_USES.has(t.use)) works[t.district].push(i);
    });
    const n = Math.min(MAX_WALKERS, Math.max(12, Math.round(creatives / 25)));
    // A fixed sequence (not Math.random): the same city shows the same walks.
    let seed = (s.width * 73856093) ^ (s.year * 19349663);
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const districts = s.districts.map((d) => d.id).filter((d) => homes[d].length && works[d].length);
    if (!districts.length) return;
    for (let k = 0; k < n; k++) {
      const d = districts[k % districts.length];
      const h = homes[d][Math.floor(rnd() * homes[d].length)];
      // The nearest of a few workplaces: short walks, as in a real quarter.
      let w = works[d][Math.floor(rnd() * works[d].length)];
      for (let j = 0; j < 3; j++) {
        const c = works[d][Math.floor(rnd() * works[d].length)];
        if (manhattan(s.width, h, c) < manhattan(s.width, h, w)) w = c;
      }
      const path = streetPath(s.width, h, w, rnd);
      const lens = [0];
      for (let p = 2; p < path.length; p += 2)
        lens.push(lens[lens.length - 1] + Math.hypot(path[p] - path[p - 2], path[p + 1] - path[p - 1]));
      const img = this.add
        .image(path[0], path[1], this.walkerTexture(districtColour(d)))
        .setOrigin(0.5, 0.95)
        .setDisplaySize(4, 7)
        .setDepth(2.5);
      this.walkers.push({
        img,
        path,
        lens,
        pos: rnd() * lens[lens.length - 1],
        dir: rnd() < 0.5 ? 1 : -1,
        pause: 0,
        speed: T * (0.9 + rnd() * 0.7),
      });
    }
  }

  moveWalkers(dt: number) {
    for (const w of this.walkers) {
      const total = w.lens[w.lens.length - 1];
      if (w.pause > 0) {
        w.pause -= dt;
        continue;
      }
      w.pos += (w.dir * w.speed * dt) / 1000;
      if (w.pos >= total || w.pos <= 0) {
        w.pos = Math.max(0, Math.min(total, w.pos));
        w.dir = -w.dir;
        w.pause = 900 + (w.path.length % 5) * 300;
      }
      let k = 1;
      while (k < w.lens.length - 1 && w.lens[k] < w.pos) k++;
      const seg = w.lens[k] - w.lens[k - 1] || 1;
      const f = (w.pos - w.lens[k - 1]) / seg;
      const x = w.path[(k - 1) * 2] + (w.path[k * 2] - w.path[(k - 1) * 2]) * f;
      const y = w.path[(k - 1) * 2 + 1] + (w.path[k * 2 + 1] - w.path[(k - 1) * 2 + 1]) * f;
      w.img.setPosition(x, y);
      w.img.setFlipX(w.path[k * 2] - w.path[(k - 1) * 2] < 0 !== w.dir < 0);
    }
  }

  /** Scaffolding rising over a newly built tile, with a crane swinging, then gone. */
  drawBuilds(now: number) {
    const s = this.state!;
    const g = this.buildG;
    g.clear();
    this.builds = this.builds.filter((b) => now - b.start < BUILD_MS);
    for (const b of this.builds) {
      const t = (now - b.start) / BUILD_MS;
      const x = (b.i % s.width) * T;
      const y = Math.floor(b.i / s.width) * T;
      // A hoarding hides what is not built yet; it drops as the scaffold climbs.
      const cover = T * (1 - Math.min(1, t * 1.25));
      g.fillStyle(0xd9cfb8, 1);
      g.fillRect(x, y, T, cover);
      g.lineStyle(1, 0x8a6a3a, 1);
      for (let k = 0; k <= 3; k++) g.lineBetween(x + 1 + k * 4.5, y + T, x + 1 + k * 4.5, y + cover);
      for (let h = y + T; h > y + cover; h -= 4) g.lineBetween(x + 1, h, x + T - 1, h);
      // The crane: a mast at the corner and a jib turning.
      const ang = -Math.PI / 2 + Math.sin(t * Math.PI * 2) * 0.9;
      g.lineStyle(1.5, 0xe69f00, 1);
      g.lineBetween(x + T - 2, y + T, x + T - 2, y - 6);
      g.lineBetween(
        x + T - 2,
        y - 6,
        x + T - 2 + Math.cos(ang + Math.PI / 2) * 12,
        y - 6 + Math.sin(ang + Math.PI / 2) * 4,
      );
      g.fillStyle(0x3a3330, 1);
      g.fillCircle(x + T - 2 + Math.cos(ang + Math.PI / 2) * 10, y - 3, 1.2);
      // Dust at the end.
      if (t > 0.7) {
        g.fillStyle(0xffffff, (1 - t) * 2);
        for (let k = 0; k < 4; k++) g.fillCircle(x + 2 + k * 4, y + T - (t - 0.7) * 10, 2);
      }
    }
  }

  /** Draws only what is in view: the near or far picture by zoom, and the chunks and walkers on screen. */
  cull() {
    const cam = this.cameras.main;
    const v = cam.worldView;
    const key = `${cam.zoom}|${v.x}|${v.y}|${v.width}|${v.height}`;
    if (key !== this.cullKey) {
      this.cullKey = key;
      this.far = T * cam.zoom * this.cssScale() < FAR_TILE_PX;
      // A chunk coming into view that is not painted yet is painted before this frame is drawn.
      if (this.pendingChunks || this.lodStale) this.paintChunks(Infinity, true);
      this.lodImg?.setVisible(this.far);
      const span = C * T;
      for (const c of this.chunks) {
        const x = c.cx * span;
        const y = c.cy * span;
        c.img.setVisible(!this.far && x < v.right && x + span > v.x && y < v.bottom && y + span > v.y);
      }
    }
    for (const w of this.walkers) {
      const { x, y } = w.img;
      w.img.setVisible(!this.far && x > v.x - T && x < v.right + T && y > v.y - T && y < v.bottom + T);
    }
  }

  override update(time: number, delta: number) {
    this.scaleLabels();
    if (!this.state) return;
    this.cull();
    if (this.pendingChunks) this.paintChunks(1, false);
    const reduced = this.opts.reducedMotion;
    const moving =
      !reduced && (this.walkers.length > 0 || this.migrants.length > 0 || this.builds.length > 0);
    if (reduced) {
      if (this.builds.length) {
        this.builds = [];
        this.buildG.clear();
      }
      return;
    }
    const dt = Math.min(100, delta);
    this.moveWalkers(dt);
    if (this.builds.length) this.drawBuilds(time);
    else if (this.buildG.commandBuffer.length) this.buildG.clear();
    this.moveMigrants(time);
    if (moving) this.animFrames++;
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

  /** Migration arrows (drawn once) and migrants walking along them (moved each frame). */
  setFlows(flows: Flow[]) {
    this.flows = flows.slice(0, 40);
    this.flowStart = this.time.now;
    const g = this.flowG;
    g.clear();
    for (const l of this.flowLabels) l.destroy();
    this.flowLabels = [];
    for (const m of this.migrants) m.img.destroy();
    this.migrants = [];
    this.flows.forEach((f, k) => {
      const [ax, ay, bx, by] = this.flowEnds(f);
      const mx = (ax + bx) / 2 - (by - ay) * 0.2;
      const my = (ay + by) / 2 + (bx - ax) * 0.2;
      const width = Math.min(6, 1 + Math.log2(1 + f.count));
      const colour = f.to < 0 ? 0xd55e00 : 0xffffff;
      const curve = new Phaser.Curves.QuadraticBezier(
        new Phaser.Math.Vector2(ax, ay),
        new Phaser.Math.Vector2(mx, my),
        new Phaser.Math.Vector2(bx, by),
      );
      g.lineStyle(width + 2, 0x000000, 0.35);
      curve.draw(g, 24);
      g.lineStyle(width, colour, 0.85);
      curve.draw(g, 24);
      // Arrow head at the destination.
      const tip = curve.getPoint(1);
      const back = curve.getPoint(0.9);
      const ang = Math.atan2(tip.y - back.y, tip.x - back.x);
      g.fillStyle(colour, 1);
      g.fillTriangle(
        tip.x,
        tip.y,
        tip.x - 8 * Math.cos(ang - 0.5),
        tip.y - 8 * Math.sin(ang - 0.5),
        tip.x - 8 * Math.cos(ang + 0.5),
        tip.y - 8 * Math.sin(ang + 0.5),
      );
      const pts: number[] = [];
      for (let j = 0; j <= 24; j++) {
        const p = curve.getPoint(j / 24);
        pts.push(p.x, p.y);
      }
      // Walkers carrying the flow: more for a bigger move, a few at most per arrow.
      const walkers = Math.min(4, 1 + Math.floor(f.count / 8), MAX_MIGRANTS - this.migrants.length);
      for (let j = 0; j < walkers; j++) {
        const img = this.add
          .image(ax, ay, this.walkerTexture(f.to < 0 ? "#ffb37a" : "#fde725"))
          .setOrigin(0.5, 0.95)
          .setDisplaySize(5, 9)
          .setDepth(6.5)
          .setVisible(!this.opts.reducedMotion);
        this.migrants.push({ img, pts, phase: j / walkers + k * 0.07 });
      }
    });
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

  moveMigrants(time: number) {
    const period = 3200;
    for (const m of this.migrants) {
      const u = (((time - this.flowStart) / period + m.phase) % 1) * 24;
      const j = Math.min(23, Math.floor(u));
      const f = u - j;
      const x = m.pts[j * 2] + (m.pts[j * 2 + 2] - m.pts[j * 2]) * f;
      const y = m.pts[j * 2 + 1] + (m.pts[j * 2 + 3] - m.pts[j * 2 + 1]) * f;
      m.img.setPosition(x, y).setVisible(true);
    }
  }

  setReducedMotion(b: boolean) {
    this.opts.reducedMotion = b;
    // Under Reduce motion walkers stand still where they are; migrants (the moving part of the
    // arrows) are hidden, the arrows stay.
    for (const m of this.migrants) m.img.setVisible(!b);
  }
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

/** True when the browser would give WebGL only through a software rasteriser: Chrome refuses a
 * context asked with `failIfMajorPerformanceCaveat` then (SwiftShader in headless Chromium, a
 * blocklisted GPU), and some drivers name themselves. The probe context is released at once. */
export function softwareWebGL(): boolean {
  try {
    const canvas = document.createElement("canvas");
    const gl = canvas.getContext("webgl", { failIfMajorPerformanceCaveat: true });
    if (!gl) return true;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.test(name);
  } catch {
    return true;
  }
}

/** Starts a Phaser game for `scene` in `parent`; `booted` resolves once Phaser has booted. */
function bootGame(
  parent: HTMLElement,
  scene: CityScene,
  choice: NonNullable<CityMapOptions["renderer"]>,
): { game: Phaser.Game; booted: Promise<void> } {
  // A software WebGL fills every textured pixel through an emulated shader: the city's full-screen
  // picture then costs most of a frame. The Canvas renderer draws the same pictures with the
  // browser's 2D rasteriser, many times faster there (scripts/map-fps.ts, 64×64 on a loaded machine:
  // 1.4 fps with WebGL, about 50 with Canvas, in the same sitting).
  const canvas = choice === "canvas" || (choice === "auto" && softwareWebGL());
  let done!: () => void;
  const booted = new Promise<void>((resolve) => {
    done = resolve;
  });
  const game = new Phaser.Game({
    type: canvas ? Phaser.CANVAS : Phaser.AUTO,
    parent,
    backgroundColor: "#2b3a4a",
    scale: {
      mode: Phaser.Scale.RESIZE,
      width: parent.clientWidth || 800,
      height: parent.clientHeight || 600,
    },
    scene,
    banner: false,
    // Drawn art, not pixel art: smooth filtering (the far view has its own small picture instead of
    // mipmaps, which cost every frame in a software renderer).
    // No multisampled WebGL context: it multiplies the cost of every pixel in a software renderer,
    // and the pictures are already antialiased in their textures.
    pixelArt: false,
    antialias: true,
    antialiasGL: false,
    audio: { noAudio: true },
    input: { keyboard: false },
    callbacks: { postBoot: () => done() },
  });
  return { game, booted };
}

/** A game booted ahead of the map that will take it (see `prebootCityMap`). */
let spare: { game: Phaser.Game; scene: CityScene; host: HTMLElement; booted: Promise<void> } | null = null;

/** Callbacks for a game booted before its map exists: nothing to tell anyone yet. */
const QUIET: CityMapOptions = {
  parent: null as unknown as HTMLElement,
  reducedMotion: true,
  onHover: () => undefined,
  onSelect: () => undefined,
  districtLabel: () => "",
};

/**
 * Boots Phaser (renderer, scene, its textures) in a hidden box of the window's size while the page
 * waits for the join's handshake and first state; the next `createCityMap` moves its canvas into the
 * map's box instead of booting one then. Its loop sleeps until then. Once per page at most.
 */
export function prebootCityMap(): void {
  if (spare || typeof document === "undefined") return;
  const host = document.createElement("div");
  host.setAttribute("aria-hidden", "true");
  host.style.cssText = `position:fixed;left:-20000px;top:0;width:${innerWidth}px;height:${innerHeight}px;overflow:hidden;pointer-events:none`;
  document.body.appendChild(host);
  const scene = new CityScene();
  scene.opts = QUIET;
  const { game, booted } = bootGame(host, scene, "auto");
  spare = { game, scene, host, booted: booted.then(() => game.loop.sleep()) };
}

export async function createCityMap(opts: CityMapOptions): Promise<CityMap> {
  const choice = opts.renderer ?? "auto";
  const taken = spare && choice === "auto" ? spare : null;
  spare = null;
  const scene = taken?.scene ?? new CityScene();
  scene.opts = opts;
  const { game, booted } = taken ?? bootGame(opts.parent, scene, choice);
  await booted;
  if (taken) {
    // Into the map's box: the scale manager measures its new parent and resizes the canvas.
    opts.parent.appendChild(game.canvas);
    const scale = game.scale as unknown as { parent: HTMLElement; parentIsWindow: boolean };
    scale.parent = opts.parent;
    scale.parentIsWindow = false;
    taken.host.remove();
    game.loop.wake();
    game.scale.refresh();
  }
  // Phaser caches the canvas position; when the page scrolls (phones, the ledger) pointer positions
  // would map to the wrong tiles until it is refreshed.
  const refreshBounds = () => game.scale.updateBounds();
  window.addEventListener("scroll", refreshBounds, { passive: true, capture: true });
  const api: CityMap = {
    setState(state) {
      scene.state = state;
      if (scene.sys.settings.active) scene.rebuild();
    },
    setOverlay(o) {
      scene.overlay = o;
      if (scene.state && scene.overTex) {
        scene.paintOverlay();
        scene.drawLinks();
      }
    },
    setMask(mask) {
      scene.mask = mask;
      if (scene.state && scene.overTex) scene.paintOverlay();
    },
    setCursor(i) {
      scene.cursor = i;
      if (i !== null) scene.reveal(i);
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
      scene.mode = "user";
    },
    fit() {
      scene.fit();
    },
    home() {
      scene.home();
    },
    reveal(i) {
      scene.reveal(i);
    },
    setReducedMotion(b) {
      scene.setReducedMotion(b);
    },
    relabel() {
      if (scene.state) scene.drawLabels(true);
    },
    fps() {
      return game.loop.actualFps;
    },
    view() {
      const cam = scene.cameras.main;
      return {
        zoom: cam.zoom,
        scrollX: cam.scrollX,
        scrollY: cam.scrollY,
        tilePx: T * cam.zoom * scene.cssScale(),
        outlined: scene.outlined,
        mode: scene.mode,
        animFrames: scene.animFrames,
        walkers: scene.walkers.length,
        building: scene.builds.length,
        buildsStarted: scene.buildsStarted,
        centreTile: scene.tileAt({ x: cam.width / 2, y: cam.height / 2 }) ?? -1,
        renderer: game.renderer.type === Phaser.CANVAS ? "canvas" : "webgl",
        visible: {
          x0: cam.worldView.x / T,
          y0: cam.worldView.y / T,
          x1: cam.worldView.right / T,
          y1: cam.worldView.bottom / T,
        },
      };
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
  return api;
}
