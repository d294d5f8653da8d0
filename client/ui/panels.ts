// Side panels of the game screen: the tile inspector, district and city policies, and the proposals
// and deals inbox. Legality comes from the shared rules (previewAction); panels only send messages.
// lit-html templates: the side sheet renders the open one on every update and lit-html patches what
// changed, so a focused button keeps its focus and the deal form keeps what the student typed.
import { html, nothing, type TemplateResult } from "lit-html";
import type { Action } from "../../shared/actions.js";
import {
  CITY_POLICIES,
  CITY_POLICY_KINDS,
  DISTRICT_POLICIES,
  DISTRICT_POLICY_KINDS,
} from "../../shared/kinds.js";
import { firmTotal, type GameState, type Proposal } from "../../shared/state.js";
import { errorText, formatNumber, locale, t, tk } from "../i18n/index.js";
import { previewAction, scenarioTexts, tileInfo } from "../model/view.js";
import type { AppContext } from "./context.js";
import { districtLabel, tileLabel } from "./names.js";

export interface PanelDeps {
  ctx: AppContext;
  mine: () => number;
  /** Planning, not paused, seated, not the projector. */
  canAct: () => boolean;
  send: (action: Action) => void;
}

export function inspectorTemplate(deps: PanelDeps, selected: number | null): TemplateResult {
  const { ctx, mine, canAct, send } = deps;
  if (selected === null) {
    // Before any tile is picked: the scenario, its goal and how to start.
    const sc = scenarioTexts(ctx.view);
    const zh = locale() === "zh-CN";
    return html`<div id="briefing">
      ${
        sc
          ? html`<h2>${zh ? sc.title.zh : sc.title.en}</h2>
            <p>${zh ? sc.summary.zh : sc.summary.en}</p>
            <p><strong>${t("landing.goal", { goal: zh ? sc.goal.zh : sc.goal.en })}</strong></p>`
          : nothing
      }
      <p class="hint">${t("panel.howTo")}</p>
      <p class="hint">${t("tools.pickTile")}</p>
    </div>`;
  }
  const info = tileInfo(ctx.game, selected);
  const tl = info.tile;
  const row = (k: string, v: string | number) =>
    html`<tr><th scope="row">${k}</th><td>${typeof v === "number" ? formatNumber(v) : v}</td></tr>`;
  return html`<div id="inspector">
    <h2>${t("tile.at", { x: info.x, y: info.y })}</h2>
    <table class="table">
      <tbody>
        ${row(t("tile.use"), tk("use", tl.use))} ${row(t("tile.terrain"), tk("terrain", tl.terrain))}
        ${row(t("tile.district"), districtLabel(ctx.game, tl.district))} ${row(t("tile.rent"), tl.rent)}
        ${row(t("tile.pay"), tl.pay)} ${row(t("tile.creatives"), tl.creatives)}
        ${row(
          t("tile.firms"),
          info.firmTotal > 0
            ? `${formatNumber(firmTotal(tl))}: ${info.firms.map((f) => `${tk("sector", f.sector)} ${f.count}`).join(", ")}`
            : "0",
        )}
        ${row(t("tile.buzz"), tl.buzz)} ${row(t("tile.heritage"), tl.heritage)}
        ${tl.protected ? row(t("tile.protected"), "✓") : nothing}
        ${tl.converted ? row(t("tile.converted"), "✓") : nothing}
      </tbody>
    </table>
    <h3>${t("tile.links")}</h3>
    ${
      info.links.length === 0
        ? html`<p>${t("tile.noLinks")}</p>`
        : html`<ul>
          ${info.links.map((l) => {
            const cut: Action = { type: "cutLink", link: l.id };
            const ok = canAct() && previewAction(ctx.game, cut, mine()).ok;
            return html`<li>
              ${`${tk("link", l.kind)} → ${tileLabel(ctx.game, l.other)} `}${
                ok
                  ? html`<button
                    type="button"
                    class="small"
                    aria-label=${t("tile.cutLink")}
                    title=${t("tile.cutLink")}
                    @click=${() => send(cut)}
                  >✂</button>`
                  : nothing
              }
            </li>`;
          })}
        </ul>`
    }
  </div>`;
}

