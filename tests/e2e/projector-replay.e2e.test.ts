// The projector in the debrief: the projector page of an ended room (read-only, 1920×1080) gets the
// game's record from the room, opens "What if…?" from its end screen, forks one policy, and shows the
// comparison — the real and forked maps side by side and the charts of both games — on one screen,
// with nothing to scroll to see them. The fork runs in the projector's browser (client/model/fold.ts).
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseRecord } from "../../shared/record.js";
import { type CqWindow, launch, newPlayer, shot } from "./browser.js";
import { forkPolicy, pageRecord, playSoloGame, policyForkThatMatters, scrubTo } from "./replay-steps.js";

const base = inject("baseUrl");
const YEARS = 3;
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the projector's replay and what-if fork", () => {
  it("forks the ended game on the projector and shows both games on one screen", async () => {
    const host = await playSoloGame(browser, base, YEARS);
    const code = await host.page.evaluate(() => (window as unknown as CqWindow).__cq.view().code);
    const hostRecord = await pageRecord(host.page);

    const projector = await newPlayer(browser, { width: 1920, height: 1080 });
    const page = projector.page;
    await page.goto(`${base}/?projector=${code}&lang=en`);
    await page.waitForSelector("#screen-end #open-fork:not([disabled])");
    // Read-only: no new game from the projector; the record is the room's, the one the host has.
    expect(await page.$("#new-game")).toBeNull();
    const record = await pageRecord(page);
    expect(parseRecord(record).ok).toBe(true);
    expect(record.hash).toBe(hostRecord.hash);

    // "What if…?" opens the viewer a year before the end with the fork panel in hand.
    await page.click("#open-fork");
    await page.waitForSelector(
      `#replay[data-ready='1'][data-year='${YEARS - 1}'][data-map-year='${YEARS - 1}']`,
    );
    await page.waitForFunction(() => document.activeElement?.id === "fork-kind");
    expect(await page.getAttribute("#replay-verified", "data-ok")).toBe("1");
    await expect.poll(() => page.textContent("#replay-year-label")).toBe(`Year ${YEARS - 1} of ${YEARS}`);

    const want = policyForkThatMatters(record, YEARS);
    expect(want).not.toBeNull();
    await forkPolicy(page, want!, YEARS);
    expect(want!.fork).not.toBe(want!.real);

    // The comparison on one projector screen: both maps side by side and the four charts, above the fold
    // and inside the width, with the viewer scrolled to its top.
    await page.$eval("#replay", (el) => el.scrollTo(0, 0));
    const boxes = await page.evaluate(() => {
      const box = (sel: string) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return {
          top: r.top,
          bottom: r.bottom,
          left: r.left,
          right: r.right,
          width: r.width,
          height: r.height,
        };
      };
      const root = document.querySelector("#replay")!;
      return {
        real: box("#replay-map"),
        fork: box("#fork-map"),
        charts: ["creatives", "rent", "displaced", "exports"].map((k) => box(`#chart-${k}`)),
        sideways: root.scrollWidth - root.clientWidth,
        viewport: { width: window.innerWidth, height: window.innerHeight },
      };
    });
    expect(boxes.sideways).toBeLessThanOrEqual(0);
    // Side by side: the same row, the fork to the right of the real game, each map a real size.
    expect(Math.abs(boxes.real.top - boxes.fork.top)).toBeLessThan(2);
    expect(boxes.fork.left).toBeGreaterThanOrEqual(boxes.real.right);
    for (const m of [boxes.real, boxes.fork]) {
      expect(m.width).toBeGreaterThan(400);
      expect(m.height).toBeGreaterThan(300);
    }
    for (const b of [boxes.real, boxes.fork, ...boxes.charts]) {
      expect(b.top).toBeGreaterThanOrEqual(0);
      expect(b.bottom).toBeLessThanOrEqual(boxes.viewport.height);
      expect(b.right).toBeLessThanOrEqual(boxes.viewport.width);
    }
    await shot(page, "projector-fork-en");

    // Another fork from the first year: a space of district 0 protected ("what if we had protected
    // the studios?"), the first the rules accept; the result names it and the rules took it.
    await scrubTo(page, 0);
    await page.waitForSelector("#replay[data-fork-map-year='0']");
    await page.selectOption("#fork-kind", "protect");
    await page.selectOption("#fork-district", "0");
    await page.waitForSelector("#fork-tile");
    const tile = await page.$eval("#fork-tile", (el) => (el as HTMLSelectElement).selectedOptions[0].text);
    await page.click("#fork-run");
    await expect.poll(() => page.textContent("#fork-change")).toContain(`${tile} protected in`);
    expect(await page.$("#fork-refused")).toBeNull();
    await page.click("#replay-close");
    await page.waitForSelector("#replay", { state: "detached" });
    await page.waitForFunction(() => document.activeElement?.id === "open-fork");

    expect(projector.errors).toEqual([]);
    expect(host.errors).toEqual([]);
    await projector.context.close();
    await host.context.close();
  });
});
