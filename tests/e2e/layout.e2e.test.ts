// The layout at 360×740, 1280×800 and 1920×1080, in English and Chinese: the map first and full
// width on a phone with the tools in a bottom bar and tiles of at least 24 CSS px, nothing cut off or
// scrolling sideways, every console control reachable at 1280×800 (with confirmations for Remove and
// events), and the projector above the fold at 1920×1080. Saves a screenshot of every screen.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type CqWindow, launch, pickTool, shot } from "./browser.js";
import { host, join, noSidewaysScroll, nothingCutOff, player, SIZES } from "./ui.js";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

for (const lang of ["en", "zh-CN"] as const) {
  for (const size of SIZES) {
    const tag = `${size.name}-${size.width}x${size.height}-${lang}`;
    describe(`${size.width}×${size.height} in ${lang}`, () => {
      it("every screen fits: landing, lobby, game, console, report, reports, debrief", {
        timeout: 300_000,
      }, async () => {
        const me = await player(browser, size, lang);
        const page = me.page;
        await page.goto(`${base}/?lang=${lang}`);
        await page.waitForSelector("#host-submit");
        await noSidewaysScroll(page);
        await shot(page, `layout-${tag}-01-landing`);
        // "Until I continue": the report never moves on by itself, so each step below waits for a state.
        const code = await host(page, base, lang, { solo: true, rounds: 3, reportWait: true });
        await noSidewaysScroll(page);
        await shot(page, `layout-${tag}-02-lobby`);
        await page.click("#start-game");
        await page.waitForSelector("#screen-game[data-map-ready='1']");
        await page.waitForSelector("#hud-phase[data-phase='planning']");
        await noSidewaysScroll(page);
        await nothingCutOff(page, "#screen-game");
        await shot(page, `layout-${tag}-03-game`);

        const box = (sel: string) => page.locator(sel).first().boundingBox();
        if (size.name === "phone") {
          // The map comes first (right under the HUD), fills the width, and the tools sit in a bottom bar.
          const map = (await box("#map"))!;
          const tools = (await box(".tools"))!;
          expect(map.width).toBeGreaterThanOrEqual(size.width - 2);
          expect(map.y).toBeLessThan(200);
          expect(tools.y + tools.height).toBeGreaterThanOrEqual(size.height - 1);
          expect(tools.y).toBeGreaterThan(size.height / 2);
          // Tiles at the default zoom are at least 24 CSS px (WCAG 2.2 target size).
          const tile = await page.evaluate(() => {
            const cq = (window as unknown as CqWindow).__cq;
            const a = cq.tileToScreen(0)!;
            const b = cq.tileToScreen(1)!;
            return b.x - a.x;
          });
          expect(tile).toBeGreaterThanOrEqual(24);
          // Passing toasts ("Year 1 of 3: Planning") start below the HUD and the map's buttons, at the
          // map's top edge (or the text ledger's in its place), so the year, budget and score stay in
          // sight; over the map they let taps through to the tiles. The region's top is read (it holds
          // its place when empty): no toast's timer matters.
          const toastsBelowHud = () =>
            page.evaluate(() => {
              const region = document.querySelector<HTMLElement>("#toasts")!;
              const top = region.getBoundingClientRect().top;
              const hud = document.querySelector("#hud")!.getBoundingClientRect().bottom;
              const buttons = document.querySelector("#toggle-ledger")!.getBoundingClientRect().bottom;
              return top >= hud && top >= buttons && getComputedStyle(region).pointerEvents === "none";
            });
          await expect.poll(toastsBelowHud).toBe(true);
          await page.click("#toggle-ledger");
          await page.waitForSelector("#toggle-ledger[aria-pressed='true']");
          await expect.poll(toastsBelowHud).toBe(true);
          await page.click("#toggle-ledger");
          await page.waitForSelector("#toggle-ledger[aria-pressed='false']");
          await page.waitForSelector("#screen-game[data-map-ready='1']");
          // Every tool is in sight in the bar (it never scrolls sideways), whole, not under another
          // control, and a touch target of at least 44 px: with no kind select (inspecting) and with
          // one (placing an anchor).
          for (const tool of ["inspect", "anchor"]) {
            await pickTool(page, tool);
            const bar = await page.evaluate(() => {
              const el = document.querySelector<HTMLElement>("#screen-game .tools")!;
              const bad: string[] = [];
              const controls = [...el.querySelectorAll<HTMLElement>("button, select")];
              for (const c of controls) {
                const r = c.getBoundingClientRect();
                const inside =
                  r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;
                const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                const covered = !(hit === c || c.contains(hit));
                if (!inside || covered || r.width < 44 || r.height < 44)
                  bad.push(
                    `${c.id} ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)}`,
                  );
              }
              return {
                overflow: el.scrollWidth - el.clientWidth,
                ids: controls.map((c) => c.id),
                bad,
              };
            });
            expect(bar.overflow, `tool bar scrolls sideways (${tool})`).toBeLessThanOrEqual(0);
            expect(bar.bad, `tool bar controls cut off, covered or small (${tool})`).toEqual([]);
            expect(bar.ids).toEqual(
              expect.arrayContaining([
                "tool-inspect",
                "tool-anchor",
                "tool-convert",
                "tool-build",
                "tool-link",
                "tool-demolish",
                "tool-protect",
                "overlay",
                ...(tool === "anchor" ? ["tool-kind"] : []),
              ]),
            );
          }
          await shot(page, `layout-${tag}-03b-tool-bar`);
          await pickTool(page, "inspect");
          // The side panels are a sheet over the map: closed, then opened from a tab, then closed.
          expect(await page.isVisible("#side-panel")).toBe(false);
          await page.click("#tab-policies");
          await page.waitForSelector("#screen-game[data-sheet='open'] #side-panel");
          expect(await page.isVisible("#side-panel")).toBe(true);
          await shot(page, `layout-${tag}-04-sheet`);
          await page.click("#sheet-close");
          await page.waitForSelector("#screen-game[data-sheet='closed']");
        }

        // The instructor console: every control inside the screen's width, none hidden under another.
        await page.click("#tab-host");
        await page.waitForSelector("#host-console");
        await noSidewaysScroll(page);
        const hidden = await page.evaluate(() => {
          const out: string[] = [];
          const panel = document.querySelector("#side-panel") as HTMLElement;
          for (const c of document.querySelectorAll<HTMLElement>(
            "#host-console button, #host-console select",
          )) {
            c.scrollIntoView({ block: "center", inline: "nearest" });
            const r = c.getBoundingClientRect();
            const p = panel.getBoundingClientRect();
            const inside = r.left >= p.left - 1 && r.right <= p.right + 1 && r.right <= window.innerWidth + 1;
            const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            if (!inside || !(hit === c || c.contains(hit))) out.push(c.id || c.textContent || c.tagName);
          }
          return out;
        });
        expect(hidden).toEqual([]);
        await shot(page, `layout-${tag}-05-console`);

        // Events are confirmed, saying when they take effect.
        await page.click("#host-inject");
        await page.waitForSelector("#confirm-inject");
        expect(await page.textContent("#confirm-inject")).toMatch(
          lang === "en" ? /year 1 is resolved/ : /第 1 年结算时/,
        );
        await shot(page, `layout-${tag}-06-confirm-event`);
        await page.click("#confirm-inject-yes");
        await page.waitForFunction(
          () =>
            ((window as unknown as CqWindow).__cq.view() as unknown as { queuedEvents?: string })
              .queuedEvents,
        );

        // The year report and the Reports list; the report's tables never push the page sideways.
        await page.click("#host-end-planning");
        await page.waitForSelector("#year-report");
        await noSidewaysScroll(page);
        await nothingCutOff(page, "#year-report");
        await shot(page, `layout-${tag}-07-report`);
        await page.click("#report-close");
        await page.waitForSelector("#year-report", { state: "detached" });
        await page.click("#open-reports");
        await page.waitForSelector("#reports-menu #report-year-1");
        await shot(page, `layout-${tag}-08-reports`);
        await page.keyboard.press("Escape");
        await page.waitForSelector("#reports-menu", { state: "detached" });
        await page.click("#open-debrief");
        await page.waitForSelector("#debrief-dialog");
        await noSidewaysScroll(page);
        // "Debrief so far" opens at its top.
        expect(await page.evaluate(() => document.querySelector("#debrief-dialog")!.scrollTop)).toBe(0);
        await shot(page, `layout-${tag}-09-debrief`);
        await page.keyboard.press("Escape");
        await page.waitForSelector("#debrief-dialog", { state: "detached" });

        // The projector of the same room: nothing below the fold, a large room code, a fixed ticker.
        const projector = await player(browser, size, lang);
        await projector.page.goto(`${base}/?projector=${code}&lang=${lang}`);
        await projector.page.waitForSelector("#screen-projector[data-map-ready='1']");
        await noSidewaysScroll(projector.page);
        await shot(projector.page, `layout-${tag}-10-projector`);
        if (size.name === "projector") {
          const fold = await projector.page.evaluate(() => ({
            scroll: document.documentElement.scrollHeight,
            height: window.innerHeight,
            legend: document.querySelector("#legend")!.getBoundingClientRect().bottom,
            map: document.querySelector("#map")!.getBoundingClientRect().bottom,
            code: Number.parseFloat(getComputedStyle(document.querySelector("#projector-code")!).fontSize),
            ticker: document.querySelector("#ticker")!.getBoundingClientRect().height,
          }));
          expect(fold.scroll).toBeLessThanOrEqual(fold.height);
          expect(fold.legend).toBeLessThanOrEqual(fold.height);
          expect(fold.map).toBeLessThanOrEqual(fold.height);
          expect(fold.code).toBeGreaterThanOrEqual(40);
          // The ticker keeps its height as events come in (a new year adds lines).
          await page.click("#host-end-planning");
          await projector.page.waitForFunction(
            () =>
              (window as unknown as CqWindow).__cq.view().phase === "planning" &&
              (window as unknown as CqWindow).__cq.view().year === 1,
          );
          await page.click("#host-end-planning");
          await projector.page.waitForFunction(() => (window as unknown as CqWindow).__cq.view().year === 2);
          // The host's own report of year 2 waits for the host to close it.
          await page.waitForSelector("#year-report");
          await page.click("#report-close");
          await page.waitForSelector("#year-report", { state: "detached" });
          const after = await projector.page.evaluate(() => {
            const ticker = document.querySelector<HTMLElement>("#ticker")!;
            const box = ticker.getBoundingClientRect();
            const bottom = box.bottom - Number.parseFloat(getComputedStyle(ticker).paddingBottom);
            const shown = [...ticker.querySelectorAll("li")]
              .map((li) => li.getBoundingClientRect())
              .filter((r) => r.height > 0);
            return {
              scroll: document.documentElement.scrollHeight,
              ticker: box.height,
              lines: ticker.querySelectorAll("li").length,
              shown: shown.length,
              // Items shown with their bottom below the ticker's: cut off.
              clipped: shown
                .filter((r) => r.bottom > bottom + 0.5)
                .map((r) => `${r.top}-${r.bottom} > ${bottom}`),
            };
          });
          expect(after.lines).toBeGreaterThan(0);
          // Whole lines only: every item shown ends inside the ticker (the older ones are hidden).
          expect(after.shown).toBeGreaterThan(0);
          expect(after.clipped).toEqual([]);
          expect(after.ticker).toBe(fold.ticker);
          expect(after.scroll).toBeLessThanOrEqual(fold.height);
          await shot(projector.page, `layout-${tag}-11-projector-later`);
        }
        await projector.context.close();

        // The end screen: its ranking and debrief fit (the ranking scrolls inside its own box).
        await page.click("#tab-host");
        page.once("dialog", (d) => void d.accept());
        await page.click("#host-end-game");
        await page.waitForSelector("#screen-end #end-ranking");
        await noSidewaysScroll(page);
        await nothingCutOff(page, "#screen-end");
        await shot(page, `layout-${tag}-12-end`);
        expect(me.errors).toEqual([]);
        await me.context.close();
      });
    });
  }
}

