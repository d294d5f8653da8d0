// One Chinese term per concept: for each game word, the Chinese catalogue and the scenario texts use
// the chosen term and none of the variants that crept in before (a student must not wonder whether
// 被迫迁出 and 被迫搬迁 are two different things).
import { describe, expect, it } from "vitest";
import { en } from "../../client/i18n/en.js";
import { zhCN } from "../../client/i18n/zh-CN.js";
import { SCENARIOS } from "../../shared/scenario.js";

/** concept → the one Chinese term, the variants it replaces, and English words that name it. */
const TERMS: { concept: string; term: string; variants: string[]; en: RegExp }[] = [
  {
    concept: "displaced",
    term: "被迫搬迁",
    variants: ["被迫迁出", "迁出", "流离失所", "挤走"],
    en: /displaced/i,
  },
  { concept: "link", term: "联系", variants: ["链接", "连结"], en: /\blinks?\b/i },
  { concept: "anchor", term: "锚点机构", variants: ["核心机构"], en: /\banchors?\b/i },
  { concept: "buzz", term: "创意氛围", variants: ["人气"], en: /\bbuzz\b/i },
  { concept: "derelict factory", term: "废弃工厂", variants: ["废弃厂房", "旧厂房"], en: /derelict/i },
  { concept: "gallery", term: "美术馆", variants: ["画廊"], en: /\bgallery\b/i },
];

const zhTexts = (): [string, string][] => [
  ...Object.entries(zhCN as Record<string, string>),
  ...SCENARIOS.flatMap((s) => [
    [`scenario.${s.id}.summary`, s.summary.zh] as [string, string],
    [`scenario.${s.id}.goal`, s.goal.text.zh] as [string, string],
  ]),
];

describe("Chinese terminology", () => {
  it.each(TERMS)("uses one term for '$concept'", ({ term, variants }) => {
    // A variant is allowed only as part of the chosen term itself.
    const offending = zhTexts()
      .filter(([, text]) => variants.some((v) => text.replaceAll(term, "").includes(v)))
      .map(([k]) => k);
    expect(offending).toEqual([]);
  });

  it.each(TERMS)("translates every English '$concept' string with the chosen term", ({ term, en: word }) => {
    const keys = Object.entries(en as Record<string, string>)
      .filter(([, text]) => word.test(text.replace(/\{\w+\}/g, "")))
      .map(([k]) => k);
    expect(keys.length).toBeGreaterThan(0);
    const missing = keys.filter((k) => !(zhCN as Record<string, string>)[k].includes(term));
    expect(missing).toEqual([]);
  });
});
