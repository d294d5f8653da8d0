// Helpers for the browser tests: Debian's Chromium with the flags of TECH-NOTES (playwright gives
// every launch a fresh temporary profile itself, and refuses --user-data-dir), pages with a
// viewport, screenshots under test-artifacts/e2e, and map clicks through the client's test hooks.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { RoomStateView } from "../../shared/mirror.js";
import type { GameState } from "../../shared/state.js";

export const ARTIFACTS = "test-artifacts/e2e";

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface Player {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function newPlayer(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
  options: { locale?: string; reducedMotion?: "reduce" | "no-preference"; touch?: boolean } = {},
): Promise<Player> {
  const context = await browser.newContext({
    viewport,
    locale: options.locale ?? "en-GB",
    reducedMotion: options.reducedMotion ?? "no-preference",
    hasTouch: options.touch ?? false,
    isMobile: options.touch ?? false,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

export function gameState(page: Page): Promise<GameState> {
  return page.evaluate(() => (window as unknown as { __cq: { state: () => GameState } }).__cq.state());
}

export function myDistrict(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (window as unknown as { __cq: { you: () => { district: number } | null } }).__cq.you()?.district ?? -1,
  );
}

export function legalTiles(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    (window as unknown as { __cq: { legalTiles: () => number[] } }).__cq.legalTiles(),
  );
}

/** Opens the host form's "More settings" (map size, districts, seed, bots, chat) if it is closed. */
export async function openHostSettings(page: Page): Promise<void> {
  if (!(await page.getAttribute("#host-advanced", "open").then((v) => v !== null))) {
    await page.click("#host-advanced-toggle");
  }
  await page.waitForSelector("#host-seed", { state: "visible" });
}

/** Clicks the centre of tile i on the Phaser canvas (a real pointer event on the map). */
export async function clickTile(page: Page, i: number): Promise<void> {
  const p = await page.evaluate(
    (idx) =>
      (
        window as unknown as { __cq: { tileToScreen: (i: number) => { x: number; y: number } | null } }
      ).__cq.tileToScreen(idx),
    i,
  );
  if (!p) throw new Error("map not ready");
  // The tile must be visible and not covered by another element.
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName ?? "", p);
  if (hit !== "CANVAS") throw new Error(`tile ${i} is covered by <${hit.toLowerCase()}> at ${p.x},${p.y}`);
  await page.mouse.click(p.x, p.y);
}

/** The client's read-only test hooks (window.__cq), for typing page.evaluate callbacks. */
export interface CqWindow {
  __cq: {
    state(): GameState;
    view(): RoomStateView;
    you(): { playerId: string; district: number; isHost: boolean } | null;
    status(): string;
    statusLog(): string[];
    dropConnection(): void;
    tool(): { type: string; from?: number | null };
    legalTiles(): number[];
    tileToScreen(i: number): { x: number; y: number } | null;
    fps(): number;
    mapReducedMotion(): boolean;
    mapView(): { zoom: number; scrollX: number; scrollY: number } | null;
  };
}
