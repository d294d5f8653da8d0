// Game words explained on hover, focus or tap: a small "?" button beside the word whose tip is a
// tooltip (hover and keyboard focus show it; a tap toggles it on touch screens).
import { t } from "../../i18n/index.js";
import { h } from "../dom.js";

export type GlossKey =
  | "anchor"
  | "link.research"
  | "link.heritage"
  | "link.valueAdd"
  | "link.incubation"
  | "link.global"
  | "buzz"
  | "roots"
  | "globalAccess"
  | "displaced";

let next = 0;

export function gloss(key: GlossKey): HTMLElement {
  const id = `gloss-${key.replace(".", "-")}-${next++}`;
  const tip = h("span", { class: "gloss-tip", role: "tooltip", id }, t(`gloss.${key}`));
  const button = h(
    "button",
    {
      type: "button",
      class: "gloss-button",
      "aria-label": t("gloss.label"),
      "aria-describedby": id,
      "aria-expanded": "false",
      dataset: { gloss: key },
      onclick: (ev: Event) => {
        ev.stopPropagation();
        const b = ev.currentTarget as HTMLElement;
        b.setAttribute("aria-expanded", String(b.getAttribute("aria-expanded") !== "true"));
      },
      onkeydown: (ev: KeyboardEvent) => {
        if (ev.key === "Escape") (ev.currentTarget as HTMLElement).setAttribute("aria-expanded", "false");
      },
    },
    "?",
  );
  return h("span", { class: "gloss" }, button, tip);
}
