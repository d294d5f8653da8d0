// Measurements for the report (recorded in test-artifacts/metrics.json, never asserted against a
// clock): frame rate on a 64×64 city in headless Chromium, initial JS size gzipped, and time from
// opening the URL to a playable screen on loopback. The size budgets (start page 150 KB, map chunk
// 450 KB, gzip) are asserted.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ARTIFACTS,
  type CqWindow,
  launch,
  newPlayer,
  type Player,
  openHostSettings,
  holdClocks,
  shot,
  waitPhase,
} from "./browser.js";

const base = inject("baseUrl");
const DIST = "dist/client";
const metrics: Record<string, unknown> = {
  measuredAt: new Date().toISOString(),
  chromium: "/usr/bin/chromium (headless, SwiftShader)",
};
let browser: Browser;
let host: Player;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  // Other files add their own keys (the lecture hall's 128×128 figures): keep them.
  const file = join(ARTIFACTS, "metrics.json");
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...before, ...metrics }, null, 2)}\n`);
  console.log("metrics", JSON.stringify(metrics, null, 2));
  await browser?.close();
});

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

/** Frame-rate samples, each read after 30 more animation frames of the page (no clock waits). */
async function sampleFps(page: Page, samples: number): Promise<number[]> {
  const out: number[] = [];
  for (let k = 0; k < samples; k++) {
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          let n = 0;
          const step = () => (++n >= 30 ? done() : requestAnimationFrame(step));
          requestAnimationFrame(step);
        }),
    );
    out.push(await page.evaluate(() => (window as unknown as CqWindow).__cq.fps()));
  }
  return out;
}

describe("measurements", () => {
  it("initial JS stays under 150 KB gzip and the map chunk under 450 KB (Phaser loads later)", () => {
    const html = readFileSync(join(DIST, "index.html"), "utf8");
    const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(initial.length).toBeGreaterThan(0);
    const gz = (f: string) => gzipSync(readFileSync(join(DIST, f))).length;
    const initialGzip = initial.reduce((n, f) => n + gz(f), 0);
    const lazy = readdirSync(join(DIST, "assets"))
      .map((f) => `assets/${f}`)
      .filter((f) => f.endsWith(".js") && !initial.includes(f));
    const lazyGzip = lazy.reduce((n, f) => n + gz(f), 0);
    metrics.initialJsGzipKB = Math.round(initialGzip / 102.4) / 10;
    metrics.lazyMapJsGzipKB = Math.round(lazyGzip / 102.4) / 10;
    // Budgets of issue 11: the start page under 150 KB of JS gzip, the map chunk (Phaser and the art)
    // under 450 KB gzip.
    expect(initialGzip).toBeLessThanOrEqual(150 * 1024);
    expect(lazyGzip).toBeLessThanOrEqual(450 * 1024);
    expect(lazyGzip).toBeGreaterThan(0);
  });

  it("measures the time from the join URL to a usable join form", async () => {
    const student = await newPlayer(browser);
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      await student.page.goto(`${base}/?code=ACDEFG&lang=en`);
      await student.page.waitForSelector("#join-submit:enabled");
      times.push(await student.page.evaluate(() => performance.now()));
    }
    metrics.joinFormReadyMs = Math.round(median(times));
    expect(times.every((t) => t > 0)).toBe(true);
    await student.context.close();
  });

  // A measurement, not a race: on a loaded machine 22 samples of 30 frames can take minutes.
  it("hosts a 64×64 city and measures the frame rate and the time to a playable game screen", async () => {
    host = await newPlayer(browser);
    const page = host.page;
    await page.goto(`${base}/?lang=en`);
    await page.fill("#host-nickname", "Bench");
    await page.check("#host-solo");
    await openHostSettings(page);
    await page.selectOption("#host-size", "64");
    await page.fill("#host-seed", "7");
    await holdClocks(page);
    await page.click("#host-submit");
    await page.waitForSelector("#start-game");
    await page.click("#start-game");
    await page.waitForSelector("[data-map-ready='1']");
    const w = await page.evaluate(() => (window as unknown as CqWindow).__cq.state().width);
    expect(w).toBe(64);

    // Time from opening the game URL (a reload: reconnect, Phaser, first paint) to the playable map.
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      await page.reload();
      await page.waitForSelector("[data-map-ready='1']");
      times.push(await page.evaluate(() => performance.now()));
    }
    metrics.gameScreenReadyMs = Math.round(median(times));

    // Students opening the join URL of the running 64×64 game, typing a nickname and joining:
    // navigation start to the playable map (`data-map-ready`, read by the test as soon as it is set).
    // Three students, the median of each figure (one join on a shared machine is mostly noise).
    const code = await page.evaluate(() => (window as unknown as CqWindow).__cq.view().code);
    const joins: number[] = [];
    const breakdowns: Record<string, number>[] = [];
    for (let k = 0; k < 3; k++) {
      const student = await newPlayer(browser);
      await student.page.goto(`${base}/?code=${code}&lang=en`);
      await student.page.fill("#join-nickname", `Late${k}`);
      await student.page.click("#join-submit");
      await student.page.waitForSelector("[data-map-ready='1']");
      joins.push(await student.page.evaluate(() => performance.now()));
      // Where that time goes: the page's own marks (client/marks.ts, ms from navigation start) and
      // the matchmaking request (the seat reservation) from the resource timings.
      breakdowns.push(
        await student.page.evaluate(() => {
          const out: Record<string, number> = {};
          const nav = performance.getEntriesByType("navigation")[0] as
            | PerformanceNavigationTiming
            | undefined;
          if (nav) out["page-loaded"] = nav.loadEventEnd;
          for (const m of performance.getEntriesByType("mark"))
            if (m.name.startsWith("cq:")) out[m.name.slice(3)] ??= m.startTime;
          const seat = performance.getEntriesByType("resource").find((r) => r.name.includes("/matchmake/")) as
            | PerformanceResourceTiming
            | undefined;
          if (seat) {
            out["seat-request"] = seat.startTime;
            out["seat-reserved"] = seat.responseEnd;
          }
          return out;
        }),
      );
      await student.context.close();
    }
    metrics.studentJoinUrlToPlayableMs = Math.round(median(joins));
    metrics.studentJoinUrlToPlayableSamplesMs = joins.map(Math.round);
    const names = [...new Set(breakdowns.flatMap((b) => Object.keys(b)))];
    metrics.studentJoinBreakdownMs = Object.fromEntries(
      names
        .map((n) => [n, Math.round(median(breakdowns.filter((b) => n in b).map((b) => b[n])))] as const)
        .sort((x, y) => x[1] - y[1]),
    );
    expect(breakdowns.every((b) => b.playable > 0)).toBe(true);

    // The animations are on (walkers, migrants, construction): the figure is the frame rate a student
    // with the default settings gets, in the starting view of a 64×64 city.
    expect(await page.evaluate(() => (window as unknown as CqWindow).__cq.mapReducedMotion())).toBe(false);
    const idle = await sampleFps(page, 10);
    await page.selectOption("#overlay", "rent");
    const overlay = await sampleFps(page, 6);
    await shot(page, "15-64x64-rent-overlay");
    await page.selectOption("#overlay", "none");
    await page.click("#tab-host");
    await page.click("#host-end-planning");
    await waitPhase(page, "report", 1);
    await page.waitForSelector("#year-report");
    const flows = await sampleFps(page, 6);
    // The room holds the report until the host continues, so its close button is still there.
    await page.click("#report-close");
    await shot(page, "16-64x64-migration-flows");
    metrics.fps64 = {
      animationsOn: true,
      loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
      idleMedian: median(idle),
      rentOverlayMedian: median(overlay),
      migrationFlowsMedian: median(flows),
      idle,
    };
    expect(median(idle)).toBeGreaterThan(0);
    expect(host.errors).toEqual([]);
  }, 600_000);
});
