// The operator's view: /api/metrics in Prometheus text (rooms, CCU, actions, year resolution, patch
// bytes, event-loop delay, memory, labelled with the process), and Colyseus' monitor at /colyseus,
// behind CQ_ADMIN_PASSWORD and absent without it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { matchMaker } from "@colyseus/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGameServer, requestHandler } from "../../server/app.js";
import { createRoom, generousLimits, joinRoom, TEST_DIR } from "./helpers.js";

let base = "";
let url = "";
let stop: () => Promise<void>;

beforeAll(async () => {
  await generousLimits();
  const { gameServer, httpServer } = createGameServer({
    staticDir: join(TEST_DIR, "no-client"),
    adminPassword: "correct horse",
  });
  await gameServer.listen(0, "127.0.0.1");
  const port = (httpServer.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  url = `ws://127.0.0.1:${port}`;
  stop = () => gameServer.gracefullyShutdown(false);
});
afterAll(async () => {
  await stop();
});

/** The value of one series (first match), or NaN. */
function value(text: string, name: string, labels = ""): number {
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || !line.startsWith(`${name}{`)) continue;
    if (labels && !line.includes(labels)) continue;
    return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return Number.NaN;
}

const metrics = async () => (await fetch(`${base}/api/metrics`)).text();

describe("/api/metrics", () => {
  it("counts rooms, clients, actions, a resolved year and patch bytes, per process", async () => {
    const before = await metrics();
    expect(before).toContain("# TYPE cq_year_resolution_seconds histogram");
    expect(before).toContain(`process="${matchMaker.processId}"`);
    const host = await createRoom(url, {
      nickname: "Teacher",
      settings: {
        planningSeconds: 600,
        reportSeconds: 120,
        rounds: 3,
        bots: false,
        size: 24,
        startCountdown: 0,
      },
    });
    const ann = await joinRoom(url, host.room.roomId, { nickname: "Ann" });
    await host.roundTrip({ type: "host.start" });
    await ann.waitState((v) => v.phase === "planning");
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
    await host.roundTrip({ type: "host.endPlanning" });
    await ann.waitState((v) => v.year === 1);

    const text = await metrics();
    expect(value(text, "cq_rooms")).toBe(1);
    expect(value(text, "cq_ccu")).toBe(2);
    expect(value(text, "cq_actions_total") - value(before, "cq_actions_total")).toBe(1);
    expect(value(text, "cq_actions_per_second")).toBeGreaterThan(0);
    expect(value(text, "cq_year_resolution_seconds_count")).toBe(
      value(before, "cq_year_resolution_seconds_count") + 1,
    );
    expect(value(text, "cq_year_resolution_seconds_bucket", 'le="+Inf"')).toBe(
      value(text, "cq_year_resolution_seconds_count"),
    );
    expect(value(text, "cq_year_resolution_seconds_sum")).toBeGreaterThan(0);
    expect(value(text, "cq_patch_bytes_total")).toBeGreaterThan(value(before, "cq_patch_bytes_total"));
    expect(value(text, "cq_sent_bytes_total")).toBeGreaterThan(value(text, "cq_patch_bytes_total"));
    expect(value(text, "cq_event_loop_delay_seconds", 'quantile="0.99"')).toBeGreaterThan(0);
    expect(value(text, "cq_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    expect(value(text, "cq_heap_used_bytes")).toBeGreaterThan(0);
    await ann.room.leave();
    await host.room.leave();
    await expect.poll(async () => value(await metrics(), "cq_rooms"), { timeout: 30_000 }).toBe(0);
  });
});

describe("the monitor", () => {
  const auth = (pass: string) => ({
    authorization: `Basic ${Buffer.from(`admin:${pass}`).toString("base64")}`,
  });

  it("asks for the password, refuses a wrong one, and serves the monitor for the right one", async () => {
    const none = await fetch(`${base}/colyseus/`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Basic");
    expect((await fetch(`${base}/colyseus/`, { headers: auth("wrong") })).status).toBe(401);
    const page = await fetch(`${base}/colyseus/`, { headers: auth("correct horse") });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
    const api = await fetch(`${base}/colyseus/api`, { headers: auth("correct horse") });
    expect(api.status).toBe(200);
    expect(await api.json()).toHaveProperty("rooms");
  });

  it("does not exist without a password", async () => {
    const server = http.createServer(requestHandler(join(TEST_DIR, "no-client")));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    expect((await fetch(`http://127.0.0.1:${port}/colyseus/`, { headers: auth("") })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/api/metrics`)).status).toBe(200);
    server.close();
  });
});
