// An instructor hosts their own scenario: downloads a built-in one as a template, edits it, and loads
// the file in the host form. A broken file is refused in the form, translated, naming the bad field.
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseScenario } from "../../shared/scenario.js";
import { type CqWindow, launch, newPlayer } from "./browser.js";

const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const file = (name: string, text: string) => ({
  name,
  mimeType: "application/json",
  buffer: Buffer.from(text),
});

describe("a scenario file of the instructor's own", () => {
  it("downloads a template, refuses broken files by field, and hosts a valid one", async () => {
    const { page, errors, context } = await newPlayer(browser);
    await page.goto(`${base}/?lang=en`);
    await page.selectOption("#host-scenario", "precinct");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("#host-scenario-template"),
    ]);
    const template = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(parseScenario(template).ok).toBe(true);
    expect(template.id).toBe("my-precinct");

    await page.selectOption("#host-scenario", "__custom");
    await page.waitForSelector("#host-scenario-file", { state: "visible" });
    // Submitting without a file is refused in the form, with a message, and the form stays.
    await page.fill("#host-nickname", "Teacher");
    const refused = page.waitForSelector(".toast-error");
    await page.click("#host-submit");
    await refused;
    expect(await page.isVisible("#screen-landing")).toBe(true);

    // A file is read asynchronously: wait for each file's own message, since the previous file's
    // message stays on screen until the new one has been read.
    await page.setInputFiles("#host-scenario-file", file("broken.json", "{ not json"));
    await expect.poll(() => page.textContent("#host-scenario-error")).toContain("could not be read as JSON");
    const wrongGoal = { ...template, goal: { ...template.goal, target: -5 } };
    await page.setInputFiles("#host-scenario-file", file("goal.json", JSON.stringify(wrongGoal)));
    await expect
      .poll(() => page.textContent("#host-scenario-error"))
      .toBe("The scenario is not valid (goal.target).");

    const mine = { ...template, title: { en: "Our precinct", zh: "我们的街区" }, districts: 3 };
    await page.setInputFiles("#host-scenario-file", file("mine.json", JSON.stringify(mine)));
    await expect.poll(() => page.textContent("#host-scenario-ok")).toContain("Our precinct");
    await page.fill("#host-rounds", "2");
    // Before the room exists, the form says plainly that 2 rounds instead of the file's 10 scale the goal.
    await expect
      .poll(() => page.textContent("#host-goal-scale"))
      .toContain("judged over 2 rounds, not the scenario's 10");
    await page.check("#host-solo");
    await page.click("#host-submit");
    // The lobby shows the file's title and the goal that will be judged: the file's, scaled to the 2
    // rounds (the server sends the texts and the file's own target: the client has no copy of it).
    await page.waitForSelector("#screen-lobby");
    await expect.poll(() => page.textContent("#screen-lobby h2")).toContain("Our precinct");
    await expect
      .poll(() => page.textContent("#screen-lobby .summary"))
      .toMatch(/^Grow the city to [\d,]+ creatives in 2 years, displacing at most 30% of them\./);
    expect(await page.textContent("#screen-lobby .summary")).toContain(
      `${template.goal.target.toLocaleString("en-GB")} in 10 years`,
    );
    await page.click("#start-game");
    await page.waitForSelector("[data-map-ready='1']");
    const game = await page.evaluate(() => (window as unknown as CqWindow).__cq.state());
    expect(game.scenario).toBe("my-precinct");
    expect(game.districts).toHaveLength(3);
    expect(errors).toEqual([]);
    await context.close();
  });
});
