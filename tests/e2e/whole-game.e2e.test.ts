// One person plays a whole short game in Chinese, from the start page to the end screen: three
// years of planning and reports, the host's "continue" between them, then the scores and the goal.
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { RECOMMENDATIONS } from "../../shared/debrief.js";
import {
  type CqWindow,
  latinWords,
  launch,
  newPlayer,
  openHostSettings,
  type Player,
  holdClocks,
  shot,
  waitPhase,
} from "./browser.js";

const base = inject("baseUrl");
let browser: Browser;
let solo: Player;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("a whole game in Chinese", () => {
  it("plays three years to the end screen", async () => {
    solo = await newPlayer(browser, { width: 1366, height: 768 }, { locale: "zh-CN" });
    const page = solo.page;
    await page.goto(`${base}/`);
    // The browser's language picks Chinese without a query parameter.
    await expect.poll(() => page.textContent("#host-title")).toBe("创建游戏");
    await page.fill("#host-nickname", "练习者");
    await page.selectOption("#host-scenario", "painters-village");
    await page.fill("#host-rounds", "3");
    await holdClocks(page);
    await page.check("#host-solo");
    // The bots play with the player, for the shared goal.
    await openHostSettings(page);
    await page.selectOption("#host-bot-strategy", "cooperative");
    await page.click("#host-submit");
    await page.click("#start-game");
    await page.waitForSelector("[data-map-ready='1']");
    await page.click("#tab-host");
    // The Chinese host console, players and bots included, shows no English words.
    await page.waitForSelector("#host-console");
    expect(await latinWords(page, "#screen-game", ["Me"])).toEqual([]);
    for (let year = 1; year <= 3; year++) {
      // `year` in the room state counts resolved years: planning year 1 follows 0 resolved years.
      await waitPhase(page, "planning", year - 1);
      await expect.poll(() => page.textContent("#hud-year")).toContain(`第 ${year} 年`);
      await page.click("#host-end-planning");
      if (year < 3) {
        // The room holds the report until the host continues: the host moves on below.
        await waitPhase(page, "report", year);
        await page.waitForSelector("#year-report");
        await expect.poll(() => page.textContent("#report-title")).toBe(`第 ${year} 年报告`);
        // The dialog is modal: Tab cycles inside it.
        for (let k = 0; k < 6; k++) await page.keyboard.press("Tab");
        expect(await page.evaluate(() => document.activeElement?.closest("#year-report") !== null)).toBe(
          true,
        );
        await page.keyboard.press("Escape");
        await page.waitForSelector("#year-report", { state: "detached" });
        if (year === 1) {
          // The debrief so far opens over the game, for a discussion, and closes with Escape.
          await page.click("#open-debrief");
          await page.waitForSelector("#debrief-dialog #debrief-recommendations");
          await expect
            .poll(async () => (await page.$$("#debrief-dialog #debrief-recommendations > li")).length)
            .toBe(6);
          await expect.poll(() => page.textContent("#debrief-dialog")).toContain("第 1 年");
          await page.keyboard.press("Escape");
          await page.waitForSelector("#debrief-dialog", { state: "detached" });
        }
        // In the report phase the same button moves on to the next year's planning.
        await page.click("#host-end-planning");
      }
    }
    await page.waitForSelector("#screen-end #debrief-recommendations");
    await expect.poll(() => page.textContent("#screen-end h1")).toBe("游戏结束");
    await expect.poll(() => page.textContent("#end-goal")).toMatch(/城市(达成了|没有达成)目标/);
    const rows = await page.$$("#end-ranking tbody tr");
    expect(rows.length).toBe(
      await page.evaluate(() => (window as unknown as CqWindow).__cq.state().districts.length),
    );
    // The debrief: five charts with a line per district, the migration map, clusters, and the six
    // recommendations, each with an uptake and its checks, all in Chinese.
    const nd = rows.length;
    const lines = await page.$$eval("#debrief-charts figure", (fs) =>
      fs.map((f) => f.querySelectorAll("polyline").length),
    );
    expect(lines).toEqual([nd, nd, nd, nd, nd]);
    expect(await page.$("#debrief-migration svg")).not.toBeNull();
    expect(await page.$$("#debrief-districts tbody tr")).toHaveLength(nd);
    expect(await page.$("#debrief-clusters")).not.toBeNull();
    const recs = await page.$$eval("#debrief-recommendations > li", (ls) =>
      ls.map((l) => ({
        badge: l.querySelector(".uptake-badge")?.textContent ?? "",
        checks: l.querySelectorAll(".checks li").length,
      })),
    );
    expect(recs).toHaveLength(6);
    for (const r of recs) {
      expect(["已践行", "部分践行", "几乎未践行"]).toContain(r.badge);
      expect(r.checks).toBeGreaterThanOrEqual(2);
    }
    expect(await latinWords(page, "#screen-end", ["CSV", "JSON"])).toEqual([]);
    await shot(page, "20-whole-game-end-zh");
    // The results download as CSV: a header and one line per district per year played.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
    const csv = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n");
    expect(csv[0]).toMatch(/^year,district,name,creatives,firms/);
    expect(csv.length - 1).toBe(rows.length * 3);
    // The JSON download carries the history and the review of the six recommendations.
    const [json] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    const results = JSON.parse(readFileSync((await json.path())!, "utf8"));
    expect(results.history).toHaveLength(rows.length * 3);
    expect(results.recommendations.map((r: { id: string }) => r.id)).toEqual([...RECOMMENDATIONS]);
    // The projector of the ended room shows the same debrief, read-only.
    const code = await page.evaluate(
      () => (window as unknown as { __cq: { view: () => { code: string } } }).__cq.view().code,
    );
    const projector = await newPlayer(browser, { width: 1920, height: 1080 });
    await projector.page.goto(`${base}/?projector=${code}&lang=en`);
    await projector.page.waitForSelector("#screen-end #debrief-recommendations");
    await expect.poll(async () => (await projector.page.$$("#debrief-recommendations > li")).length).toBe(6);
    expect(await projector.page.$("#new-game")).toBeNull();
    expect(projector.errors).toEqual([]);
    await projector.context.close();
    // A join link for another room, opened in the same tab, shows the join form for that room.
    await page.goto(`${base}/?code=ACDEFG`);
    await page.waitForSelector("#screen-landing");
    await expect.poll(() => page.inputValue("#join-code")).toBe("ACDEFG");
    expect(solo.errors).toEqual([]);
  });
});
