// An in-page confirmation (not window.confirm): translated, focus kept inside, Escape cancels, and
// browser tests can answer it like any other dialog.
import { t } from "../i18n/index.js";
import { h, modal } from "./dom.js";

/** The one place confirmations are drawn (created on first use, at the end of the page). */
function confirmHost(): HTMLElement {
  let host = document.getElementById("confirm-host");
  if (!host) {
    host = h("div", { id: "confirm-host" });
    document.body.appendChild(host);
  }
  return host;
}

export function confirmDialog(opts: {
  id: string;
  text: string;
  yes: string;
  danger?: boolean;
  onYes: () => void;
}): void {
  const host = confirmHost();
  const opener = document.activeElement as HTMLElement | null;
  const close = () => {
    host.replaceChildren();
    opener?.focus();
  };
  host.replaceChildren(
    modal(
      { id: opts.id, labelledBy: `${opts.id}-text`, onClose: close },
      h("p", { id: `${opts.id}-text`, tabindex: -1 }, opts.text),
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            type: "button",
            class: opts.danger ? "danger" : "primary",
            id: `${opts.id}-yes`,
            onclick: () => {
              close();
              opts.onYes();
            },
          },
          opts.yes,
        ),
        h("button", { type: "button", id: `${opts.id}-no`, onclick: close }, t("common.cancel")),
      ),
    ),
  );
  (host.querySelector(`#${opts.id}-no`) as HTMLElement | null)?.focus();
}
