// Steps shared by the replay browser tests (replay.e2e.test.ts, projector-replay.e2e.test.ts): a short
// solo game played to its end screen with the clocks held, the fork that matters found in Node with the
// fold the page runs (client/model/fold.ts), and the viewer driven as a keyboard or mouse would, each
// step waiting for the state the page sets when it is done (data- attributes), never for a timer.
import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { displacedTotal, foldFork, foldRecord } from "../../client/model/fold.js";
import { DISTRICT_POLICY_KINDS } from "../../shared/kinds.js";
import type { GameRecordFile } from "../../shared/record.js";
import { holdClocks, newPlayer, type Player, waitPhase } from "./browser.js";

export interface PolicyFork {
  year: number;
  index: number;
  real: number;
  fork: number;
}

/** The first policy switch of the human district (0) that changes the game's displaced total. */
export function policyForkThatMatters(rec: GameRecordFile, years: number): PolicyFork | null {
  const real = foldRecord(rec);
  for (let year = 0; year < years; year++) {
    for (const [index, policy] of DISTRICT_POLICY_KINDS.entries()) {
      const enabled = !real.frames[year].districts[0].policies[policy];
      const fork = foldFork(rec, year, { type: "districtPolicy", district: 0, policy, enabled });
      if (fork.applied && displacedTotal(fork) !== displacedTotal(real))
        return { year, index, real: displacedTotal(real), fork: displacedTotal(fork) };
    }
  }
  return null;
}

/** Plays a solo game of `years` years (scenario "precinct", English) to the end screen, the host moving
 * on with End planning and closing each year's report; returns the host's page at the end screen. */
export async function playSoloGame(browser: Browser, base: string, years: number): Promise<Player> {
  const p = await newPlayer(browser, { width: 1366, height: 900 });
  const page = p.page;
  await page.goto(`${base}/?lang=en`);
  await page.fill("#host-nickname", "Ines");
  await page.selectOption("#host-scenario", "precinct");
  await page.fill("#host-rounds", String(years));
  await holdClocks(page);
  await page.check("#host-solo");
  await page.click("#host-submit");
  await page.click("#start-game");
  await page.waitForSelector("[data-map-ready='1']");
  for (let year = 1; year <= years; year++) {
    await waitPhase(page, "planning", year - 1);
    await page.click("#host-end-planning");
    if (year < years) {
      await waitPhase(page, "report", year);
      await page.waitForSelector("#year-report");
      await page.keyboard.press("Escape");
      await page.waitForSelector("#year-report", { state: "detached" });
      await page.click("#host-end-planning");
    }
  }
  await page.waitForSelector("#screen-end #open-replay:not([disabled])");
  return p;
}

/** The record of the game the page received from its room (the client's test hook). */
export async function pageRecord(page: Page): Promise<GameRecordFile> {
  return (await page.evaluate(() =>
    (window as unknown as { __cq: { record: () => unknown } }).__cq.record(),
  )) as GameRecordFile;
}

/** Sets the replay's year slider as a keyboard or mouse would, and waits for the year's maps. */
export async function scrubTo(page: Page, year: number): Promise<void> {
  await page.$eval(
    "#replay-year",
    (el, y) => {
      (el as HTMLInputElement).value = y;
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    String(year),
  );
  await page.waitForSelector(`#replay[data-year='${year}'][data-map-year='${year}']`);
}

/** Forks the game in the open viewer (district 0's policy switched at the start of `want.year`), then
 * scrubs to the end and checks both games' displaced totals, both maps and both lines of every chart. */
export async function forkPolicy(page: Page, want: PolicyFork, years: number): Promise<void> {
  await scrubTo(page, want.year);
  await page.selectOption("#fork-kind", "districtPolicy");
  await page.selectOption("#fork-district", "0");
  await page.selectOption("#fork-policy", String(want.index));
  await page.click("#fork-run");
  await page.waitForSelector(`#replay[data-fork-ready='1'][data-fork-map-year='${want.year}']`);
  // To the end of the game: both maps, and the charts of both games over every year.
  await scrubTo(page, years);
  await page.waitForSelector(`#replay[data-fork-map-year='${years}']`);
  await expect.poll(() => page.getAttribute("#fork-displaced-real", "data-value")).toBe(String(want.real));
  await expect.poll(() => page.getAttribute("#fork-displaced-fork", "data-value")).toBe(String(want.fork));
  // The charts draw both games: a solid line and a dashed one for each figure.
  for (const key of ["creatives", "rent", "displaced", "exports"]) {
    expect(await page.$$eval(`#chart-${key} polyline`, (ls) => ls.length)).toBe(2);
  }
  expect(await page.$$("#replay .replay-maps canvas")).toHaveLength(2);
}
