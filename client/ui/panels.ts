// Side panels of the game screen: the tile inspector, district and city policies, and the proposals
// and deals inbox. Legality comes from the shared rules (previewAction); panels only send messages.
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
import { h } from "./dom.js";
import { districtLabel, tileLabel } from "./names.js";

export interface PanelDeps {
  ctx: AppContext;
  mine: () => number;
  /** Planning, not paused, seated, not the projector. */
  canAct: () => boolean;
  send: (action: Action) => void;
}

export function renderInspector(deps: PanelDeps, selected: number | null): HTMLElement {
  const { ctx, mine, canAct, send } = deps;
  if (selected === null) {
    // Before any tile is picked: the scenario, its goal and how to start.
    const sc = scenarioTexts(ctx.view);
    const zh = locale() === "zh-CN";
    return h(
      "div",
      { id: "briefing" },
      sc ? h("h2", {}, zh ? sc.title.zh : sc.title.en) : null,
      sc ? h("p", {}, zh ? sc.summary.zh : sc.summary.en) : null,
      sc ? h("p", {}, h("strong", {}, t("landing.goal", { goal: zh ? sc.goal.zh : sc.goal.en }))) : null,
      h("p", { class: "hint" }, t("panel.howTo")),
      h("p", { class: "hint" }, t("tools.pickTile")),
    );
  }
  const info = tileInfo(ctx.game, selected);
  const tl = info.tile;
  const row = (k: string, v: string | number) =>
    h("tr", {}, h("th", { scope: "row" }, k), h("td", {}, typeof v === "number" ? formatNumber(v) : v));
  return h(
    "div",
    { id: "inspector" },
    h("h2", {}, t("tile.at", { x: info.x, y: info.y })),
    h(
      "table",
      { class: "table" },
      h(
        "tbody",
        {},
        row(t("tile.use"), tk("use", tl.use)),
        row(t("tile.terrain"), tk("terrain", tl.terrain)),
        row(t("tile.district"), districtLabel(ctx.game, tl.district)),
        row(t("tile.rent"), tl.rent),
        row(t("tile.pay"), tl.pay),
        row(t("tile.creatives"), tl.creatives),
        row(
          t("tile.firms"),
          info.firmTotal > 0
            ? `${formatNumber(firmTotal(tl))}: ${info.firms.map((f) => `${tk("sector", f.sector)} ${f.count}`).join(", ")}`
            : "0",
        ),
        row(t("tile.buzz"), tl.buzz),
        row(t("tile.heritage"), tl.heritage),
        tl.protected ? row(t("tile.protected"), "✓") : null,
        tl.converted ? row(t("tile.converted"), "✓") : null,
      ),
    ),
    h("h3", {}, t("tile.links")),
    info.links.length === 0
      ? h("p", {}, t("tile.noLinks"))
      : h(
          "ul",
          {},
          info.links.map((l) => {
            const cut: Action = { type: "cutLink", link: l.id };
            const ok = canAct() && previewAction(ctx.game, cut, mine()).ok;
            return h(
              "li",
              {},
              `${tk("link", l.kind)} → ${tileLabel(ctx.game, l.other)} `,
              ok
                ? h(
                    "button",
                    {
                      type: "button",
                      class: "small",
                      "aria-label": t("tile.cutLink"),
                      title: t("tile.cutLink"),
                      onclick: () => send(cut),
                    },
                    "✂",
                  )
                : null,
            );
          }),
        ),
  );
}

