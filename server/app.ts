// The HTTP side and the game server: static files of the built client (SPA fallback), a small JSON
// API (health, scenarios), and Colyseus on the same port through the ws transport.
import { createHash, timingSafeEqual } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import http from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { matchMaker, Server } from "@colyseus/core";
import { SCENARIOS } from "../shared/scenario.js";
import { CityRoom } from "./city-room.js";
import { CityTransport } from "./transport.js";
import { metricsText, installMetrics } from "./metrics.js";
import { addressOf, joinFailures, matchmakeRequests, serverClock } from "./limits.js";
import { createHere, scaleOutDriver, scaleOutPresence } from "./redis.js";
import { snapshotQueueStats } from "./storage.js";
import { yearEndStats } from "./year-end.js";

export const ROOM_NAME = "city";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  ".webmanifest": "application/manifest+json",
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** Figures for /api/health (the load test reads them too). Event-loop delay is since the last call. */
export function health() {
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  const loop = {
    p50: loopDelay.percentile(50) / 1e6,
    p99: loopDelay.percentile(99) / 1e6,
    max: loopDelay.max / 1e6,
  };
  loopDelay.reset();
  return {
    status: "ok",
    rooms: matchMaker.stats.local.roomCount,
    ccu: matchMaker.stats.local.ccu,
    uptimeS: Math.round(process.uptime()),
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    eventLoopDelayMs: loop,
    /** Year ends: worker threads (0: the main thread) and the pool's jobs. */
    yearPool: yearEndStats(),
    /** The snapshot queue: waiting, written and failed writes. */
    snapshots: snapshotQueueStats(),
  };
}

export interface OperatorOptions {
  /** The monitor's password (CQ_ADMIN_PASSWORD); without one /colyseus answers 404. */
  adminPassword?: string;
  /** Added to the metrics' labels. */
  publicAddress?: string;
}

export function requestHandler(staticDir: string, operator: OperatorOptions = {}) {
  const root = resolve(staticDir);
  const monitor = operator.adminPassword ? monitorHandler(operator.adminPassword) : null;
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    } catch {
      // A malformed URL ("/%ff"): answered, not left hanging.
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      res.end("bad request");
      return;
    }
    if (path === "/api/health") {
      sendJson(res, 200, health());
      return;
    }
    if (path === "/api/metrics") {
      res.writeHead(200, {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
        "cache-control": "no-store",
      });
      res.end(metricsText(operator.publicAddress));
      return;
    }
    if (path === "/colyseus" || path.startsWith("/colyseus/")) {
      if (monitor) monitor(req, res);
      else {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end("not found");
      }
      return;
    }
    if (path === "/api/scenarios") {
      sendJson(
        res,
        200,
        SCENARIOS.map((s) => ({ id: s.id, size: s.size, districts: s.districts, years: s.years })),
      );
      return;
    }
    if (path.startsWith("/api/")) {
      sendJson(res, 404, { error: "not_found" });
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" });
      res.end();
      return;
    }
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(400);
      res.end();
      return;
    }
    let target = file;
    if (!existsSync(target) || !statSync(target).isFile()) {
      // Files with an extension that do not exist are 404s; routes fall back to the single page.
      if (extname(path) !== "") {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end("not found");
        return;
      }
      target = join(root, "index.html");
      if (!existsSync(target)) {
        res.writeHead(503, { "content-type": "text/plain; charset=utf-8" });
        res.end("The client is not built: run `npm run build` (or `npm start`).");
        return;
      }
    }
    const immutable = path.startsWith("/assets/");
    res.writeHead(200, {
      "content-type": contentType(target),
      "content-length": statSync(target).size,
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(target).pipe(res);
  };
}

/**
 * Colyseus' monitor (rooms, clients, and the power to dispose them) at /colyseus, behind HTTP basic
 * auth with any user name and the password given. Loaded only when a password is set.
 */
function monitorHandler(password: string) {
  const expected = createHash("sha256").update(password).digest();
  let app: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  // express comes with the monitor (and @colyseus/tools); it has no types of its own here.
  const expressModule: string = "express";
  const loading = Promise.all([
    import(expressModule) as Promise<{ default: () => { use(path: string, h: unknown): void } }>,
    import("@colyseus/monitor"),
  ]).then(([express, mon]) => {
    const a = express.default();
    a.use("/colyseus", mon.monitor());
    app = a as unknown as (req: http.IncomingMessage, res: http.ServerResponse) => void;
  });
  loading.catch((e) => console.error("monitor could not be loaded:", e));
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? "");
    const given = m ? Buffer.from(m[1], "base64").toString("utf8") : "";
    const colon = given.indexOf(":");
    const pass = colon >= 0 ? given.slice(colon + 1) : "";
    if (!m || !timingSafeEqual(createHash("sha256").update(pass).digest(), expected)) {
      res.writeHead(401, {
        "www-authenticate": 'Basic realm="Creative Quarter monitor", charset="UTF-8"',
        "content-type": "text/plain; charset=utf-8",
      });
      res.end("password required");
      return;
    }
    void loading.then(() => app?.(req, res));
  };
}

export interface GameServerOptions {
  staticDir?: string;
  /** Colyseus' own uncaughtException/signal handling (off: main.ts installs its own). */
  gracefullyShutdown?: boolean;
  /** Scale-out mode: the Redis shared by the processes (REDIS_URL), and where clients reach this one. */
  redisUrl?: string;
  publicAddress?: string;
  /** CQ_ADMIN_PASSWORD: the monitor at /colyseus (off without it). */
  adminPassword?: string;
}

