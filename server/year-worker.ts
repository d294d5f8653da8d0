// A year pool's worker thread (or, started with role "snapshots", the snapshot writer thread): runs the named task of each job it is sent (server/year-tasks.ts) and
// posts back the result, or the error's message. One job at a time; the pool queues the rest.
import { parentPort, workerData } from "node:worker_threads";
import { serveSnapshotWrites } from "./snapshot-writer.js";
import { outputTransfer, runYearTask, type YearTaskName } from "./year-tasks.js";

export interface YearJobMessage {
  id: number;
  task: YearTaskName;
  input: unknown;
}

export type YearJobReply =
  | { id: number; ok: true; output: unknown }
  | { id: number; ok: false; error: string };

const port = parentPort;
const role = (workerData as { role?: string; path?: string } | null)?.role;
// The same entry serves as the snapshot writer thread (server/snapshot-writer.ts).
if (port && role === "snapshots") serveSnapshotWrites(port, (workerData as { path: string }).path);
else if (port) {
  port.on("message", (job: YearJobMessage) => {
    let reply: YearJobReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const output = runYearTask(job.task, job.input as never);
      transfer = outputTransfer(job.task, output);
      reply = { id: job.id, ok: true, output };
    } catch (e) {
      reply = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply, transfer);
  });
}
