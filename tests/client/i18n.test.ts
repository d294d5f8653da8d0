// Both catalogues carry the same keys, every rule and protocol error code and every kind has a
// non-empty string in English and Simplified Chinese, and placeholders match between languages.
import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en.js";
import { errorText, format, setLocale, t, tk } from "../../client/i18n/index.js";
import { zhCN } from "../../client/i18n/zh-CN.js";
import { ERROR_CODES } from "../../shared/actions.js";
import {
  CHARACTER_KINDS,
  CITY_POLICY_KINDS,
  DISTRICT_POLICY_KINDS,
  LAND_USE_KINDS,
  LINK_KINDS,
  SECTORS,
} from "../../shared/kinds.js";
import { DISTRICTS_MAX } from "../../shared/limits.js";
import { PHASES } from "../../shared/mirror.js";
import { PROTOCOL_ERRORS } from "../../shared/protocol.js";
import { DISTRICT_NAMES } from "../../shared/scenario.js";
import { CITY_EVENTS } from "../../shared/state.js";

const catalogues = { en, "zh-CN": zhCN } as Record<string, Record<string, string>>;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n catalogues", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(catalogues))("%s has a string for every rule and protocol error code", (lang) => {
    const cat = catalogues[lang];
    const missing = [...ERROR_CODES, ...PROTOCOL_ERRORS].filter((c) => !cat[`err.${c}`]?.trim());
    expect(missing).toEqual([]);
  });

  it.each(Object.keys(catalogues))("%s gives the largest room a different district name each", (lang) => {
    const cat = catalogues[lang];
    expect(DISTRICT_NAMES.length).toBeGreaterThanOrEqual(DISTRICTS_MAX);
    const shown = DISTRICT_NAMES.map((n) => cat[`districtName.${n}`]);
    expect(shown.filter((s) => !s?.trim())).toEqual([]);
    expect(new Set(shown).size).toBe(DISTRICT_NAMES.length);
  });

  it.each(Object.keys(catalogues))("%s names every kind of the shared rules", (lang) => {
    const cat = catalogues[lang];
    const keys = [
      ...LAND_USE_KINDS.map((k) => `use.${k}`),
      ...LINK_KINDS.map((k) => `link.${k}`),
      ...DISTRICT_POLICY_KINDS.map((k) => `policy.${k}`),
      ...CITY_POLICY_KINDS.map((k) => `cityPolicy.${k}`),
      ...SECTORS.map((k) => `sector.${k}`),
      ...CHARACTER_KINDS.map((k) => `character.${k}`),
      ...CITY_EVENTS.map((k) => `cityEvent.${k}`),
      ...PHASES.map((k) => `phase.${k}`),
    ];
    expect(keys.filter((k) => !cat[k]?.trim())).toEqual([]);
  });

  it("uses the same placeholders in both languages", () => {
    const differing = Object.keys(en).filter(
      (k) =>
        placeholders((en as Record<string, string>)[k]).join() !==
        placeholders((zhCN as Record<string, string>)[k]).join(),
    );
    expect(differing).toEqual([]);
  });

  it("has Chinese text in the Chinese catalogue (not copied English)", () => {
    const han = /[\u4e00-\u9fff]/;
    const words = (s: string) => s.replace(/\{\w+\}/g, "");
    const zh = zhCN as Record<string, string>;
    const copied = Object.keys(en).filter(
      (k) =>
        !k.startsWith("lang.") &&
        !han.test(zh[k]) &&
        /[a-z]{3}/i.test(words((en as Record<string, string>)[k])),
    );
    expect(copied).toEqual([]);
  });
});

describe("t, tk and errorText", () => {
  it("fill placeholders and switch language", () => {
    setLocale("en");
    expect(t("hud.year", { year: 3, years: 12 })).toBe("Year 3 of 12");
    setLocale("zh-CN");
    expect(t("hud.year", { year: 3, years: 12 })).toBe("第 3 年 / 共 12 年");
    setLocale("en");
  });

  it("translates error codes and their kind-valued params", () => {
    setLocale("zh-CN");
    expect(errorText("tile_occupied", { use: "studio" })).toBe("该地块已被使用（工作室）。");
    expect(errorText("insufficient_budget", { cost: 80, budget: 12.25 })).toContain("80");
    setLocale("en");
    expect(errorText("link_endpoints", { kind: "valueAdd" })).toBe(
      "A Value-add link cannot join these two tiles.",
    );
    expect(errorText("no_such_code_exists")).toBe("Something went wrong (no_such_code_exists).");
  });

  it("falls back to the raw code for unknown kinds and keeps unknown placeholders", () => {
    expect(tk("use", "spaceport")).toBe("spaceport");
    expect(format("{a} and {b}", { a: 1 })).toBe("1 and {b}");
    expect(format("{n}", { n: -0 })).toBe("0");
    expect(format("{n}", { n: -0.01 })).toBe("0");
  });
});
