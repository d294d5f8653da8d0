// A tiny DOM builder: `h("button", { onclick }, "text")`. Screens are plain HTML (accessible,
// translatable, testable with selectors); only the map is drawn by Phaser.

import { render, type TemplateResult } from "lit-html";

type Attrs = Record<string, unknown> & { dataset?: Record<string, string> };
export type Child = Node | string | number | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "dataset") Object.assign(el.dataset, v as Record<string, string>);
    else if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v as EventListener);
    } else if (k === "class") el.className = String(v);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else if (k in el && typeof v !== "string") (el as unknown as Record<string, unknown>)[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A lit-html template as a standalone element (for the `h()`-built screens that hold one): the
 * template's first element, rendered once. */
export function toElement(tpl: TemplateResult): HTMLElement {
  const host = document.createElement("div");
  render(tpl, host);
  return host.firstElementChild as HTMLElement;
}

/** Re-renders `el` only when `key` changed since last time (keeps focus and scroll otherwise). */
export function renderIfChanged(el: HTMLElement, key: string, render: () => Child): void {
  if (el.dataset.renderKey === key) return;
  el.dataset.renderKey = key;
  const active = document.activeElement as HTMLElement | null;
  const focusId = active && el.contains(active) ? active.dataset.focusId : undefined;
  replace(el, render());
  if (focusId) (el.querySelector(`[data-focus-id="${CSS.escape(focusId)}"]`) as HTMLElement | null)?.focus();
}

/** A polite live region for screen readers and a visible toast. */
export function announce(region: HTMLElement, text: string, kind: "info" | "error" = "info"): void {
  const item = h("div", { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
  region.appendChild(item);
  setTimeout(() => item.remove(), 6000);
  while (region.childElementCount > 4) region.firstElementChild?.remove();
}

/** A modal dialog over the screen: Escape closes it and Tab stays inside it. */
export function modal(
  opts: { id: string; labelledBy: string; onClose: () => void; wide?: boolean },
  ...children: Child[]
): HTMLElement {
  return h(
    "div",
    {
      class: "modal-backdrop",
      onkeydown: (ev: KeyboardEvent) => {
        if (ev.key === "Escape") opts.onClose();
        else if (ev.key === "Tab") trapFocus(ev);
      },
    },
    h(
      "div",
      {
        class: opts.wide ? "modal modal-wide" : "modal",
        role: "dialog",
        "aria-modal": "true",
        "aria-labelledby": opts.labelledBy,
        id: opts.id,
      },
      children,
    ),
  );
}

/** Keeps Tab inside the dialog while it is open (it is modal). */
function trapFocus(ev: KeyboardEvent): void {
  const dialog = (ev.currentTarget as HTMLElement).querySelector(".modal");
  if (!dialog) return;
  const items = [...dialog.querySelectorAll<HTMLElement>("button, summary, [tabindex='-1'], a[href]")];
  if (items.length === 0) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (ev.shiftKey && document.activeElement === first) {
    last.focus();
    ev.preventDefault();
  } else if (!ev.shiftKey && document.activeElement === last) {
    first.focus();
    ev.preventDefault();
  }
}

/** Offers `text` as a file to save (CSV and JSON results, scenario templates). */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
