// A class of three: the host (laptop, English), Ana (laptop, English) and Bo (phone, Chinese), plus a
// student whose map never loads. The fair start shows its countdown to all and the clock starts when
// it ends; the guided first turn points at a legal tile; an offer arrives as a toast with Accept and
// Decline and the proposer hears it was declined; the hover tip follows a build and says why a
// paused click does nothing; the year report waits for the student and for the host ("until I
// continue"), survives a pause, and is reopened from Reports; a nickname of spaces is refused clearly.
import { Client, type Room } from "colyseus.js";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CqWindow, launch, legalTiles, myDistrict, type Player, shot } from "./browser.js";
import { host, join, player, SIZES } from "./ui.js";

const base = inject("baseUrl");
let browser: Browser;
let teacher: Player;
let ana: Player;
let bo: Player;
let ghost: Room | null = null;
let code = "";

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await ghost?.leave().catch(() => undefined);
  await browser?.close();
});

const phase = (p: Player) => p.page.evaluate(() => (window as unknown as CqWindow).__cq.view()?.phase);

describe("a class with reports that wait", () => {
  it("refuses a nickname of spaces with a clear, translated message", async () => {
    teacher = await player(browser, SIZES[1], "en");
    code = await host(teacher.page, base, "en", { rounds: 3, reportWait: true });
    const blank = await player(browser, SIZES[0], "zh-CN");
    await blank.page.goto(`${base}/?code=${code}&lang=zh-CN`);
    await blank.page.fill("#join-nickname", "   ");
    await blank.page.click("#join-submit");
    await blank.page.waitForSelector(".toast-error:has-text('昵称')");
    await shot(blank.page, "reports-00-blank-nickname-zh");
    await blank.context.close();
  });

  it("the fair start shows a countdown to all while a map is missing, then starts the clock", async () => {
    ana = await player(browser, SIZES[1], "en");
    await join(ana.page, base, code, "Ana", "en");
    bo = await player(browser, SIZES[0], "zh-CN");
    await join(bo.page, base, code, "Bo", "zh-CN");
    // A student whose map never loads (a client that never says it is ready).
    ghost = await new Client(base.replace(/^http/, "ws")).joinById(code, { nickname: "Ghost" });
    ghost.onMessage("*", () => undefined);
    await teacher.page.click("#start-game");
    for (const p of [teacher, ana, bo]) {
      // One map will never be ready: the countdown was on every screen (the page marks that it showed
      // it, so this holds however slowly the test looks), from at most 10 s.
      await p.page.waitForSelector("#hud[data-countdown-shown='1']", { state: "attached" });
      const seconds = Number(await p.page.getAttribute("#hud", "data-countdown-seconds"));
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(10);
    }
    await shot(bo.page, "reports-01-fair-start-phone-zh");
    await shot(teacher.page, "reports-01-fair-start-laptop");
    for (const p of [teacher, ana, bo]) {
      await p.page.waitForSelector("#screen-game[data-map-loaded]");
      await p.page.waitForSelector("#hud-phase[data-phase='planning']");
      await p.page.waitForSelector("#screen-game[data-map-ready='1']");
    }
    expect(await phase(ana)).toBe("planning");
  });

  it("guides each student's first move, pointing at a legal tile; it can be skipped", async () => {
    await bo.page.waitForSelector("#guide[data-state='showing'] #guide-move");
    const text = (await bo.page.textContent("#guide-move"))!;
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect((await bo.page.textContent("#guide-idea"))!.length).toBeGreaterThan(10);
    const tile = Number(await bo.page.getAttribute("#guide", "data-tile"));
    await bo.page.click("#guide-show");
    await bo.page.waitForFunction(() => (window as unknown as CqWindow).__cq.tool().type !== "inspect");
    expect(await legalTiles(bo.page)).toContain(tile);
    await bo.page.waitForSelector("#guide-marker:not([hidden])");
    await shot(bo.page, "reports-02-guide-phone-zh");
    // The marker sits on the tile on screen.
    const gap = await bo.page.evaluate((t) => {
      const cq = (window as unknown as CqWindow).__cq;
      const p = cq.tileToScreen(t)!;
      const m = document.querySelector("#guide-marker")!.getBoundingClientRect();
      return Math.hypot(m.left + m.width / 2 - p.x, m.top + m.height / 2 - p.y);
    }, tile);
    expect(gap).toBeLessThan(4);
    await ana.page.waitForSelector("#guide[data-state='showing']");
    await ana.page.click("#guide-skip");
    await ana.page.waitForSelector("#guide", { state: "hidden" });
  });

  it("an offer or a vote is a toast with its answers; the proposer is told it was declined", async () => {
    const to = await myDistrict(bo.page);
    await ana.page.click("#tab-inbox");
    await ana.page.selectOption("#deal-to", String(to));
    await ana.page.fill("#deal-amount", "5");
    await ana.page.click("#inbox form.deal button[type='submit']");
    await bo.page.waitForSelector("#offers .offer .offer-decline");
    expect(await bo.page.isVisible("#offers .offer .offer-accept")).toBe(true);
    await shot(bo.page, "reports-03-offer-toast-phone-zh");
    // Every answer is readable on the dark toast: Decline was once white on white, which axe-core
    // leaves "incomplete" over the map, so the contrast is computed here (WCAG: at least 4.5:1).
    const contrasts = await bo.page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => {
        const f = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      return [...document.querySelectorAll<HTMLElement>("#offers .offer button")].map((b) => {
        // The background the text sits on: the first opaque one from the button up.
        let el: HTMLElement | null = b;
        let bg = [255, 255, 255];
        while (el) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || c[3] === 1) {
            bg = c.slice(0, 3);
            break;
          }
          el = el.parentElement;
        }
        const [l1, l2] = [lum(rgb(getComputedStyle(b).color)), lum(bg)].sort((x, y) => y - x);
        return { button: b.className, ratio: Math.round(((l1 + 0.05) / (l2 + 0.05)) * 10) / 10 };
      });
    });
    expect(contrasts).toHaveLength(3);
    for (const c of contrasts) expect(c.ratio, c.button).toBeGreaterThanOrEqual(4.5);
    await bo.page.click("#offers .offer .offer-decline");
    await bo.page.waitForSelector("#offers .offer", { state: "detached" });
    await ana.page.waitForSelector(".toast:has-text('declined your proposal')");
    await shot(ana.page, "reports-04-declined-laptop");
    // A city vote another district calls is put to me the same way.
    await ana.page.click("#tab-policies");
    await ana.page.click("#vote-yes-placeMarketing");
    await bo.page.waitForSelector("#offers [data-vote='placeMarketing'] .offer-decline");
    await shot(bo.page, "reports-04-vote-toast-phone-zh");
    await bo.page.click("#offers [data-vote='placeMarketing'] .offer-decline");
    await bo.page.waitForSelector("#offers [data-vote]", { state: "detached" });
    await bo.page.waitForFunction(
      (d) => (window as unknown as CqWindow).__cq.state().districts[d].votes.placeMarketing === false,
      await myDistrict(bo.page),
    );
  });

  it("the hover tip follows a build, and while paused says why a click does nothing", async () => {
    const page = ana.page;
    await page.click("#tool-build");
    await page.selectOption("#tool-kind", "leisure");
    const legal = await legalTiles(page);
    const visible = await page.evaluate((tiles) => {
      const cq = (window as unknown as CqWindow).__cq;
      return tiles.find((t) => {
        const p = cq.tileToScreen(t);
        return p !== null && document.elementFromPoint(p.x, p.y)?.tagName === "CANVAS";
      });
    }, legal);
    expect(visible).toBeDefined();
    const p = (await page.evaluate((t) => (window as unknown as CqWindow).__cq.tileToScreen(t), visible!))!;
    await page.mouse.move(p.x, p.y);
    await page.waitForSelector("#map-tip:not([hidden]) .tip-ok");
    const before = (await page.textContent("#map-tip strong"))!;
    await page.mouse.click(p.x, p.y);
    await page.waitForFunction(
      (t) => (window as unknown as CqWindow).__cq.state().tiles[t].use === "leisure",
      visible!,
    );
    // The pointer has not moved: the tip now describes the new building, not the empty lot.
    await page.waitForFunction(
      (old) => document.querySelector("#map-tip strong")?.textContent !== old,
      before,
    );
    expect(await page.textContent("#map-tip strong")).not.toBe(before);

    // Paused: the tip says why, and a click says it instead of a silent ✓.
    const next = (await legalTiles(page)).find((t) => t !== visible);
    await teacher.page.click("#tab-host");
    await teacher.page.click("#host-pause");
    await page.waitForFunction(() => (window as unknown as CqWindow).__cq.view().paused);
    const q = (await page.evaluate((t) => (window as unknown as CqWindow).__cq.tileToScreen(t), next!))!;
    await page.mouse.move(q.x, q.y);
    await page.waitForSelector("#map-tip .tip-bad:has-text('paused')");
    await page.mouse.click(q.x, q.y);
    await page.waitForSelector(".toast-error:has-text('paused')");
    await shot(page, "reports-05-paused-click");
    await teacher.page.click("#host-resume");
    await page.waitForFunction(() => !(window as unknown as CqWindow).__cq.view().paused);
    await page.click("#tool-inspect");
  });

  it("the year report waits for the student and the host, holds through a pause, and reopens", async () => {
    await teacher.page.click("#host-end-planning");
    for (const p of [teacher, ana, bo])
      await p.page.waitForSelector("#year-report #report-migration-headline");
    // The migration wording matches its figures: never "no one moved" above arrivals.
    for (const p of [ana, bo]) {
      const m = await p.page.evaluate(() => {
        const el = document.querySelector("#report-migration-headline") as HTMLElement;
        return { text: el.textContent ?? "", arrived: Number(el.dataset.arrived) };
      });
      if (m.arrived > 0) expect(m.text).not.toMatch(/No one moved|今年没有人搬迁/);
    }
    // "Until I continue": no clock runs; a pause changes nothing of the report.
    expect(await teacher.page.evaluate(() => (window as unknown as CqWindow).__cq.view().phaseEndsAt)).toBe(
      0,
    );
    await teacher.page.keyboard.press("Escape");
    await teacher.page.click("#tab-host");
    await teacher.page.click("#host-pause");
    await bo.page.waitForFunction(() => (window as unknown as CqWindow).__cq.view().paused);
    expect(await bo.page.isVisible("#year-report")).toBe(true);
    await shot(bo.page, "reports-06-report-paused-phone-zh");
    await teacher.page.click("#host-resume");
    await bo.page.waitForFunction(() => !(window as unknown as CqWindow).__cq.view().paused);
    expect(await phase(bo)).toBe("report");
    await teacher.page.click("#host-end-planning");
    // The next year's planning has begun; the students' reports stay open until they close them.
    for (const p of [ana, bo]) {
      await p.page.waitForFunction(() => (window as unknown as CqWindow).__cq.view().phase === "planning");
      await p.page.waitForSelector("#year-report #report-note");
      expect(await p.page.isVisible("#year-report")).toBe(true);
    }
    await shot(ana.page, "reports-07-report-stays-laptop");
    await bo.page.click("#report-close");
    await bo.page.waitForSelector("#year-report", { state: "detached" });
    // Reports reopens the earlier year.
    await bo.page.click("#open-reports");
    await bo.page.click("#report-year-1");
    await bo.page.waitForSelector("#year-report #report-title");
    await expect.poll(() => bo.page.textContent("#report-title")).toContain("1");
    await shot(bo.page, "reports-08-reopened-phone-zh");
    await bo.page.keyboard.press("Escape");
    await bo.page.waitForSelector("#year-report", { state: "detached" });
    for (const p of [teacher, ana, bo]) expect(p.errors).toEqual([]);
  });
});
