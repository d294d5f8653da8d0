// The multi-machine layout of docker-compose.yml, run without Docker: the same deploy/nginx.conf in a
// real nginx (Debian's, installed by .ci/run) in front of two game processes sharing one redis-server,
// each with the public address the compose file gives it (<proxy>/<port>). The compose file's service
// names and ports are swapped for loopback ones, nothing else: if the file and the nginx config stop
// agreeing (a port in one and not the other), the first test fails. Then a host and a student play a
// year through the proxy's one address, and the rooms made through it spread over both processes,
// each reached through its own /<port>/ prefix.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { globalAgent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "colyseus.js";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/free-port.js";
import { Player, WAIT_MS } from "./helpers.js";
import { type Game, killAll, spawnTracked, startGame, startRedis } from "./processes.js";

const agent = globalAgent as unknown as { keepAlive: boolean; options: { timeout: number } };
agent.keepAlive = false;
agent.options.timeout = WAIT_MS;

const COMPOSE = readFileSync("docker-compose.yml", "utf8");
const NGINX = readFileSync("deploy/nginx.conf", "utf8");

/** The game services of the compose file: name, port, and the path of its public address. */
function composeGames(): { service: string; port: number; publicPath: string }[] {
  const games: { service: string; port: number; publicPath: string }[] = [];
  // Each service: its name at two spaces' indent, then its lines indented further.
  for (const [, service, body] of COMPOSE.matchAll(/^ {2}([\w-]+):\n((?:(?: {4}.*)?\n)*)/gm)) {
    const port = /PORT: "(\d+)"/.exec(body)?.[1];
    const address = /PUBLIC_ADDRESS: \$\{CQ_PUBLIC_HOST:-[^}]+\}(\/\d+)/.exec(body)?.[1];
    if (port && address) games.push({ service, port: Number(port), publicPath: address });
  }
  return games;
}

let db: Redis;
let games: Game[] = [];
let nginxProc: ChildProcess | undefined;
let proxy = "";

