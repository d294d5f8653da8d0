// The start page's module graph: what client/main.ts reaches by static value imports is what the
// start page downloads (vite preloads it). The year's rules, the cluster detection and the debrief
// load on first use (the map, the replay viewer, the debrief dialog), so they must stay out of it:
// they were 12.5 KB gzip of the 150 KB budget the metrics browser test measures.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

/** Relative module specifiers of a file: static value imports and re-exports, and dynamic imports.
 * `import type …` and imports whose every name is `type …` are erased by the build: not counted. */
function importsOf(code: string): { static: string[]; dynamic: string[] } {
  const src = withoutComments(code);
  const stat: string[] = [];
  const dyn: string[] = [];
  const decl = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*["']([^"']+)["']/g;
  for (const m of src.matchAll(decl)) {
    if (m[2]) continue;
    const names = /\{([^}]*)\}/.exec(m[3]);
    const onlyTypes =
      names !== null &&
      !/^\s*[\w$]+\s*,/.test(m[3]) &&
      names[1]
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .every((s) => s.startsWith("type "));
    if (!onlyTypes) stat.push(m[4]);
  }
  for (const m of src.matchAll(/(?:^|[;\n])\s*import\s+["']([^"']+)["']/g)) stat.push(m[1]);
  for (const m of src.matchAll(/import\s*\(\s*["']([^"']+)["']\s*\)/g)) dyn.push(m[1]);
  const local = (xs: string[]) => xs.filter((x) => x.startsWith("."));
  return { static: local(stat), dynamic: local(dyn) };
}

function resolveTs(from: string, spec: string): string {
  const base = join(dirname(from), spec).replace(/\.js$/, "");
  for (const f of [`${base}.ts`, join(base, "index.ts")]) if (existsSync(join(root, f))) return f;
  throw new Error(`${from}: cannot resolve ${spec}`);
}

/** Every module reached from `entry` (paths relative to the repository). */
function reached(entry: string, followDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (!f.endsWith(".ts")) continue;
    const { static: s, dynamic: d } = importsOf(readFileSync(join(root, f), "utf8"));
    for (const spec of followDynamic ? [...s, ...d] : s) {
      if (/\.(css|html|png|svg)$/.test(spec)) continue;
      todo.push(relative(root, join(root, resolveTs(f, spec))));
    }
  }
  return seen;
}

const LATER = [
  "shared/resolve.ts",
  "shared/yearwork.ts",
  "shared/clusters.ts",
  "shared/economy.ts",
  "shared/levers.ts",
  "shared/debrief.ts",
  "client/ui/debrief.ts",
  "client/ui/replay.ts",
];

describe("the start page's modules", () => {
  it("the reader sees through type-only imports but not past value imports", () => {
    const got = importsOf(
      [
        'import type { A } from "./a.js";',
        'import { type B, type C } from "./b.js";',
        'import { type D, e } from "./d.js";',
        'import f, { type G } from "./f.js";',
        'export { h } from "./h.js";',
        'export * from "./i.js";',
        'import "./j.js";',
        'const k = () => import("./k.js");',
      ].join("\n"),
    );
    expect(got.static.sort()).toEqual(["./d.js", "./f.js", "./h.js", "./i.js", "./j.js"]);
    expect(got.dynamic).toEqual(["./k.js"]);
  });

  it("reach the game's actions and the end screen, but not the year's rules, the clusters or the debrief", () => {
    const start = reached("client/main.ts", false);
    // The walk itself works: the start page does hold the actions (previews) and the end screen.
    for (const f of ["client/app.ts", "shared/actions.ts", "shared/scenarios.ts", "client/ui/end.ts"])
      expect(start.has(f), f).toBe(true);
    for (const f of LATER) expect(start.has(f), `${f} is loaded with the start page`).toBe(false);
  });

  it("the debrief, the replay viewer and the year's rules are still reached on first use", () => {
    const all = reached("client/main.ts", true);
    for (const f of LATER) expect(all.has(f), f).toBe(true);
  });
});
