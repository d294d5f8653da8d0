// A student moves to another laptop mid-game: the nickname alone does not give her the seat; the
// instructor console shows "Ana wants their seat back", and one click hands it over.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { launch, myDistrict, newPlayer } from "./browser.js";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

it("the host gives a seat back to a student on another browser", async () => {
  const host = await newPlayer(browser);
  await host.page.goto(`${base}/?lang=en`);
  await host.page.fill("#host-nickname", "Ms Li");
  await host.page.fill("#host-planning", "600");
  await host.page.click("#host-submit");
  await host.page.waitForSelector("#screen-lobby");
  const code = (await host.page.textContent("#room-code"))!.trim();

  const ana = await newPlayer(browser);
  await ana.page.goto(`${base}/?code=${code}&lang=en`);
  await ana.page.fill("#join-nickname", "Ana");
  await ana.page.click("#join-submit");
  await ana.page.waitForSelector("#screen-lobby");
  const district = await myDistrict(ana.page);
  expect(district).toBeGreaterThanOrEqual(0);
  await host.page.click("#start-game");
  await ana.page.waitForSelector("#screen-game");
  await ana.context.close(); // her laptop is gone

  const laptop = await newPlayer(browser);
  await laptop.page.goto(`${base}/?code=${code}&lang=en`);
  await laptop.page.fill("#join-nickname", "Ana");
  await laptop.page.click("#join-submit");
  await laptop.page.waitForSelector(".toast-error:has-text('Waiting for the instructor')");

  await host.page.click("#tab-host");
  const request = "#seat-requests li:has-text('Ana wants their seat back')";
  await host.page.waitForSelector(request);
  await host.page.click(`${request} button`);
  await laptop.page.waitForSelector("#screen-game");
  await expect.poll(() => myDistrict(laptop.page)).toBe(district);
  await host.page.waitForFunction(() => document.querySelector("#seat-requests") === null);
  expect([...host.errors, ...laptop.errors]).toEqual([]);
});
