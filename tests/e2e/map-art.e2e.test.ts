// The illustrated city: no letters painted on the map, the player's own district outlined with the
// camera on it, tiles at least 24 CSS px at the default zoom on a 360×740 phone, life on the map that
// stops under Reduce motion, a construction animation when something is built, and the frame rate of
// a 64×64 city with the animations on (recorded in test-artifacts/e2e/map-art.json, not asserted:
// a frame rate is a clock). Screenshots go to test-artifacts/e2e/ for a look at the art.
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ARTIFACTS,
  clickTile,
  gameState,
  launch,
  legalTiles,
  myDistrict,
  newPlayer,
  type Player,
  shot,
  openHostSettings,
  holdClocks,
} from "./browser.js";

const base = inject("baseUrl");
let browser: Browser;
let desk: Player;
const figures: Record<string, unknown> = { measuredAt: new Date().toISOString() };

interface ArtView {
  zoom: number;
  tilePx: number;
  outlined: number;
  mode: string;
  animFrames: number;
  walkers: number;
  buildsStarted: number;
  centreTile: number;
  visible: { x0: number; y0: number; x1: number; y1: number };
}
type ArtWindow = {
  __cq: {
    mapView(): ArtView | null;
    fps(): number;
    tileToScreen(i: number): { x: number; y: number } | null;
  };
  __paintedText: string[];
};

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  writeFileSync(join(ARTIFACTS, "map-art.json"), `${JSON.stringify(figures, null, 2)}\n`);
  await browser?.close();
});

/** Records every string painted with fillText/strokeText onto a map-sized canvas (not label-sized). */
async function recordPaintedText(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __paintedText: string[] };
    w.__paintedText = [];
    const proto = CanvasRenderingContext2D.prototype;
    for (const name of ["fillText", "strokeText"] as const) {
      const orig = proto[name];
      proto[name] = function (this: CanvasRenderingContext2D, text: string, ...rest: [number, number]) {
        if (this.canvas.width >= 512 || this.canvas.height >= 512) w.__paintedText.push(String(text));
        return orig.call(this, text, ...rest);
      };
    }
  });
}

const view = (page: Page) => page.evaluate(() => (window as unknown as ArtWindow).__cq.mapView()!);

/** Waits for n animation frames of the page (frames, not time). */
const frames = (page: Page, n: number) =>
  page.evaluate(
    (count) =>
      new Promise<void>((done) => {
        let k = 0;
        const step = () => (++k >= count ? done() : requestAnimationFrame(step));
        requestAnimationFrame(step);
      }),
    n,
  );

/** Frame-rate samples, each read after 30 more frames (no clock waits), with the animations on. */
async function sampleFps(page: Page, where: string): Promise<Record<string, unknown>> {
  expect(await page.isChecked("#reduce-motion")).toBe(false);
  const samples: number[] = [];
  for (let k = 0; k < 8; k++) {
    await frames(page, 30);
    samples.push(await page.evaluate(() => (window as unknown as ArtWindow).__cq.fps()));
  }
  expect(samples.every((s) => s > 0)).toBe(true);
  const sorted = samples.slice().sort((x, y) => x - y);
  const v = await view(page);
  return {
    median: Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10,
    samples: samples.map((s) => Math.round(s * 10) / 10),
    walkers: v.walkers,
    tilePx: Math.round(v.tilePx * 10) / 10,
    where,
    loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
  };
}

async function hostSolo(p: Player, size: string | null, seed: string): Promise<void> {
  const page = p.page;
  await page.goto(`${base}/?lang=en`);
  await page.fill("#host-nickname", "Painter");
  await page.check("#host-solo");
  await holdClocks(page);
  await openHostSettings(page);
  if (size) await page.selectOption("#host-size", size);
  await page.fill("#host-seed", seed);
  await page.click("#host-submit");
  await page.waitForSelector("#start-game");
  await page.click("#start-game");
  await page.waitForSelector("[data-map-ready='1']");
}