export function createGameServer(options: GameServerOptions = {}) {
  const httpServer = http.createServer(
    requestHandler(options.staticDir ?? "dist/client", {
      adminPassword: options.adminPassword,
      publicAddress: options.publicAddress,
    }),
  );
  const scaleOut = options.redisUrl
    ? {
        presence: scaleOutPresence(options.redisUrl),
        driver: scaleOutDriver(options.redisUrl),
        publicAddress: options.publicAddress,
        selectProcessIdToCreateRoom: createHere,
      }
    : {};
  const gameServer = new Server({
    // Counted sends, one socket write per client per turn and the heartbeat spread over its interval
    // (server/transport.ts); CQ_WRITE_BATCH=0 and CQ_SPREAD_PINGS=0 turn the last two off (A/B).
    transport: new CityTransport({
      server: httpServer,
      writeBatch: process.env.CQ_WRITE_BATCH !== "0",
      spreadPings: process.env.CQ_SPREAD_PINGS !== "0",
    }),
    gracefullyShutdown: options.gracefullyShutdown ?? false,
    greet: false,
    ...scaleOut,
  });
  installMetrics(gameServer.define(ROOM_NAME, CityRoom));
  guardMatchmaking(httpServer);
  limitRequestBodies(httpServer, MAX_BODY_BYTES);
  boundTimeouts(httpServer);
  return { httpServer, gameServer };
}

/** Every request is answered or closed in bounded time; headers and idle keep-alive are bounded too. */
export const HTTP_TIMEOUTS = {
  /** Whole request (headers and body) must arrive within this. */
  requestMs: 15_000,
  headersMs: 10_000,
  keepAliveMs: 5_000,
  /** A socket with no traffic at all is closed after this. */
  idleSocketMs: 30_000,
  maxHeadersCount: 64,
  maxRequestsPerSocket: 200,
};

function boundTimeouts(server: http.Server): void {
  server.requestTimeout = HTTP_TIMEOUTS.requestMs;
  server.headersTimeout = HTTP_TIMEOUTS.headersMs;
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveMs;
  server.maxHeadersCount = HTTP_TIMEOUTS.maxHeadersCount;
  server.maxRequestsPerSocket = HTTP_TIMEOUTS.maxRequestsPerSocket;
  // An idle socket (not a WebSocket: those are taken over by the upgrade) is closed.
  server.setTimeout(HTTP_TIMEOUTS.idleSocketMs, (socket) => socket.destroy());
}

/** The matchmaking methods clients use; Colyseus' others (join, joinOrCreate) would bypass room codes. */
const MATCHMAKE_PATH = /^\/matchmake\/(create|joinById|reconnect)\/[a-zA-Z0-9_-]+$/;

/**
 * In front of Colyseus' matchmaking route (it answers only POST and OPTIONS, and throws on some
 * paths): other methods get 405, unknown paths 404, and an address that keeps failing to join (guessing
 * room codes) is refused with too_many_attempts until its failures have decayed.
 */
export function guardMatchmaking(server: http.Server): void {
  const listeners = server.listeners("request").slice() as ((...a: unknown[]) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? "/";
    if (url.includes("/matchmake")) {
      const path = url.split("?")[0];
      if (req.method !== "POST" && req.method !== "OPTIONS") {
        res.writeHead(405, {
          allow: "POST, OPTIONS",
          "content-type": "application/json",
          connection: "close",
        });
        res.end(JSON.stringify({ error: "method_not_allowed" }));
        return;
      }
      if (!MATCHMAKE_PATH.test(path)) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "not_found" }));
        return;
      }
      if (req.method === "POST") {
        const address = addressOf(req);
        const now = serverClock.now();
        const reconnect = path.startsWith("/matchmake/reconnect/");
        if (!matchmakeRequests.tryTake(address, now) || (!reconnect && joinFailures.blocked(address, now))) {
          // Colyseus' own shape: the client rejects with this code as the error message.
          res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
          res.end(JSON.stringify({ code: 4212, error: "too_many_attempts" }));
          req.resume();
          return;
        }
        if (!reconnect) countFailures(res, address);
      }
    }
    for (const l of listeners) l.call(server, req, res);
  });
}

/** Watches Colyseus' answer to a matchmaking request: a refusal counts against the address. */
function countFailures(res: http.ServerResponse, address: string): void {
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  let body = "";
  (res as unknown as { write: (...a: unknown[]) => boolean }).write = (...args: unknown[]) => {
    if (typeof args[0] === "string" || Buffer.isBuffer(args[0])) body += String(args[0]);
    return write(...args);
  };
  res.once("finish", () => {
    try {
      const answer = JSON.parse(body) as { error?: unknown };
      if (answer && typeof answer === "object" && "error" in answer)
        joinFailures.fail(address, serverClock.now());
    } catch {
      // not JSON: not a refusal we count
    }
  });
}

/** Largest request body the server reads (a matchmaking request with a custom scenario is ~10 KB). */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * Colyseus reads matchmaking bodies whole, with no limit. This goes in front of every request
 * listener: a body announced or streamed beyond `max` bytes is answered 413 and dropped, unread.
 */
export function limitRequestBodies(server: http.Server, max: number): void {
  const listeners = server.listeners("request").slice() as ((...a: unknown[]) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refuse = () => {
      if (!res.headersSent) {
        res.writeHead(413, { "content-type": "application/json", connection: "close" });
        res.end(JSON.stringify({ error: "too_large" }));
      }
      req.destroy();
    };
    if (Number(req.headers["content-length"] ?? 0) > max) {
      refuse();
      return;
    }
    let seen = 0;
    req.on("data", (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > max) refuse();
    });
    for (const l of listeners) l.call(server, req, res);
  });
}
