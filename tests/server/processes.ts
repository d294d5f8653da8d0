// Real processes for the scale-out tests: a redis-server of our own (Debian's, installed by .ci/run;
// missing, the test fails) on a free port in a temporary directory, append-only as the README says,
// and game processes (`server/main.ts` under tsx) sharing it through REDIS_URL. Every start waits for
// the line the process prints when it is ready, never for a timer.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { freePort } from "../../scripts/free-port.js";

const children: ChildProcess[] = [];

/** Spawns a child that is killed by {@link killAll}; resolves when `ready` matches its output. */
export function spawnUntil<T>(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (out: string) => T | undefined,
): Promise<{ child: ChildProcess; found: T; output: () => string }> {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  return new Promise((resolve, reject) => {
    const collect = (d: Buffer) => {
      out += d;
      const found = ready(out);
      if (found !== undefined) resolve({ child, found, output: () => out });
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.once("error", (e) =>
      reject(new Error(`${command} could not start (is it installed?): ${e.message}`)),
    );
    child.once("exit", () => reject(new Error(`${command} exited early:\n${out}`)));
  });
}

export interface RedisServer {
  url: string;
  db: Redis;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "cq-redis-"));
  const port = await freePort();
  await spawnUntil(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    process.env,
    (out) => (out.includes("Ready to accept connections") ? true : undefined),
  );
  const url = `redis://127.0.0.1:${port}`;
  return { url, db: new Redis(url) };
}

export interface Game {
  child: ChildProcess;
  url: string;
  http: string;
  port: number;
  processId: string;
  output: () => string;
}

/** A game process on REDIS_URL; PORT 0 (a free one) unless `env` names it. */
export async function startGame(redisUrl: string, env: Record<string, string> = {}): Promise<Game> {
  const { child, found, output } = await spawnUntil(
    process.execPath,
    ["--import", "tsx", "server/main.ts"],
    {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      REDIS_URL: redisUrl,
      CQ_PROCESS_TTL_MS: "5000",
      CQ_STATIC_DIR: join(tmpdir(), "cq-no-client"),
      CQ_ROOMS_PER_ADDRESS: "1000",
      CQ_MATCHMAKE_BURST: "100000",
      CQ_JOIN_FAILURE_BURST: "1000",
      ...env,
    },
    (out) => {
      const m = /Creative Quarter on http:\/\/localhost:(\d+) .*process (\S+),/.exec(out);
      return m ? { port: Number(m[1]), pid: m[2] } : undefined;
    },
  );
  return {
    child,
    url: `ws://127.0.0.1:${found.port}`,
    http: `http://127.0.0.1:${found.port}`,
    port: found.port,
    processId: found.pid,
    output,
  };
}

/** Kills every process started here that is still running. */
export function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}

/** Spawns a child that {@link killAll} stops, without waiting for any output. */
export function spawnTracked(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return child;
}
