// A year pool's worker thread: runs the named task of each job it is sent (server/year-tasks.ts) and
// posts back the result, or the error's message. One job at a time; the pool queues the rest.
import { parentPort } from "node:worker_threads";
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
if (port) {
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
