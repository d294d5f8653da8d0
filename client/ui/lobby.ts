// The lobby: the room code, join URL and QR code, who is here and where they sit, and (for the host)
// seats, removal, bots, the projector and the start button.
import { html, nothing, type TemplateResult } from "lit-html";
import { confirmDialog } from "./confirm.js";
import type { PlayerView } from "../../shared/mirror.js";
import { scenarioTexts } from "../model/view.js";
import { locale, t, tk } from "../i18n/index.js";
import { districtColour } from "../map/palette.js";
import type { AppContext, Screen } from "./context.js";
import { h, renderIfChanged, replace, toElement } from "./dom.js";
import { districtLabel, playerName } from "./names.js";
import { qrImage } from "./qr.js";

export function playerBadges(p: PlayerView): string {
  const parts: string[] = [];
  if (p.isHost) parts.push(t("common.host"));
  if (p.isBot) parts.push(t("common.bot"));
  if (!p.connected) parts.push(t("common.offline"));
  return parts.length ? ` (${parts.join(", ")})` : "";
}

export function sortedPlayers(ctx: AppContext): PlayerView[] {
  return Object.values(ctx.view.players ?? {})
    .filter((p) => !p.isProjector)
    .sort((a, b) => a.district - b.district || a.nickname.localeCompare(b.nickname));
}

export function openProjector(ctx: AppContext): void {
  const url = new URL(location.href);
  url.search = `?projector=${ctx.view.code}`;
  window.open(url.toString(), "_blank", "noopener");
}

export function lobbyScreen(): Screen {
  const el = h("main", { class: "lobby", id: "screen-lobby" });
  const head = h("section", { class: "card lobby-code" });
  const players = h("section", { class: "card", "aria-labelledby": "players-title" });
  const districts = h("section", { class: "card", "aria-labelledby": "districts-title" });
  el.append(head, players, districts);
  let qrFor = "";

  return {
    el,
    update(ctx) {
      const isHost = ctx.you?.isHost ?? false;
      const url = ctx.joinUrl();
      const sc = scenarioTexts(ctx.view);
      const zh = locale() === "zh-CN";
      if (qrFor !== `${url}|${locale()}|${isHost}`) {
        qrFor = `${url}|${locale()}|${isHost}`;
        replace(
          head,
          h("h2", {}, t("lobby.title"), sc ? ` — ${zh ? sc.title.zh : sc.title.en}` : ""),
          sc ? h("p", { class: "summary" }, zh ? sc.goal.zh : sc.goal.en) : null,
          h(
            "p",
            {},
            t("lobby.code"),
            ": ",
            h("strong", { class: "room-code", id: "room-code" }, ctx.view.code),
          ),
          h("p", {}, t("lobby.url"), ": ", h("a", { href: url, id: "join-url" }, url)),
          qrImage(url),
          h(
            "div",
            { class: "row" },
            h(
              "button",
              {
                type: "button",
                onclick: (ev: Event) => {
                  void navigator.clipboard?.writeText(url);
                  (ev.target as HTMLButtonElement).textContent = t("lobby.copied");
                },
              },
              t("lobby.copy"),
            ),
            isHost
              ? h("button", { type: "button", onclick: () => openProjector(ctx) }, t("lobby.projector"))
              : null,
          ),
          isHost
            ? h(
                "button",
                {
                  type: "button",
                  class: "primary big",
                  id: "start-game",
                  onclick: () => ctx.conn.send({ type: "host.start" }),
                },
                t("lobby.start"),
              )
            : h("p", { class: "waiting", role: "status" }, t("lobby.waiting")),
        );
      }
      const list = sortedPlayers(ctx);
      renderIfChanged(players, JSON.stringify([list, isHost, locale(), ctx.game.districts.length]), () => [
        h("h2", { id: "players-title" }, t("lobby.players", { n: list.length })),
        h(
          "ul",
          { class: "players", id: "player-list" },
          list.map((p) =>
            h(
              "li",
              { dataset: { player: p.nickname } },
              swatch(p.district),
              h(
                "span",
                { class: "nick" },
                playerName(ctx.game, p),
                p.id === ctx.you?.playerId ? ` (${t("common.you")})` : "",
              ),
              playerBadges(p),
              " — ",
              p.district >= 0 ? districtLabel(ctx.game, p.district) : t("lobby.unseated"),
              isHost && !p.isBot && !(p.isHost && p.district < 0) ? seatControls(ctx, p) : null,
            ),
          ),
        ),
      ]);
      renderIfChanged(
        districts,
        JSON.stringify([ctx.view.districts.map((d) => d.character), locale()]),
        () => [
          h("h2", { id: "districts-title" }, t("lobby.districtsTitle")),
          h(
            "ul",
            { class: "districts" },
            ctx.game.districts.map((d) =>
              h("li", {}, swatch(d.id), districtLabel(ctx.game, d.id), " — ", tk("character", d.character)),
            ),
          ),
        ],
      );
    },
    destroy() {
      el.remove();
    },
  };
}

/** A district's colour swatch with its number (the colour is never the only cue). */
export function swatchTemplate(d: number): TemplateResult {
  return html`<span class="swatch" style=${`background: ${districtColour(d)}`} aria-hidden="true"
    >${d >= 0 ? String(d + 1) : "–"}</span
  >`;
}

export function swatch(d: number): HTMLElement {
  return toElement(swatchTemplate(d));
}

/** The host's controls for one player: move to a district, remove. */
export function seatControlsTemplate(ctx: AppContext, p: PlayerView): TemplateResult {
  const assign = (ev: Event) =>
    ctx.conn.send({
      type: "host.assignSeat",
      player: p.id,
      district: Number((ev.target as HTMLSelectElement).value),
    });
  // Removing a student mid-game is not undone: ask first.
  const kick = () =>
    confirmDialog({
      id: "confirm-kick",
      text: t("host.kickConfirm", { name: p.nickname }),
      yes: t("host.kick"),
      danger: true,
      onYes: () => ctx.conn.send({ type: "host.kick", player: p.id }),
    });
  return html`<span class="seat-controls"
    ><select aria-label=${`${t("host.assign")}: ${p.nickname}`} data-focus-id=${`seat-${p.id}`} @change=${assign}>
      ${p.district < 0 ? html`<option value="-1" .selected=${true} disabled>—</option>` : nothing}
      ${ctx.game.districts.map(
        (d) =>
          html`<option value=${String(d.id)} .selected=${d.id === p.district}>
            ${districtLabel(ctx.game, d.id)}
          </option>`,
      )}
    </select>
    ${
      p.isHost
        ? nothing
        : html`<button type="button" class="danger small" data-kick=${p.id} @click=${kick}>${t("host.kick")}</button>`
    }
  </span>`;
}

export function seatControls(ctx: AppContext, p: PlayerView): HTMLElement {
  return toElement(seatControlsTemplate(ctx, p));
}