describe("Remove asks first", () => {
  it("the host's Remove opens a confirmation naming the student; Cancel keeps them", async () => {
    const size = SIZES[1];
    const teacher = await player(browser, size, "en");
    const code = await host(teacher.page, base, "en", { rounds: 2 });
    const kim = await player(browser, size, "en");
    await join(kim.page, base, code, "Kim", "en");
    await teacher.page.click("#start-game");
    await teacher.page.waitForSelector("#screen-game[data-map-ready='1']");
    await teacher.page.click("#tab-host");
    const kimId = await kim.page.evaluate(() => (window as unknown as CqWindow).__cq.you()!.playerId);
    await teacher.page.click(`[data-kick='${kimId}']`);
    await teacher.page.waitForSelector("#confirm-kick");
    expect(await teacher.page.textContent("#confirm-kick")).toContain("Kim");
    await shot(teacher.page, "layout-laptop-confirm-remove");
    await teacher.page.click("#confirm-kick-no");
    await teacher.page.waitForSelector("#confirm-kick", { state: "detached" });
    expect(
      await teacher.page.evaluate(
        (id) => Boolean((window as unknown as CqWindow).__cq.view().players[id]),
        kimId,
      ),
    ).toBe(true);
    await teacher.page.click(`[data-kick='${kimId}']`);
    await teacher.page.click("#confirm-kick-yes");
    await teacher.page.waitForFunction(
      (id) => !(window as unknown as CqWindow).__cq.view().players[id],
      kimId,
    );
    await kim.context.close();
    await teacher.context.close();
  });
});