describe("the illustrated city", () => {
  it("paints no letters on the map, outlines my district and starts the camera on it", async () => {
    desk = await newPlayer(browser, { width: 1280, height: 800 });
    await recordPaintedText(desk.page);
    await hostSolo(desk, "64", "21");
    const page = desk.page;
    const mine = await myDistrict(page);
    expect(mine).toBeGreaterThanOrEqual(0);
    await expect.poll(async () => (await view(page)).outlined).toBe(mine);
    const v = await view(page);
    expect(v.mode).toBe("home");
    const state = await gameState(page);
    // The middle of my district is in view (the view may stop at the city's edge).
    const tiles = state.tiles.map((t, i) => ({ t, i })).filter(({ t }) => t.district === mine);
    const xs = tiles.map(({ i }) => i % state.width);
    const ys = tiles.map(({ i }) => Math.floor(i / state.width));
    const mx = (Math.min(...xs) + Math.max(...xs) + 1) / 2;
    const my = (Math.min(...ys) + Math.max(...ys) + 1) / 2;
    expect(mx).toBeGreaterThan(v.visible.x0);
    expect(mx).toBeLessThan(v.visible.x1);
    expect(my).toBeGreaterThan(v.visible.y0);
    expect(my).toBeLessThan(v.visible.y1);
    expect(v.tilePx).toBeGreaterThanOrEqual(24);
    // The city is pictures: nothing was written with text onto the city's (map-sized) textures.
    const painted = await page.evaluate(() => (window as unknown as ArtWindow).__paintedText);
    expect(painted.filter((s) => /[A-Za-z]/.test(s))).toEqual([]);
    expect(painted).toEqual([]);
    await shot(page, "30-art-home-view");
  });

  it("measures the frame rate of the 64×64 city in its starting view, walkers on", async () => {
    figures.fps64Home = await sampleFps(desk.page, "1280×800, starting view (own district, walkers drawn)");
  });

  it("has creatives walking, and they stop under Reduce motion", async () => {
    const page = desk.page;
    expect(await page.isChecked("#reduce-motion")).toBe(false);
    const v0 = await view(page);
    expect(v0.walkers).toBeGreaterThan(0);
    await page.waitForFunction(
      (before) => ((window as unknown as ArtWindow).__cq.mapView()?.animFrames ?? 0) > before + 20,
      v0.animFrames,
    );
    const canvas = page.locator("#map canvas");
    const settled = async () => {
      const x = await canvas.screenshot();
      await frames(page, 30);
      return x.equals(await canvas.screenshot());
    };
    // With motion on, the walkers change the picture from one moment to the next.
    expect(await settled()).toBe(false);

    await page.check("#reduce-motion");
    await expect
      .poll(() =>
        page.evaluate(() =>
          (window as unknown as { __cq: { mapReducedMotion(): boolean } }).__cq.mapReducedMotion(),
        ),
      )
      .toBe(true);
    // The map settles (a layout change may still resize it once), then nothing on it moves.
    await expect.poll(settled).toBe(true);
    const still = (await view(page)).animFrames;
    expect(await settled()).toBe(true);
    expect((await view(page)).animFrames).toBe(still);
    await page.uncheck("#reduce-motion");
    await page.waitForFunction(
      (before) => ((window as unknown as ArtWindow).__cq.mapView()?.animFrames ?? 0) > before + 5,
      still,
    );
  });

  it("plays a construction animation when something is built", async () => {
    const page = desk.page;
    const before = (await view(page)).buildsStarted;
    await page.click("#tool-build");
    await page.selectOption("#tool-kind", "housing");
    const legal = await legalTiles(page);
    expect(legal.length).toBeGreaterThan(0);
    const target = legal[Math.floor(legal.length / 2)];
    await clickTile(page, target);
    await page.waitForFunction(
      (i) =>
        (window as unknown as { __cq: { state(): { tiles: { use: string }[] } } }).__cq.state().tiles[i]
          .use === "housing",
      target,
    );
    await expect.poll(async () => (await view(page)).buildsStarted).toBeGreaterThan(before);
    await shot(page, "32-art-construction");
    await page.click("#tool-inspect");
  });

  it("shows the whole city when fitted, and measures its frame rate", async () => {
    const page = desk.page;
    await page.click("#map-fit");
    await expect.poll(async () => (await view(page)).mode).toBe("fit");
    await shot(page, "31-art-whole-city-64");
    figures.fps64Fit = await sampleFps(page, "1280×800, whole city in view (far picture, walkers hidden)");
    expect(desk.errors).toEqual([]);
    await desk.context.close();
  });

  it("draws tiles of at least 24 CSS px at the default zoom on a 360×740 phone", async () => {
    const phone = await newPlayer(browser, { width: 360, height: 740 }, { touch: true });
    await hostSolo(phone, null, "5");
    const page = phone.page;
    const mine = await myDistrict(page);
    await expect.poll(async () => (await view(page)).outlined).toBe(mine);
    const v = await view(page);
    expect(v.tilePx).toBeGreaterThanOrEqual(24);
    // Measured on screen too: the distance between two neighbouring tiles' centres, in CSS px.
    const c = v.centreTile;
    const [p, q] = await page.evaluate(
      (i) => [
        (window as unknown as ArtWindow).__cq.tileToScreen(i),
        (window as unknown as ArtWindow).__cq.tileToScreen(i + 1),
      ],
      c,
    );
    expect(q!.x - p!.x).toBeGreaterThanOrEqual(24);
    figures.phoneTileCssPx = Math.round((q!.x - p!.x) * 10) / 10;
    await shot(page, "33-art-phone-home");
    expect(phone.errors).toEqual([]);
    await phone.context.close();
  });
});

describe("the landing page", () => {
  for (const [w, hgt, lang] of [
    [1280, 800, "en"],
    [360, 740, "zh-CN"],
  ] as const) {
    it(`shows a drawn city, what the game teaches and the two ways in, at ${w}×${hgt} (${lang})`, async () => {
      const p = await newPlayer(browser, { width: w, height: hgt });
      const page = p.page;
      await page.goto(`${base}/?lang=${lang}`);
      await page.waitForSelector("#screen-landing .landing-scene svg");
      expect(await page.isVisible("#landing-teaches")).toBe(true);
      expect((await page.textContent("#landing-teaches"))!.trim().length).toBeGreaterThan(10);
      expect(await page.isVisible("#join-submit")).toBe(true);
      expect(await page.isVisible("#host-submit")).toBe(true);
      // The common settings show; the rest wait folded in "More settings" and are all still there.
      for (const id of ["#host-nickname", "#host-scenario", "#host-rounds", "#host-planning", "#host-solo"])
        expect(await page.isVisible(id)).toBe(true);
      expect(await page.isVisible("#host-seed")).toBe(false);
      await openHostSettings(page);
      for (const id of [
        "#host-size",
        "#host-districts",
        "#host-seed",
        "#host-bots",
        "#host-bot-strategy",
        "#host-chat",
      ])
        expect(await page.isVisible(id)).toBe(true);
      const { scroll, width } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      expect(scroll).toBeLessThanOrEqual(width);
      await page.click("#host-advanced-toggle");
      await shot(page, `34-landing-${w}x${hgt}-${lang}`);
      expect(p.errors).toEqual([]);
      await p.context.close();
    });
  }
});