export function renderPolicies(deps: PanelDeps): HTMLElement {
  const { ctx, mine, canAct, send } = deps;
  const d = ctx.game.districts[mine()];
  if (!d) return h("p", {}, t("hud.noDistrict"));
  return h(
    "div",
    { id: "policies" },
    h("h2", {}, t("panel.policies")),
    h(
      "ul",
      { class: "policy-list" },
      DISTRICT_POLICY_KINDS.map((p) => {
        const on = d.policies[p];
        return h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: on ? "toggle on" : "toggle",
              "aria-pressed": String(on),
              id: `policy-${p}`,
              dataset: { focusId: `policy-${p}` },
              disabled: !canAct(),
              onclick: () => send({ type: "setPolicy", policy: p, enabled: !on }),
            },
            on ? `✓ ${t("panel.on")}` : t("panel.off"),
          ),
          " ",
          tk("policy", p),
          h("small", {}, ` — ${t("panel.upkeep", { upkeep: DISTRICT_POLICIES[p].upkeep })}`),
        );
      }),
    ),
    h("h2", {}, t("panel.cityPolicies")),
    h(
      "ul",
      { class: "policy-list" },
      CITY_POLICY_KINDS.map((p) => {
        const vote = d.votes[p];
        const yes = ctx.game.districts.filter((x) => x.votes[p] === true).length;
        return h(
          "li",
          {},
          h("strong", {}, tk("cityPolicy", p)),
          ` (${ctx.game.cityPolicies[p] ? t("panel.cityOn") : t("panel.cityOff")}; ${yes}/${ctx.game.districts.length}) `,
          h("small", {}, t("panel.upkeep", { upkeep: CITY_POLICIES[p].upkeep })),
          h("br"),
          h(
            "button",
            {
              type: "button",
              "aria-pressed": String(vote === true),
              id: `vote-yes-${p}`,
              disabled: !canAct() || vote === true,
              onclick: () => send({ type: "voteCityPolicy", policy: p, vote: true }),
            },
            t("panel.voteYes"),
          ),
          h(
            "button",
            {
              type: "button",
              "aria-pressed": String(vote === false),
              id: `vote-no-${p}`,
              disabled: !canAct() || vote === false,
              onclick: () => send({ type: "voteCityPolicy", policy: p, vote: false }),
            },
            t("panel.voteNo"),
          ),
        );
      }),
    ),
  );
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

export function renderInbox(deps: PanelDeps): HTMLElement {
  const { ctx, mine, canAct, send } = deps;
  const me = mine();
  const g = ctx.game;
  const incoming = g.proposals.filter((p) => p.to === me);
  const outgoing = g.proposals.filter((p) => p.from === me);
  const to = h(
    "select",
    { id: "deal-to" },
    g.districts
      .filter((d) => d.id !== me)
      .map((d) => h("option", { value: String(d.id) }, districtLabel(g, d.id))),
  );
  const amount = h("input", {
    id: "deal-amount",
    type: "number",
    step: "1",
    min: -1000,
    max: 1000,
    value: "10",
  });
  return h(
    "div",
    { id: "inbox" },
    h("h2", {}, t("panel.inbox")),
    incoming.length + outgoing.length === 0 ? h("p", {}, t("panel.inboxEmpty")) : null,
    h(
      "ul",
      { class: "proposals" },
      incoming.map((p) => {
        const text = proposalText(g, p);
        const accept: Action = { type: "respondProposal", proposal: p.id, accept: true };
        const check = previewAction(g, accept, me);
        return h(
          "li",
          { dataset: { proposal: String(p.id) } },
          text,
          h("br"),
          h(
            "button",
            {
              type: "button",
              class: "primary small",
              disabled: !canAct() || !check.ok,
              onclick: () => send(accept),
            },
            t("panel.accept"),
          ),
          h(
            "button",
            {
              type: "button",
              class: "small",
              disabled: !canAct(),
              onclick: () => send({ type: "respondProposal", proposal: p.id, accept: false }),
            },
            t("panel.decline"),
          ),
          !check.ok
            ? h("small", { class: "error" }, ` ${errorText(check.error!.code, check.error!.params)}`)
            : null,
        );
      }),
      outgoing.map((p) =>
        h("li", { class: "outgoing" }, t("panel.outgoing", { to: districtLabel(g, p.to) })),
      ),
    ),
    me >= 0
      ? h(
          "form",
          {
            class: "deal",
            onsubmit: (ev: Event) => {
              ev.preventDefault();
              const action: Action = {
                type: "proposeDeal",
                to: Number(to.value),
                amount: Number(amount.value),
              };
              const p = previewAction(g, action, me);
              if (!p.ok) ctx.toast(errorText(p.error!.code, p.error!.params), "error");
              else send(action);
            },
          },
          h("h3", {}, t("panel.deal")),
          h("label", { for: "deal-to" }, t("panel.dealTo")),
          to,
          h("label", { for: "deal-amount" }, t("panel.dealAmount")),
          amount,
          h("button", { type: "submit", disabled: !canAct() }, t("panel.dealSend")),
        )
      : null,
  );
}
