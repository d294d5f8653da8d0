// Helpers for the browser tests: Debian's Chromium with the flags of TECH-NOTES (playwright gives
// every launch a fresh temporary profile itself, and refuses --user-data-dir), pages with a
// viewport, screenshots under test-artifacts/e2e, and map clicks through the client's test hooks.
//
// How to write a browser test that cannot race (CI must pass on a busy machine, every time):
// - Never read what the page changes asynchronously right after acting. Wait for the expected state:
//   `await expect.poll(() => page.textContent(sel)).toBe(x)`, `page.waitForSelector(...)`,
//   `page.waitForFunction(...)` on the client's hooks (window.__cq), or a `data-` attribute the page
//   sets when it is done (`[data-map-ready='1']`). A read right after a wait on that same state is fine.
// - Wait for the *new* value, not for "something": after a second file input, poll for the second
//   file's message, since the first one's is still on screen until the new file is read.
// - Never click an element that a timer may remove, nor let a phase clock run out under a test: rooms in
//   these tests plan for ten minutes and hold the year report until the host continues (`holdClocks`);
//   the host moves on with `#host-end-planning`.
// - No fixed sleeps (`waitForTimeout`) in place of a state. Measurements count animation frames in
//   the page instead (see metrics.e2e.test.ts).
// - No short explicit timeouts: the defaults below are sized for `npm run test:e2e:stress`
//   (every core busy); a timeout only fires when something is really stuck.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import type { RoomStateView } from "../../shared/mirror.js";
import type { GameState } from "../../shared/state.js";

export const ARTIFACTS = "test-artifacts/e2e";

/** Playwright's default wait for every action and waitFor* call, sized for a busy machine. */
export const WAIT_MS = 120_000;

/** Takes the room's clocks out of the way of a test: the longest planning time (ten minutes), and the
 * report reading time "Until I continue", so the room holds each year's report until the host moves
 * on (`#host-end-planning`). No timer then ends a phase, or removes a report, under a test. */
export async function holdClocks(page: Page): Promise<void> {
  await page.fill("#host-planning", "600");
  await page.selectOption("#host-report-time", "wait");
}

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
  context.setDefaultTimeout(WAIT_MS);
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
  // tileToScreen pans the camera to the tile if it is out of view. The camera may still be moving (a
  // refit, a pan): take the position only once it holds still over two animation frames.
  const where = () =>
    page.evaluate(
      (idx) =>
        new Promise<{ x: number; y: number } | null>((resolve) => {
          const cq = (window as unknown as CqWindow).__cq;
          const first = cq.tileToScreen(idx);
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const again = cq.tileToScreen(idx);
              const still =
                first && again && Math.abs(first.x - again.x) < 1 && Math.abs(first.y - again.y) < 1;
              resolve(still ? again : null);
            }),
          );
        }),
      i,
    );
  // The camera can still move between that reading and the click (a refit when the layout around the
  // map changes, on a slow machine some frames later). So the pointer goes there first, and presses
  // only once the map itself says it is over tile i; otherwise it aims again.
  const hovered = () =>
    page.evaluate(
      () =>
        new Promise<number | null>((resolve) =>
          requestAnimationFrame(() =>
            requestAnimationFrame(() => resolve((window as unknown as CqWindow).__cq.hovered())),
          ),
        ),
    );
  let last = "";
  for (let tries = 0; tries < 50; tries++) {
    const p = await where();
    if (!p) {
      last = "its camera never settled";
      continue;
    }
    // The tile must be visible and not covered by another element.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName ?? "", p);
    if (hit !== "CANVAS") throw new Error(`tile ${i} is covered by <${hit.toLowerCase()}> at ${p.x},${p.y}`);
    // Two moves, so the map reads the pointer against the camera as it is now.
    await page.mouse.move(p.x + 1, p.y);
    await page.mouse.move(p.x, p.y);
    const over = await hovered();
    // And the tile is still where it was once the page has reacted to the hover.
    const q = await where();
    if (over === i && q && Math.abs(q.x - p.x) < 1 && Math.abs(q.y - p.y) < 1) {
      await page.mouse.down();
      await page.mouse.up();
      return;
    }
    last = `the pointer at ${p.x},${p.y} was over tile ${over}, and the tile is now at ${q?.x},${q?.y}`;
  }
  throw new Error(`could not click tile ${i}: ${last}`);
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
    /** The tile under the pointer, as the map last read it (null when none). */
    hovered(): number | null;
    /** The last clicks or taps on the map: the tile, what it did, the link's first end then. */
    acts(): { tile: number; outcome: string; from: number | null }[];
    fps(): number;
    mapReducedMotion(): boolean;
    mapView(): { zoom: number; scrollX: number; scrollY: number } | null;
  };
}

/** Picks a tool (and its kind) from the tool row, and waits until the page has switched to it. */
export async function pickTool(page: Page, type: string, kind?: string): Promise<void> {
  await page.click(`#tool-${type}`);
  if (kind !== undefined) await page.selectOption("#tool-kind", kind);
  // The tool row shows the tool in force (also when the map, and with it the test hooks, failed to load).
  await page.waitForFunction(
    ([t, k]) =>
      document.querySelector(`#tool-${t}`)?.getAttribute("aria-checked") === "true" &&
      (k === null || (document.querySelector("#tool-kind") as HTMLSelectElement | null)?.value === k),
    [type, kind ?? null] as const,
  );
}

/** Words of three or more Latin letters in an element's rendered text, once the page has settled on
 * none (so a screen still rendering cannot fail a check that it is fully translated). */
export async function latinWords(page: Page, selector: string, allowed: string[] = []): Promise<string[]> {
  const read = () =>
    page.evaluate(
      ([sel, ok]) => {
        // biome-ignore lint/performance/useDomNodeTextContent: only rendered (visible) text counts here
        const text = (document.querySelector(sel) as HTMLElement | null)?.innerText ?? "";
        return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ok.includes(w));
      },
      [selector, allowed] as const,
    );
  try {
    await page.waitForFunction(
      ([sel, ok]) => {
        // biome-ignore lint/performance/useDomNodeTextContent: only rendered (visible) text counts here
        const text = (document.querySelector(sel) as HTMLElement | null)?.innerText ?? "";
        return (text.match(/[A-Za-z]{3,}/g) ?? []).every((w) => ok.includes(w));
      },
      [selector, allowed] as const,
      { timeout: 30_000 },
    );
  } catch {
    /* the words left are returned below, so the assertion names them */
  }
  return read();
}

/** Waits until the page's room state is in `phase` after `year` resolved years (and not paused). */
export async function waitPhase(page: Page, phase: string, year: number): Promise<void> {
  await page.waitForFunction(
    ([p, y]) => {
      const v = (window as unknown as CqWindow).__cq.view();
      return v.phase === p && v.year === y && !v.paused;
    },
    [phase, year] as const,
  );
}
