// docs/adding.md stays true: every file it names exists, and the rules its checklists state hold (each
// server message has a client handler, each client message is served, each anchor kind has a map style
// and a name in both languages).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en.js";
import { zhCN as zh } from "../../client/i18n/zh-CN.js";
import { USE_STYLES } from "../../client/map/palette.js";
import { ANCHOR_KINDS, DISTRICT_POLICY_KINDS } from "../../shared/kinds.js";
import { ClientMessageSchema, ServerMessageSchemas } from "../../shared/protocol.js";
import { SESSION_HOST_COMMANDS } from "../../shared/session.js";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const doc = read("docs/adding.md");

describe("docs/adding.md", () => {
  it("names only files that exist", () => {
    const paths = [...doc.matchAll(/`([\w./-]+\.(?:ts|md|css|html))`/g)].map((m) => m[1]);
    expect(paths.length).toBeGreaterThan(20);
    const missing = paths.filter((p) => !existsSync(join(root, p)));
    expect(missing).toEqual([]);
  });

  it("every server message has a typed handler in the client's connection", () => {
    const connection = read("client/net/connection.ts");
    const unhandled = Object.keys(ServerMessageSchemas).filter(
      (t) => !connection.includes(`on(room, "${t}"`),
    );
    expect(unhandled).toEqual([]);
  });

  it("every client message is served by the session or the room's dispatch", () => {
    const room = read("server/city-room.ts");
    const types = ClientMessageSchema.options.map((o) => o.shape.type.value as string);
    const unserved = types.filter(
      (t) =>
        t !== "action" &&
        !(SESSION_HOST_COMMANDS as readonly string[]).includes(t) &&
        !room.includes(`case "${t}":`),
    );
    expect(unserved).toEqual([]);
  });

  it("every anchor kind has a map style and a name in both languages; every policy a name", () => {
    const catalogues: Record<string, string>[] = [en, zh];
    for (const kind of ANCHOR_KINDS) {
      expect(USE_STYLES[kind]?.anchor).toBe(true);
      for (const c of catalogues) expect(c[`use.${kind}`], `use.${kind}`).toBeTruthy();
    }
    for (const p of DISTRICT_POLICY_KINDS)
      for (const c of catalogues) expect(c[`policy.${p}`], `policy.${p}`).toBeTruthy();
  });
});
