// Starts and stops a real game server process (server/main.ts) for the browser tests: the global
// setup runs one for every test file; a test that restarts a server runs its own.
//
// A server started without a port listens on port 0 and the harness reads the port it took from the
// line it prints once listening, so no other process can take the port between choosing and binding.
import { type ChildProcess, spawn } from "node:child_process";
import { ONE_ADDRESS_ENV } from "../../scripts/one-address.js";

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

const LISTENING = /Creative Quarter on http:\/\/localhost:(\d+)/;

/** Resolves with the port from the server's "listening" line; fails if the process exits first. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      process.stdout.write(d);
      out += d;
      const m = LISTENING.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) return;
    } catch {
      /* not answering yet */
    }
    if (Date.now() > deadline) throw new Error("server did not become healthy");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts server/main.ts with its snapshots in `dbPath`, serving the built client: on `port` if given
 * (a restart on the same address), otherwise on a port the system picks. */
export async function startServer(port: number | null, dbPath: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port ?? 0),
      HOST: "127.0.0.1",
      CQ_DB_PATH: dbPath,
      CQ_STATIC_DIR: "dist/client",
      // Every browser here comes from 127.0.0.1.
      ...ONE_ADDRESS_ENV,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const bound = await listeningPort(child);
  const url = `http://127.0.0.1:${bound}`;
  await waitForHealth(url, child);
  return {
    url,
    port: bound,
    child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