export function policiesTemplate(deps: PanelDeps): TemplateResult {
  const { ctx, mine, canAct, send } = deps;
  const d = ctx.game.districts[mine()];
  if (!d) return html`<p>${t("hud.noDistrict")}</p>`;
  return html`<div id="policies">
    <h2>${t("panel.policies")}</h2>
    <ul class="policy-list">
      ${DISTRICT_POLICY_KINDS.map((p) => {
        const on = d.policies[p];
        return html`<li>
          <button
            type="button"
            class=${on ? "toggle on" : "toggle"}
            aria-pressed=${String(on)}
            id=${`policy-${p}`}
            ?disabled=${!canAct()}
            @click=${() => send({ type: "setPolicy", policy: p, enabled: !on })}
          >${on ? `✓ ${t("panel.on")}` : t("panel.off")}</button>
          ${tk("policy", p)}<small>${` — ${t("panel.upkeep", { upkeep: DISTRICT_POLICIES[p].upkeep })}`}</small>
        </li>`;
      })}
    </ul>
    <h2>${t("panel.cityPolicies")}</h2>
    <ul class="policy-list">
      ${CITY_POLICY_KINDS.map((p) => {
        const vote = d.votes[p];
        const yes = ctx.game.districts.filter((x) => x.votes[p] === true).length;
        return html`<li>
          <strong>${tk("cityPolicy", p)}</strong>${` (${ctx.game.cityPolicies[p] ? t("panel.cityOn") : t("panel.cityOff")}; ${yes}/${ctx.game.districts.length}) `}<small
            >${t("panel.upkeep", { upkeep: CITY_POLICIES[p].upkeep })}</small
          ><br />
          ${[true, false].map(
            (v) => html`<button
              type="button"
              aria-pressed=${String(vote === v)}
              id=${`vote-${v ? "yes" : "no"}-${p}`}
              ?disabled=${!canAct() || vote === v}
              @click=${() => send({ type: "voteCityPolicy", policy: p, vote: v })}
            >${t(v ? "panel.voteYes" : "panel.voteNo")}</button> `,
          )}
        </li>`;
      })}
    </ul>
  </div>`;
}

/** What a proposal offers, in a sentence (the inbox and the offer toasts). */
export function proposalText(g: GameState, p: Proposal): string {
  return p.kind === "link"
    ? t("panel.proposalLink", {
        from: districtLabel(g, p.from),
        kind: tk("link", p.link.kind),
        a: tileLabel(g, p.link.a),
        b: tileLabel(g, p.link.b),
      })
    : p.amount > 0
      ? t("panel.proposalDealGive", { from: districtLabel(g, p.from), amount: p.amount })
      : t("panel.proposalDealAsk", { from: districtLabel(g, p.from), amount: -p.amount });
}

export function inboxTemplate(deps: PanelDeps): TemplateResult {
  const { ctx, mine, canAct, send } = deps;
  const me = mine();
  const g = ctx.game;
  const incoming = g.proposals.filter((p) => p.to === me);
  const outgoing = g.proposals.filter((p) => p.from === me);
  const submit = (ev: Event) => {
    ev.preventDefault();
    const form = ev.currentTarget as HTMLFormElement;
    const action: Action = {
      type: "proposeDeal",
      to: Number(form.querySelector<HTMLSelectElement>("#deal-to")?.value),
      amount: Number(form.querySelector<HTMLInputElement>("#deal-amount")?.value),
    };
    const p = previewAction(g, action, me);
    if (!p.ok) ctx.toast(errorText(p.error!.code, p.error!.params), "error");
    else send(action);
  };
  return html`<div id="inbox">
    <h2>${t("panel.inbox")}</h2>
    ${incoming.length + outgoing.length === 0 ? html`<p>${t("panel.inboxEmpty")}</p>` : nothing}
    <ul class="proposals">
      ${incoming.map((p) => {
        const accept: Action = { type: "respondProposal", proposal: p.id, accept: true };
        const check = previewAction(g, accept, me);
        return html`<li data-proposal=${String(p.id)}>
          ${proposalText(g, p)}<br />
          <button type="button" class="primary small" ?disabled=${!canAct() || !check.ok} @click=${() => send(accept)}
            >${t("panel.accept")}</button
          >
          <button
            type="button"
            class="small"
            ?disabled=${!canAct()}
            @click=${() => send({ type: "respondProposal", proposal: p.id, accept: false })}
          >${t("panel.decline")}</button>
          ${
            !check.ok
              ? html`<small class="error">${` ${errorText(check.error!.code, check.error!.params)}`}</small>`
              : nothing
          }
        </li>`;
      })}
      ${outgoing.map((p) => html`<li class="outgoing">${t("panel.outgoing", { to: districtLabel(g, p.to) })}</li>`)}
    </ul>
    ${
      me >= 0
        ? html`<form class="deal" @submit=${submit}>
          <h3>${t("panel.deal")}</h3>
          <label for="deal-to">${t("panel.dealTo")}</label>
          <select id="deal-to">
            ${g.districts
              .filter((d) => d.id !== me)
              .map((d) => html`<option value=${String(d.id)}>${districtLabel(g, d.id)}</option>`)}
          </select>
          <label for="deal-amount">${t("panel.dealAmount")}</label>
          <input id="deal-amount" type="number" step="1" min="-1000" max="1000" value="10" />
          <button type="submit" ?disabled=${!canAct()}>${t("panel.dealSend")}</button>
        </form>`
        : nothing
    }
  </div>`;
}
