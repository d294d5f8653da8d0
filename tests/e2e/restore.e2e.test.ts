// The host keeps control across a server restart: the room is saved when the server stops, and the
// host's page, still open, reconnects by itself and asks the restarted server to restore the room
// from its snapshot with the stored host token. (This file runs its own server, port and database.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CqWindow, launch, newPlayer, openHostSettings, holdClocks, waitPhase } from "./browser.js";
import { type ServerProcess, startServer } from "./server.js";

let browser: Browser;
let server: ServerProcess;
let dir = "";
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cq-e2e-restore-"));
  server = await startServer(null, join(dir, "restore.db"));
  // The restarted server comes back on the same address, as after a real restart.
  port = server.port;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a server restart", () => {
  it("gives the host the same room back, with the game as it was", async () => {
    const host = await newPlayer(browser);
    const page = host.page;
    await page.goto(`${server.url}/?lang=en`);
    await page.fill("#host-nickname", "Ms Li");
    await page.check("#host-solo");
    await openHostSettings(page);
    await page.fill("#host-seed", "5");
    await holdClocks(page);
    await page.click("#host-submit");
    await page.click("#start-game");
    await page.waitForSelector("[data-map-ready='1']");
    await page.click("#tab-host");
    await page.click("#host-end-planning");
    await waitPhase(page, "report", 1);
    await page.waitForSelector("#year-report");
    const before = await page.evaluate(() => {
      const v = (window as unknown as CqWindow).__cq.view();
      return { code: v.code, year: v.year, seed: v.seed };
    });
    expect(before.year).toBe(1);

    await server.stop();
    await page.waitForFunction(() => (window as unknown as CqWindow).__cq.status() !== "connected");
    server = await startServer(port, join(dir, "restore.db"));
    // No reload: the page's reconnection loop finds the room gone and restores it from its snapshot.
    await page.waitForFunction(() => {
      const cq = (window as unknown as CqWindow).__cq;
      return cq.status() === "connected" && cq.statusLog().includes("reconnecting");
    });
    await page.waitForFunction(() => (window as unknown as CqWindow).__cq.you()?.isHost === true);
    const after = await page.evaluate(() => {
      const v = (window as unknown as CqWindow).__cq.view();
      return { code: v.code, year: v.year, seed: v.seed };
    });
    expect(after).toEqual(before);
    // The restored room waits in the lobby; starting again continues with year 2.
    await page.waitForSelector("#screen-lobby");
    await page.click("#start-game");
    await waitPhase(page, "planning", 1);
    await expect.poll(() => page.textContent("#hud-year")).toContain("Year 2 of");
    expect(host.errors).toEqual([]);
  });
});