beforeAll(async () => {
  const redis = await startRedis();
  db = redis.db;
  const declared = composeGames();
  const ports = await Promise.all(declared.map(() => freePort()));
  const proxyPort = await freePort();
  proxy = `127.0.0.1:${proxyPort}`;

  // deploy/nginx.conf with the compose names and ports swapped for loopback ones.
  let site = NGINX.replace(/listen 80;/, `listen 127.0.0.1:${proxyPort};`);
  for (const [i, g] of declared.entries()) {
    site = site
      .replaceAll(`${g.service}:${g.port}`, `127.0.0.1:${ports[i]}`)
      .replaceAll(`location /${g.port}/`, `location /${ports[i]}/`);
  }
  const dir = mkdtempSync(join(tmpdir(), "cq-nginx-"));
  writeFileSync(join(dir, "site.conf"), site);
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      "worker_processes 1;",
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      "events { worker_connections 256; }",
      "http {",
      "  access_log off;",
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      `  include ${dir}/site.conf;`,
      "}",
    ].join("\n"),
  );

  games = await Promise.all(
    declared.map((_, i) =>
      startGame(redis.url, {
        PORT: String(ports[i]),
        PUBLIC_ADDRESS: `${proxy}/${ports[i]}`,
        CQ_TRUST_PROXY: "1",
      }),
    ),
  );
  const nginx = spawnTracked("nginx", [
    "-p",
    dir,
    "-c",
    join(dir, "nginx.conf"),
    "-e",
    join(dir, "error.log"),
    "-g",
    "daemon off;",
  ]);
  nginxProc = nginx;
  const failed = new Promise<never>((_, reject) => {
    nginx.once("error", (e) => reject(new Error(`nginx could not start (is it installed?): ${e.message}`)));
    nginx.once("exit", () =>
      reject(new Error(`nginx exited:\n${readFileSync(join(dir, "error.log"), "utf8")}`)),
    );
  });
  failed.catch(() => undefined);
  // Ready when the proxy answers for a game process (polled: nginx prints nothing when it is up).
  let exited = "";
  nginx.once("error", (e) => {
    exited = `nginx could not start (is it installed?): ${e.message}`;
  });
  nginx.once("exit", () => {
    exited = `nginx exited:\n${readFileSync(join(dir, "error.log"), "utf8")}`;
  });
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (exited) throw new Error(exited);
    const status = (await fetch(`http://${proxy}/api/health`).catch(() => undefined))?.status;
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`the proxy never answered (last status ${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, WAIT_MS * 2);

afterAll(async () => {
  await db?.quit();
  // nginx's master stops its workers on SIGQUIT; killed with -9 it would leave them running.
  if (nginxProc && nginxProc.exitCode === null && nginxProc.signalCode === null) {
    const gone = new Promise((r) => nginxProc?.once("exit", r));
    nginxProc.kill("SIGQUIT");
    await gone;
  }
  killAll();
});

describe("the docker-compose layout, run natively behind deploy/nginx.conf", () => {
  it("declares the same game processes in docker-compose.yml and deploy/nginx.conf", () => {
    const declared = composeGames();
    expect(declared.length).toBeGreaterThanOrEqual(2);
    for (const g of declared) {
      expect(g.publicPath).toBe(`/${g.port}`);
      expect(NGINX).toContain(`server ${g.service}:${g.port};`);
      expect(NGINX).toMatch(
        new RegExp(`location /${g.port}/ \\{\\s*proxy_pass http://${g.service}:${g.port}/;`),
      );
    }
    expect(COMPOSE).toMatch(/redis-server", "--appendonly", "yes"/);
    expect(COMPOSE).toContain("./deploy/nginx.conf:/etc/nginx/conf.d/default.conf");
  });

  it("plays a year through the proxy's one address, with rooms on both processes", async () => {
    const front = `ws://${proxy}`;
    const GAME = {
      planningSeconds: 600,
      reportSeconds: 120,
      rounds: 4,
      bots: true,
      size: 24,
      seed: 3,
      startCountdown: 0,
    };

    // Four rooms made through the one address: they spread over the processes, and each room's socket
    // goes through the proxy to its process's own /<port>/ prefix.
    const hosts: Player[] = [];
    for (let i = 0; i < 4; i++) {
      const h = new Player(await new Client(front).create("city", { nickname: `T${i}`, settings: GAME }));
      await h.waitMessage("you");
      hosts.push(h);
    }
    const socketUrl = (p: Player) =>
      (p.room.connection.transport as unknown as { ws: { url: string } }).ws.url;
    const owners = new Set<string>();
    for (const h of hosts) {
      const url = socketUrl(h);
      const owner = games.find((g) => url.startsWith(`${front}/${g.port}/${g.processId}/`));
      expect(owner, url).toBeDefined();
      owners.add(owner?.processId ?? "");
      const listed = JSON.parse((await db.hget("roomcaches", h.room.roomId)) ?? "{}") as {
        processId?: string;
      };
      expect(listed.processId).toBe(owner?.processId);
    }
    expect(owners.size).toBe(games.length);

    // A student joins the first room by its code, through the same address, and they play a year.
    const host = hosts[0];
    const { code } = await host.waitMessage<{ code: string }>("hostToken");
    const ann = new Player(await new Client(front).joinById(code, { nickname: "Ann" }));
    await ann.waitMessage("you");
    expect(new URL(socketUrl(ann)).pathname).toBe(new URL(socketUrl(host)).pathname);
    await host.roundTrip({ type: "host.start" });
    await ann.waitState((v) => v.phase === "planning" && v.year === 0);
    await ann.roundTrip({ type: "action", action: { type: "setPolicy", policy: "festival", enabled: true } });
    await host.roundTrip({ type: "host.endPlanning" });
    const seen = await ann.waitState((v) => v.year === 1 && v.phase === "report");
    expect(seen.districts[ann.me().district].policies.split(",")).toContain("festival");
    expect((await host.waitMessage<{ year: number }>("yearReport")).year).toBe(1);

    // The pages and the JSON API answer through the proxy too.
    const metrics = await (await fetch(`http://${proxy}/api/metrics`)).text();
    expect(metrics).toMatch(/cq_rooms\{/);
    for (const p of [...hosts, ann]) await p.room.leave();
  });
});
