// Starts and stops a real game server process (server/main.ts) for the browser tests: the global
// setup runs one for every test file; a test that restarts a server runs its own.
import { type ChildProcess, spawn } from "node:child_process";
import { freePort } from "../../scripts/free-port.js";
import { ONE_ADDRESS_ENV } from "../../scripts/one-address.js";

export { freePort };

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not become healthy");
}

/** Starts server/main.ts on `port` with its snapshots in `dbPath`, serving the built client. */
export async function startServer(port: number, dbPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      CQ_DB_PATH: dbPath,
      CQ_STATIC_DIR: "dist/client",
      // Every browser here comes from 127.0.0.1.
      ...ONE_ADDRESS_ENV,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  return {
    url,
    port,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
