// One person practising alone on a 360 px phone with the keyboard and reduced motion: no sideways
// scrolling, tools and the map driven by keys, the text ledger acting on a tile, a policy, a
// projector view at 1920×1080, the year report, the end screen, and switching to Chinese.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type CqWindow,
  gameState,
  launch,
  legalTiles,
  newPlayer,
  openHostSettings,
  pickTool,
  type Player,
  holdClocks,
  shot,
  waitPhase,
} from "./browser.js";

const base = inject("baseUrl");
let browser: Browser;
let phone: Player;
let code = "";

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The page settles with nothing wider than the screen (it may still be laying out when called). */
async function noSidewaysScroll(p: Player): Promise<void> {
  await expect
    .poll(() => p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth))
    .toBeLessThanOrEqual(0);
}

describe("a phone, the keyboard and reduced motion", () => {
  it("hosts a solo game at 360 px with reduced motion on", async () => {
    phone = await newPlayer(browser, { width: 360, height: 740 }, { reducedMotion: "reduce", touch: true });
    const page = phone.page;
    await page.goto(`${base}/?lang=en`);
    await expect.poll(() => page.isChecked("#reduce-motion")).toBe(true);
    await expect.poll(() => page.getAttribute("html", "class")).toContain("reduce-motion");
    await noSidewaysScroll(phone);
    await page.fill("#host-nickname", "Solo");
    await page.check("#host-solo");
    await openHostSettings(page);
    await page.fill("#host-seed", "99");
    await holdClocks(page);
    await page.click("#host-submit");
    await page.waitForSelector("#screen-lobby #room-code");
    code = (await page.textContent("#room-code"))!.trim();
    await noSidewaysScroll(phone);
    await page.click("#start-game");
    await page.waitForSelector("[data-map-ready='1']");
    await noSidewaysScroll(phone);
    await shot(page, "10-phone-game");
  });

  it("passes the reduced-motion switch to the map both ways", async () => {
    const page = phone.page;
    const motion = () => page.evaluate(() => (window as unknown as CqWindow).__cq.mapReducedMotion());
    await expect.poll(motion).toBe(true);
    await page.uncheck("#reduce-motion");
    await expect.poll(motion).toBe(false);
    await expect.poll(() => page.getAttribute("html", "class")).not.toContain("reduce-motion");
    await page.check("#reduce-motion");
    await expect.poll(motion).toBe(true);
  });

  it("zooms the map with a two-finger pinch and pans it with one finger", async () => {
    const page = phone.page;
    const view = () => page.evaluate(() => (window as unknown as CqWindow).__cq.mapView()!);
    const box = (await page.locator("#map canvas").boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await phone.context.newCDPSession(page);
    const touch = (type: "touchStart" | "touchMove" | "touchEnd", points: { x: number; y: number }[]) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id })),
      });
    const before = await view();
    await touch("touchStart", [
      { x: cx - 20, y: cy },
      { x: cx + 20, y: cy },
    ]);
    for (let k = 1; k <= 6; k++) {
      await touch("touchMove", [
        { x: cx - 20 - k * 12, y: cy },
        { x: cx + 20 + k * 12, y: cy },
      ]);
    }
    await touch("touchEnd", []);
    await expect.poll(async () => (await view()).zoom).toBeGreaterThan(before.zoom * 1.3);
    const zoomed = await view();
    await touch("touchStart", [{ x: cx, y: cy }]);
    for (let k = 1; k <= 5; k++) await touch("touchMove", [{ x: cx + k * 15, y: cy + k * 10 }]);
    await touch("touchEnd", []);
    await expect.poll(async () => (await view()).scrollX).toBeLessThan(zoomed.scrollX);
    await expect.poll(async () => (await view()).scrollY).toBeLessThan(zoomed.scrollY);
    await page.click("#map-fit");
  });

  it("on a touch screen, the first tap previews and the second tap builds", async () => {
    const page = phone.page;
    await pickTool(page, "build", "leisure");
    const legal = await legalTiles(page);
    expect(legal.length).toBeGreaterThan(0);
    const i = legal[0];
    const p = (await page.evaluate((t) => (window as unknown as CqWindow).__cq.tileToScreen(t), i))!;
    await page.touchscreen.tap(p.x, p.y);
    await page.waitForFunction(() =>
      document.querySelector("#status-line")?.textContent?.includes("tap again"),
    );
    expect((await gameState(page)).tiles[i].use).toBe("empty");
    await page.touchscreen.tap(p.x, p.y);
    await page.waitForFunction(
      (t) => (window as unknown as CqWindow).__cq.state().tiles[t].use === "leisure",
      i,
    );
    await page.click("#tool-inspect");
  });

  it("selects tools and moves the map cursor with the keyboard", async () => {
    const page = phone.page;
    await page.focus("#map");
    await page.keyboard.press("2");
    await expect.poll(() => page.getAttribute("#tool-anchor", "aria-checked")).toBe("true");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction(() =>
      /Tile \d+, \d+/.test(document.querySelector("#status-line")?.textContent ?? ""),
    );
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getAttribute("#tool-inspect", "aria-checked")).toBe("true");
  });

  it("places an anchor from the text ledger, by keyboard only", async () => {
    const page = phone.page;
    await page.focus("#map");
    await page.keyboard.press("2");
    await expect.poll(() => page.getAttribute("#tool-anchor", "aria-checked")).toBe("true");
    await page.focus("#toggle-ledger");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#ledger-tiles tbody tr");
    await expect.poll(() => page.isHidden("#map")).toBe(true);
    const before = await gameState(page);
    const anchorsBefore = before.tiles.filter((t) => t.district === 0 && t.use === "university").length;
    await page.focus("#ledger-tiles button.primary");
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      (n) =>
        (window as unknown as CqWindow).__cq
          .state()
          .tiles.filter((t) => t.district === 0 && t.use === "university").length > n,
      anchorsBefore,
    );
    await shot(page, "11-phone-ledger");

    // Protect a tile (affordable space), then demolish one, from the same ledger.
    // Switching tools re-renders the ledger for the new tool before pickTool returns.
    await pickTool(page, "protect");
    await page.waitForSelector("#ledger-tiles button.primary");
    const protectRow = await page.getAttribute("#ledger-tiles tr:has(button.primary)", "data-tile");
    await page.click(`#ledger-tiles tr[data-tile='${protectRow}'] button.primary`);
    await page.waitForFunction(
      (i) => (window as unknown as CqWindow).__cq.state().tiles[i].protected,
      Number(protectRow),
    );
    await pickTool(page, "demolish");
    await page.waitForSelector("#ledger-tiles button.primary");
    const demolishRow = Number(await page.getAttribute("#ledger-tiles tr:has(button.primary)", "data-tile"));
    await page.click(`#ledger-tiles tr[data-tile='${demolishRow}'] button.primary`);
    await page.waitForFunction(
      (i) => (window as unknown as CqWindow).__cq.state().tiles[i].use === "empty",
      demolishRow,
    );
    await page.click("#tool-inspect");

    await page.focus("#toggle-ledger");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.isVisible("#map")).toBe(true);
  });

  it("turns a district policy on", async () => {
    const page = phone.page;
    await page.focus("#tab-policies");
    await page.keyboard.press("Enter");
    await page.focus("#policy-festival");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#policy-festival[aria-pressed='true']");
    await noSidewaysScroll(phone);
  });

  it("votes for a city-wide policy", async () => {
    const page = phone.page;
    await page.click("#vote-yes-ipProtection");
    await page.waitForFunction(
      () => (window as unknown as CqWindow).__cq.state().districts[0].votes.ipProtection === true,
    );
    await page.waitForSelector("#vote-yes-ipProtection[aria-pressed='true']:disabled");
  });

  it("reconnects by itself after the network drops, and can still act", async () => {
    const page = phone.page;
    const me = await page.evaluate(() => (window as unknown as CqWindow).__cq.you()?.playerId);
    await page.evaluate(() => (window as unknown as CqWindow).__cq.dropConnection());
    await page.waitForFunction(() => {
      const log = (window as unknown as CqWindow).__cq.statusLog();
      return log.includes("reconnecting") && log[log.length - 1] === "connected";
    });
    await expect.poll(() => page.textContent("#conn-status")).toBe("Connected");
    await expect
      .poll(() => page.evaluate(() => (window as unknown as CqWindow).__cq.you()?.playerId))
      .toBe(me);
    await page.focus("#policy-talent");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#policy-talent[aria-pressed='true']");
  });

  it("falls back to the text ledger when the map cannot load", async () => {
    const p = await newPlayer(browser, { width: 800, height: 700 });
    await p.context.route("**/assets/cityMap-*.js", (r) => r.abort());
    await p.page.goto(`${base}/?lang=en`);
    await p.page.fill("#host-nickname", "NoMap");
    await p.page.check("#host-solo");
    await p.page.click("#host-submit");
    await p.page.click("#start-game");
    await p.page.waitForSelector(".toast-error:has-text('text ledger')");
    await p.page.waitForSelector("#ledger-tiles", { state: "visible" });
    await pickTool(p.page, "anchor");
    await p.page.click("#ledger-tiles button.primary");
    await p.page.waitForFunction(() =>
      (window as unknown as CqWindow).__cq
        .state()
        .tiles.some((t) => t.district === 0 && t.use === "university"),
    );
    await p.context.close();
  });

  it("opens a read-only projector view at 1920×1080", async () => {
    const projector = await newPlayer(browser, { width: 1920, height: 1080 });
    await projector.page.goto(`${base}/?projector=${code}&lang=en`);
    await projector.page.waitForSelector("#screen-projector[data-map-ready='1']");
    await expect.poll(() => projector.page.textContent(".join-line")).toContain(code);
    expect(await projector.page.$("#tool-anchor")).toBeNull();
    await shot(projector.page, "12-projector");
    await projector.context.close();
  });

  it("shows the year report, then the end screen with every district ranked, in Chinese", async () => {
    const page = phone.page;
    await page.click("#tab-host");
    await page.click("#host-end-planning");
    await waitPhase(page, "report", 1);
    await page.waitForSelector("#year-report");
    await shot(page, "13-phone-report");
    // The room holds the report until the host continues, so its close button is still there.
    await page.click("#report-close");
    await page.waitForSelector("#year-report", { state: "detached" });
    page.once("dialog", (d) => void d.accept());
    await page.click("#host-end-game");
    await page.waitForSelector("#screen-end #end-ranking tbody tr");
    const districts = (await gameState(page)).districts.length;
    await expect.poll(async () => (await page.$$("#end-ranking tbody tr")).length).toBe(districts);
    await page.selectOption("#lang", "zh-CN");
    await page.waitForFunction(() => document.querySelector("#screen-end h1")?.textContent === "游戏结束");
    await noSidewaysScroll(phone);
    await shot(page, "14-phone-end-zh");
    expect(phone.errors).toEqual([]);
  });
});
