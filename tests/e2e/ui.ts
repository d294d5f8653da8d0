// Helpers for the layout, report and fair-start browser tests: host a game from the landing page,
// join it, and measure what the issue asks for (nothing cut off, nothing scrolling sideways).
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { newPlayer, openHostSettings, type Player } from "./browser.js";

export const SIZES = [
  { name: "phone", width: 360, height: 740, touch: true },
  { name: "laptop", width: 1280, height: 800, touch: false },
  { name: "projector", width: 1920, height: 1080, touch: false },
] as const;
export type Size = (typeof SIZES)[number];

export async function player(browser: Browser, size: Size, lang: string): Promise<Player> {
  return newPlayer(
    browser,
    { width: size.width, height: size.height },
    { touch: size.touch, reducedMotion: "reduce", locale: lang === "zh-CN" ? "zh-CN" : "en-GB" },
  );
}

/** Hosts a game from the landing page; returns its code once the lobby shows. */
export async function host(
  page: Page,
  base: string,
  lang: string,
  opts: { solo?: boolean; rounds?: number; reportWait?: boolean } = {},
): Promise<string> {
  await page.goto(`${base}/?lang=${lang}`);
  await page.fill("#host-nickname", "Teacher");
  await page.fill("#host-rounds", String(opts.rounds ?? 3));
  // No planning clock runs out under a test (ten minutes, the longest).
  await page.fill("#host-planning", "600");
  await openHostSettings(page);
  await page.fill("#host-seed", "4242");
  if (opts.solo) await page.check("#host-solo");
  if (opts.reportWait) await page.selectOption("#host-report-time", "wait");
  await page.click("#host-submit");
  await page.waitForSelector("#screen-lobby #room-code");
  return (await page.textContent("#room-code"))!.trim();
}

export async function join(page: Page, base: string, code: string, nickname: string, lang: string) {
  await page.goto(`${base}/?code=${code}&lang=${lang}`);
  await page.fill("#join-nickname", nickname);
  await page.click("#join-submit");
  await page.waitForSelector("#screen-lobby");
}

/** The page never scrolls sideways. */
export async function noSidewaysScroll(page: Page): Promise<void> {
  // Polled: the page may still be laying out when this is called.
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), {
      message: "page scrolls sideways",
    })
    .toBeLessThanOrEqual(0);
}

/** Every visible table and toolbar in `root` ends inside the viewport or inside a scroll box of its own. */
export async function nothingCutOff(page: Page, root: string): Promise<void> {
  // Polled: a screen may still be laying out when this is called; it must settle with nothing cut off.
  const cut = () =>
    page.evaluate((sel) => {
      const out: string[] = [];
      const vw = window.innerWidth;
      for (const el of document.querySelectorAll<HTMLElement>(
        `${sel} table, ${sel} .tool-buttons, ${sel} .map-buttons, ${sel} .tabs, ${sel} .row`,
      )) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        // Inside a box that scrolls sideways on its own (a table region, the tool bar): fine.
        let box: HTMLElement | null = el.parentElement;
        let scrolls = false;
        while (box && box !== document.body) {
          const o = getComputedStyle(box).overflowX;
          if (o === "auto" || o === "scroll") {
            scrolls = true;
            break;
          }
          box = box.parentElement;
        }
        if (el === document.querySelector(`${sel} .tool-buttons`)) scrolls = true;
        if (!scrolls && (r.right > vw + 1 || r.left < -1))
          out.push(`${el.tagName}.${el.className} ${r.left}-${r.right}`);
      }
      return out;
    }, root);
  await expect.poll(cut).toEqual([]);
}
