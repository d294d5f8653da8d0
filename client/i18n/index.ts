// The language switch: `t(key, params)` looks a key up in the current catalogue and fills {params}.
// Kinds and codes from shared/ are looked up with `tk`, which falls back to the raw code if unknown.
import { type Catalogue, en, type MessageKey } from "./en.js";
import { zhCN } from "./zh-CN.js";

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const CATALOGUES: Record<Locale, Catalogue> = { en, "zh-CN": zhCN };

let current: Locale = "en";
const listeners = new Set<(l: Locale) => void>();

export function locale(): Locale {
  return current;
}

export function setLocale(l: Locale): void {
  if (l === current) return;
  current = l;
  for (const f of listeners) f(l);
}

export function onLocaleChange(f: (l: Locale) => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function isLocale(x: unknown): x is Locale {
  return typeof x === "string" && (LOCALES as readonly string[]).includes(x);
}

/** Fills `{name}` placeholders. Numbers are shown with at most one decimal. */
export function format(template: string, params?: Record<string, string | number>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k];
    if (v === undefined) return m;
    return typeof v === "number" ? formatNumber(v) : v;
  });
}

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Math.round(n * 10) / 10 || 0; // no "-0"
  return r.toLocaleString(current === "zh-CN" ? "zh-CN" : "en-GB", { maximumFractionDigits: 1 });
}

export function t(key: MessageKey, params?: Record<string, string | number>, l: Locale = current): string {
  return format(CATALOGUES[l][key], params);
}

/** Looks up a dynamic key (a kind or an error code); unknown keys show the raw code. */
export function tk(prefix: string, code: string, params?: Record<string, string | number>): string {
  const key = `${prefix}.${code}`;
  const cat = CATALOGUES[current] as Record<string, string>;
  return key in cat ? format(cat[key], params) : code;
}

export function hasKey(key: string, l: Locale = current): boolean {
  return key in (CATALOGUES[l] as Record<string, string>);
}

/** Translates an error from the server or the rules; kind-valued params are translated too. */
export function errorText(code: string, params?: Record<string, string | number>): string {
  const p: Record<string, string | number> = { ...(params ?? {}) };
  if (typeof p.use === "string") p.use = tk("use", p.use);
  if (typeof p.kind === "string") p.kind = tk("link", p.kind);
  if (p.field === undefined) p.field = "";
  if (hasKey(`err.${code}`)) return tk("err", code, p);
  return t("error.generic", { code });
}

export function districtName(name: string): string {
  return tk("districtName", name);
}

export type { Catalogue, MessageKey };
