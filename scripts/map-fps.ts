// The map's frame rate and load time on its own, without a game server: builds the harness page
// (tests/harness/map) with vite, serves it on loopback and opens it in headless Chromium (the
// browser tests' flags). Frames are counted in the page (requestAnimationFrame), never slept on.
//
//   npx tsx scripts/map-fps.ts [--sizes 64,128] [--samples 8] [--frames 60] [--reduce] [--profile]
//     [--query renderer=webgl|canvas] [--width 1280 --height 800] [--shot /tmp/map]
//
// --profile records a JavaScript CPU profile of the page while it samples and prints the functions
// with the most self time (where the main thread's frames go).
import { createReadStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { build } from "vite";
import { launch } from "../tests/e2e/browser.js";

const arg = (name: string, dflt: string) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 ? process.argv[k + 1] : dflt;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const sizes = arg("sizes", "64,128").split(",").map(Number);
const samples = Number(arg("samples", "8"));
const frames = Number(arg("frames", "60"));
const reduce = flag("reduce");
const profile = flag("profile");
const extra = arg("query", "");
const viewport = { width: Number(arg("width", "1280")), height: Number(arg("height", "800")) };

const out = mkdtempSync(join(tmpdir(), "cq-map-harness-"));
await build({
  root: "tests/harness/map",
  logLevel: "warn",
  publicDir: false,
  build: { outDir: out, emptyOutDir: true, chunkSizeWarningLimit: 4000, target: "es2022" },
});
const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
const server = createServer((req, res) => {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const file = join(out, path === "/" ? "index.html" : path);
  if (!file.startsWith(out) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;

const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

const browser = await launch();
const results: Record<string, unknown> = {};
try {
  for (const size of sizes) {
    const context = await browser.newContext({
      viewport,
      reducedMotion: reduce ? "reduce" : "no-preference",
    });
    const page = await context.newPage();
    page.on("pageerror", (e) => console.error("page error:", e.message));
    const districts = size > 64 ? 40 : 12;
    await page.goto(
      `http://127.0.0.1:${port}/?size=${size}&districts=${districts}${reduce ? "&reduce=1" : ""}${extra ? `&${extra}` : ""}`,
    );
    await page.waitForSelector("body[data-ready='1']", { timeout: 300_000 });
    const shotPath = arg("shot", "");
    if (shotPath) await page.screenshot({ path: `${shotPath}-${size}.png` });
    const timing = await page.evaluate(() => (window as unknown as { __timing: unknown }).__timing);
    const cdp = profile ? await context.newCDPSession(page) : null;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    const fps: number[] = [];
    for (let k = 0; k < samples; k++) {
      // A string, not a function: tsx would wrap a function's inner arrows in its own helper.
      fps.push(
        await page.evaluate(`new Promise((done) => {
          let count = 0;
          let start = 0;
          const step = (t) => {
            if (count === 0) start = t;
            if (++count > ${frames}) done((${frames} * 1000) / (t - start));
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        })`),
      );
    }
    const phaserFps = await page.evaluate(() =>
      (window as unknown as { __map: { fps(): number } }).__map.fps(),
    );
    if (cdp) {
      const { profile: p } = (await cdp.send("Profiler.stop")) as {
        profile: {
          nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
          samples: number[];
          timeDeltas: number[];
        };
      };
      const self = new Map<number, number>();
      p.samples.forEach((id, k) => {
        self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[k] ?? 0));
      });
      const byName = new Map<string, number>();
      let total = 0;
      for (const n of p.nodes) {
        const t = self.get(n.id) ?? 0;
        total += t;
        const f = n.callFrame;
        const name = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
        byName.set(name, (byName.get(name) ?? 0) + t);
      }
      console.log(`\nCPU profile, ${size}×${size}: top self time of ${Math.round(total / 1000)} ms`);
      for (const [name, t] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`${((t / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
    results[`map${size}`] = {
      districts,
      reducedMotion: reduce,
      fpsMedian: Math.round(median(fps) * 10) / 10,
      fps: fps.map((f) => Math.round(f * 10) / 10),
      phaserFps: Math.round(phaserFps * 10) / 10,
      renderer: await page.evaluate(
        () => (window as unknown as { __map: { view(): { renderer: string } } }).__map.view().renderer,
      ),
      timing,
    };
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
console.log(JSON.stringify(results, null, 2));
