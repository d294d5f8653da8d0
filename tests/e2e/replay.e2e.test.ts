// Replays and what-if forks in the browser: a short solo game played to the end screen, replayed year
// by year there (map, charts, each year's report); its results file downloaded and replayed on the
// start page of another browser in Chinese, with no room; and in both languages a fork that switches
// one policy and shows another displaced total. The fork to make is found in Node with the same fold
// the page runs (client/model/fold.ts), and the page must show the same figures.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type GameRecordFile, parseRecord } from "../../shared/record.js";
import { ARTIFACTS, launch, newPlayer, shot } from "./browser.js";
import { forkPolicy, pageRecord, playSoloGame, policyForkThatMatters, scrubTo } from "./replay-steps.js";

const base = inject("baseUrl");
const YEARS = 3;
let browser: Browser;
let resultsPath = "";
let record: GameRecordFile | null = null;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("replays and what-if forks", () => {
  it("replays a finished game year by year from the end screen, forks it, and downloads it", async () => {
    const p = await playSoloGame(browser, base, YEARS);
    const page = p.page;
    record = await pageRecord(page);
    const parsed = parseRecord(record);
    expect(parsed.ok).toBe(true);

    await page.click("#open-replay");
    await page.waitForSelector(`#replay[data-ready='1'][data-year='${YEARS}'][data-map-year='${YEARS}']`);
    expect(await page.getAttribute("#replay-verified", "data-ok")).toBe("1");
    await expect.poll(() => page.textContent("#replay-year-label")).toBe(`Year ${YEARS} of ${YEARS}`);
    // One point per year played on each chart.
    const points = await page.$eval(
      "#chart-creatives polyline",
      (l) => l.getAttribute("points")!.split(" ").length,
    );
    expect(points).toBe(YEARS);
    // Back a year: the map, the charts and the report follow.
    await page.click("#replay-prev");
    await page.waitForSelector(`#replay[data-year='${YEARS - 1}'][data-map-year='${YEARS - 1}']`);
    await expect.poll(() => page.textContent("#replay-year-label")).toBe(`Year ${YEARS - 1} of ${YEARS}`);
    expect(
      await page.$eval("#chart-creatives polyline", (l) => l.getAttribute("points")!.split(" ").length),
    ).toBe(YEARS - 1);
    await page.click("#replay-report");
    await expect.poll(() => page.textContent("#report-title")).toBe(`Year ${YEARS - 1} report`);
    await page.keyboard.press("Escape");
    await page.waitForSelector("#year-report", { state: "detached" });
    expect(await page.$("#replay")).not.toBeNull();
    await scrubTo(page, 0);
    expect(await page.$("#replay-start")).not.toBeNull();
    await shot(page, "replay-end-screen-en");

    const want = policyForkThatMatters(record, YEARS);
    expect(want).not.toBeNull();
    await forkPolicy(page, want!, YEARS);
    await expect.poll(() => page.textContent("#fork-title")).toBe("What if…? Fork the game here");
    await shot(page, "replay-fork-en");
    await page.click("#replay-close");
    await page.waitForSelector("#replay", { state: "detached" });
    await page.waitForFunction(() => document.activeElement?.id === "open-replay");

    // Escape closes the viewer wherever the focus is, its own year report first when that is open.
    const focusOn = (id: string | null) =>
      page.evaluate((i) => {
        if (i) (document.getElementById(i) as HTMLElement).focus();
        else (document.activeElement as HTMLElement | null)?.blur();
        return document.activeElement?.id ?? "";
      }, id);
    await page.click("#open-replay");
    await page.waitForSelector("#replay[data-ready='1']");
    await page.click("#replay-report");
    await page.waitForSelector("#year-report");
    expect(await focusOn(null)).toBe("");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#year-report", { state: "detached" });
    expect(await page.$("#replay")).not.toBeNull();
    // Focus on the end screen under the viewer (not inside it): Escape still closes it.
    expect(await focusOn("export-csv")).toBe("export-csv");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#replay", { state: "detached" });
    await page.waitForFunction(() => document.activeElement?.id === "open-replay");
    // And with nothing focused at all; but not while another dialog is open over it (a stand-in
    // modal here: that dialog has the key).
    await page.click("#open-replay");
    await page.waitForSelector("#replay[data-ready='1']");
    await page.evaluate(() => {
      const other = document.createElement("div");
      other.className = "modal-backdrop";
      other.id = "other-dialog";
      other.innerHTML = '<div class="modal" role="dialog" aria-modal="true"><p>other</p></div>';
      document.body.append(other);
    });
    expect(await focusOn(null)).toBe("");
    await page.keyboard.press("Escape");
    // The viewer stays (its handler runs while the key is dispatched: a close would show already).
    expect(await page.$("#replay")).not.toBeNull();
    await page.evaluate(() => document.getElementById("other-dialog")!.remove());
    await page.keyboard.press("Escape");
    await page.waitForSelector("#replay", { state: "detached" });
    await page.waitForFunction(() => document.activeElement?.id === "open-replay");

    // The results file carries the record, versioned.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
    resultsPath = join(ARTIFACTS, "replay-results.json");
    await download.saveAs(resultsPath);
    const results = JSON.parse(readFileSync(resultsPath, "utf8"));
    expect(results.format).toBe("creative-quarter-results");
    expect(results.version).toBe(2);
    expect(results.record.hash).toBe(record.hash);
    expect(results.history.length).toBeGreaterThan(0);
    expect(p.errors).toEqual([]);
    await p.context.close();
  });

  it("replays the downloaded file on the start page in Chinese, with no room, and forks one policy", async () => {
    expect(resultsPath).not.toBe("");
    const p = await newPlayer(browser, { width: 1366, height: 900 }, { locale: "zh-CN" });
    const page = p.page;
    const matchmaking: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/matchmake")) matchmaking.push(r.url());
    });
    await page.goto(`${base}/`);
    await expect.poll(() => page.textContent("#replay-file-label")).toBe("回放结果文件（JSON）");
    // A file that is not a results file is refused with a message.
    await page.setInputFiles("#replay-file", {
      name: "other.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"hello": 1}'),
    });
    await expect.poll(() => page.textContent("#toasts")).toContain("此文件不含");
    await page.setInputFiles("#replay-file", resultsPath);
    await page.waitForSelector(`#replay[data-ready='1'][data-map-year='${YEARS}']`);
    expect(await page.getAttribute("#replay-verified", "data-ok")).toBe("1");
    await expect.poll(() => page.textContent("#replay-title")).toContain("回放");
    await expect.poll(() => page.textContent("#replay-year-label")).toBe(`第 ${YEARS} 年 / 共 ${YEARS} 年`);
    const want = policyForkThatMatters(record!, YEARS);
    await forkPolicy(page, want!, YEARS);
    await expect.poll(() => page.textContent("#fork-title")).toBe("如果当初……？从这里分岔");
    await expect.poll(() => page.textContent("#fork-figures caption")).toBe("整局被迫搬迁人数");
    await shot(page, "replay-fork-zh");
    expect(matchmaking).toEqual([]);
    expect(p.errors).toEqual([]);
    await p.context.close();
  });
});
