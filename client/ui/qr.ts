// The join QR code, drawn by the `qrcode` package into an <img> with an alt text. The package loads on
// first use (the lobby and the projector), not with the start page.
import { t } from "../i18n/index.js";
import { h } from "./dom.js";

export function qrImage(url: string, size = 200): HTMLImageElement {
  const img = h("img", { class: "qr", width: size, height: size, alt: `${t("lobby.qr")}: ${url}` });
  import("qrcode")
    .then((m) => m.default.toDataURL(url, { margin: 1, width: size, errorCorrectionLevel: "M" }))
    .then((data) => {
      img.src = data;
    })
    .catch(() => undefined);
  return img;
}
