// Layer boundaries: shared/ is the game and stays pure. It imports nothing from client/, server/,
// phaser, @colyseus/* or node: modules, and never reads the clock or Math.random.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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
