// The host form's "year report reading time": a few reading times, or "until I continue" (the report
// phase then waits for the host). Kept apart from the landing screen so the form only places it.
import { t } from "../i18n/index.js";
import { h } from "./dom.js";

const CHOICES = [20, 30, 60, 120] as const;

export function reportTimeField(): {
  el: HTMLElement;
  settings(): { reportSeconds: number; reportWait: boolean };
} {
  const select = h(
    "select",
    { id: "host-report-time" },
    CHOICES.map((n) =>
      h("option", { value: String(n), selected: n === 30 }, t("landing.host.reportSeconds", { n })),
    ),
    h("option", { value: "wait" }, t("landing.host.reportUntil")),
  );
  return {
    el: h("div", {}, h("label", { for: "host-report-time" }, t("landing.host.reportTime")), select),
    settings: () =>
      select.value === "wait"
        ? { reportSeconds: 30, reportWait: true }
        : { reportSeconds: Number(select.value), reportWait: false },
  };
}
