// Layer boundaries, for every folder: shared/ is the game and stays pure (it imports nothing from
// client/, server/, phaser, @colyseus/* or node: modules, never reads the clock or Math.random, and
// type-checks under its own tsconfig with no DOM and no Node types); client/ never imports server/;
// server/ never imports client/. Known exceptions live in ALLOWED, which may only shrink: an entry
// that no longer matches a real import fails the test, so a fixed exception must be removed.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|js|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
function importsOf(code: string): string[] {
  const out: string[] = [];
  const re =
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|import\s+["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

const FORBIDDEN_IMPORT = [
  /^node:/,
  /^phaser/,
  /^@colyseus\//,
  /^colyseus/,
  /(^|\/)client\//,
  /(^|\/)server\//,
  /^\.\.\//,
];
const FORBIDDEN_NODE = ["fs", "path", "os", "crypto", "child_process", "http", "net", "worker_threads"];
const FORBIDDEN_CALLS = [/Math\.random\s*\(/, /Date\.now\s*\(/, /new\s+Date\b/, /performance\.now\s*\(/];

describe("shared/ layer boundaries", () => {
  const files = sources("shared");

  it("finds the shared sources", () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it.each(files)("%s imports only shared modules and zod", (file) => {
    const specs = importsOf(readFileSync(join(root, file), "utf8"));
    for (const spec of specs) {
      const bad = FORBIDDEN_IMPORT.some((re) => re.test(spec)) || FORBIDDEN_NODE.includes(spec);
      expect(bad, `${file} imports ${spec}`).toBe(false);
    }
  });

  it.each(files)("%s never reads the clock or Math.random", (file) => {
    const code = withoutComments(readFileSync(join(root, file), "utf8"));
    for (const re of FORBIDDEN_CALLS) expect(re.test(code), `${file} matches ${re}`).toBe(false);
  });

  it("the checks catch what they are meant to catch", () => {
    expect(importsOf('import x from "node:fs";\nexport * from "../server/room.js";')).toEqual([
      "node:fs",
      "../server/room.js",
    ]);
    expect(importsOf('const P = await import("phaser");')).toEqual(["phaser"]);
    expect(FORBIDDEN_CALLS.some((re) => re.test(withoutComments("const t = Date.now();")))).toBe(true);
    expect(FORBIDDEN_CALLS.some((re) => re.test(withoutComments("// Date.now() is not used")))).toBe(false);
  });
});

/** The top folder an import lands in, for relative imports ("shared", "client", "server", ...). */
function layerOf(file: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  return normalize(join(dirname(file), spec)).split(/[\\/]/)[0];
}

/** Layer rules: a folder and the top folders it must never import. */
const LAYERS: { dir: string; never: string[] }[] = [
  { dir: "shared", never: ["client", "server", "scripts", "tests"] },
  { dir: "client", never: ["server", "scripts", "tests"] },
  { dir: "server", never: ["client", "scripts", "tests"] },
];

/** Known crossings, as "file -> specifier". This list may only shrink (none today). */
const ALLOWED: readonly string[] = [];

function crossings(): string[] {
  const out: string[] = [];
  for (const { dir, never } of LAYERS) {
    for (const file of sources(dir)) {
      for (const spec of importsOf(withoutComments(readFileSync(join(root, file), "utf8")))) {
        const layer = layerOf(file, spec);
        if (layer && never.includes(layer)) out.push(`${file} -> ${spec}`);
      }
    }
  }
  return out;
}

describe("every folder's layer boundary", () => {
  const found = crossings();

  it("no folder imports a layer it must not (beyond the allowlist)", () => {
    expect(found.filter((c) => !ALLOWED.includes(c))).toEqual([]);
  });

  it("the allowlist only shrinks: every allowed crossing still exists", () => {
    expect(ALLOWED.filter((c) => !found.includes(c))).toEqual([]);
  });

  it("the layer check sees a crossing", () => {
    expect(layerOf("client/ui/game.ts", "../../server/city-room.js")).toBe("server");
    expect(layerOf("server/app.ts", "../client/app.js")).toBe("client");
    expect(layerOf("client/ui/game.ts", "../../shared/state.js")).toBe("shared");
    expect(layerOf("client/ui/game.ts", "phaser")).toBeNull();
  });

  it("shared/ pulls in no ambient types by reference", () => {
    for (const file of sources("shared")) {
      expect(/\/\/\/\s*<reference/.test(readFileSync(join(root, file), "utf8")), file).toBe(false);
    }
  });

  it("shared/ type-checks under its own tsconfig: ES2022 only, no DOM, no Node types", () => {
    const config = JSON.parse(readFileSync(join(root, "shared/tsconfig.json"), "utf8"));
    expect(config.compilerOptions.lib).toEqual(["ES2022"]);
    expect(config.compilerOptions.types).toEqual([]);
    // Throws (with tsc's messages) if any shared file needs a DOM or Node type.
    execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", join(root, "shared/tsconfig.json")], {
      cwd: root,
      stdio: "pipe",
    });
  });
});
