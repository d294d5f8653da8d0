// Accessibility: axe-core (WCAG 2 A and AA rules) finds no violation on any screen a class meets —
// start page, lobby, game, instructor console, year report, debrief so far, end screen — in English
// and in Chinese, and on a phone. Animations are off (reduced motion), so colours are measured at rest.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launch, newPlayer, holdClocks, waitPhase } from "./browser.js";

const base = inject("baseUrl");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  nodes: string[];
}

async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] };
    const axe = (window as unknown as { axe: { run: (c: Document, o: object) => Promise<Result> } }).axe;
    const r = await axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
  });
}

describe("accessibility (axe-core, WCAG 2 A/AA)", () => {
  const runs = [
    { lang: "en", viewport: { width: 1280, height: 800 }, touch: false },
    { lang: "zh-CN", viewport: { width: 1280, height: 800 }, touch: false },
    { lang: "en", viewport: { width: 360, height: 740 }, touch: true },
  ] as const;
  for (const { lang, viewport, touch } of runs) {
    it(`every screen of a short game passes, in ${lang} at ${viewport.width} px`, async () => {
      const { page, context, errors } = await newPlayer(browser, viewport, {
        reducedMotion: "reduce",
        touch,
      });
      const screens: Record<string, Violation[]> = {};
      await page.goto(`${base}/?lang=${lang}`);
      await page.waitForSelector("#host-submit");
      screens.landing = await violations(page);
      await page.fill("#host-nickname", "Teacher");
      await page.fill("#host-rounds", "2");
      await holdClocks(page);
      await page.check("#host-solo");
      await page.click("#host-submit");
      await page.waitForSelector("#start-game");
      await page.waitForFunction(() =>
        (document.querySelector("img.qr") as HTMLImageElement | null)?.src.startsWith("data:image/png"),
      );
      screens.lobby = await violations(page);
      await page.click("#start-game");
      await page.waitForSelector("[data-map-ready='1']");
      screens.game = await violations(page);
      await page.click("#tab-host");
      await page.waitForSelector("#host-console");
      screens.console = await violations(page);
      await page.click("#host-end-planning");
      await waitPhase(page, "report", 1);
      await page.waitForSelector("#year-report");
      screens.report = await violations(page);
      await page.keyboard.press("Escape");
      await page.waitForSelector("#year-report", { state: "detached" });
      await page.click("#open-debrief");
      await page.waitForSelector("#debrief-dialog");
      screens.debriefSoFar = await violations(page);
      await page.keyboard.press("Escape");
      await page.waitForSelector("#debrief-dialog", { state: "detached" });
      // The report is held until the host continues: the host moves on to year 2, then ends it.
      await page.click("#host-end-planning");
      await waitPhase(page, "planning", 1);
      await page.click("#host-end-planning");
      await page.waitForSelector("#screen-end #debrief-recommendations");
      screens.end = await violations(page);
      for (const [screen, found] of Object.entries(screens)) expect(found, screen).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
