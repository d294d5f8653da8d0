// `npm start`: builds the client if needed, then runs the server.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

if (!existsSync("dist/client/index.html")) {
  const b = spawnSync("npx", ["vite", "build"], { stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const r = spawnSync("npx", ["tsx", "server/main.ts"], { stdio: "inherit" });
process.exit(r.status ?? 0);
