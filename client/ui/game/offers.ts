// Offers that wait for an answer: each incoming proposal or deal shows as a toast with Accept and
// Decline on every screen size (not only as a badge on a tab), until it is answered or withdrawn.
// The proposer hears back when an offer is accepted or declined.
import type { Action } from "../../../shared/actions.js";
import type { GameEvent, Proposal } from "../../../shared/state.js";
import type { GameState } from "../../../shared/state.js";
import { errorText, t, tk } from "../../i18n/index.js";
import { diffIds, voteCalls } from "../../model/play.js";
import { previewAction } from "../../model/view.js";
import type { AppContext } from "../context.js";
import { myDistrict } from "../context.js";
import { h } from "../dom.js";
import { districtLabel } from "../names.js";
import { proposalText } from "../panels.js";

export interface OffersComponent {
  readonly el: HTMLElement;
  update(ctx: AppContext, canAct: boolean): void;
  onEvents(ctx: AppContext, events: readonly GameEvent[]): void;
  relabel(ctx: AppContext, canAct: boolean): void;
}

export function createOffers(send: (a: Action) => void): OffersComponent {
  const el = h("div", { class: "offers", id: "offers", "aria-live": "polite" });
  const shown = new Map<number, HTMLElement>();
  /** Offers put away with "Later" (they stay in the inbox). */
  const later = new Set<number>();
  /** City votes put to me, by policy, until I vote or put them away. */
  const votes = new Map<string, HTMLElement>();
  let lastGame: GameState | null = null;
  /** Every proposal seen (in the state or in events), to know whose it was once it closes. */
  const known = new Map<number, { from: number; to: number }>();

  function card(ctx: AppContext, p: Proposal, canAct: boolean): HTMLElement {
    const accept: Action = { type: "respondProposal", proposal: p.id, accept: true };
    const check = previewAction(ctx.game, accept, myDistrict(ctx));
    return h(
      "div",
      {
        class: "offer toast",
        role: "group",
        "aria-label": t("offer.title"),
        dataset: { proposal: String(p.id) },
      },
      h("p", {}, proposalText(ctx.game, p)),
      !check.ok ? h("p", { class: "error" }, errorText(check.error!.code, check.error!.params)) : null,
      h(
        "div",
        { class: "row" },
        h(
          "button",
          {
            type: "button",
            class: "primary small offer-accept",
            disabled: !canAct || !check.ok,
            onclick: () => send(accept),
          },
          t("panel.accept"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "small offer-decline",
            disabled: !canAct,
            onclick: () => send({ type: "respondProposal", proposal: p.id, accept: false }),
          },
          t("panel.decline"),
        ),
        h(
          "button",
          {
            type: "button",
            class: "small link offer-later",
            onclick: () => {
              later.add(p.id);
              shown.get(p.id)?.remove();
              shown.delete(p.id);
            },
          },
          t("offer.later"),
        ),
      ),
    );
  }

  function render(ctx: AppContext, canAct: boolean, all: boolean) {
    const me = myDistrict(ctx);
    for (const p of ctx.game.proposals) known.set(p.id, p);
    const incoming = ctx.game.proposals.filter((p) => p.to === me && me >= 0 && !later.has(p.id));
    const { removed } = diffIds(
      new Set(shown.keys()),
      incoming.map((p) => p.id),
    );
    for (const id of removed) {
      shown.get(id)?.remove();
      shown.delete(id);
    }
    for (const p of incoming) {
      const check = previewAction(ctx.game, { type: "respondProposal", proposal: p.id, accept: true }, me);
      const key = `${canAct}|${check.ok}`;
      const old = shown.get(p.id);
      // A card is redrawn only when what it offers changes (focus stays on it otherwise).
      if (old && !all && old.dataset.key === key) continue;
      const next = card(ctx, p, canAct);
      next.dataset.key = key;
      if (old) old.replaceWith(next);
      else el.appendChild(next);
      shown.set(p.id, next);
    }
  }

  /** A vote another district called: Vote yes / Vote no / Later, until my vote is cast. */
  function renderVotes(ctx: AppContext, canAct: boolean) {
    const me = myDistrict(ctx);
    // Districts where a person plays: a call from them is worth a toast (bots vote routinely).
    const people = new Set(
      Object.values(ctx.view.players)
        .filter((p) => !p.isBot && !p.isProjector && p.district >= 0)
        .map((p) => p.district),
    );
    for (const call of voteCalls(lastGame, ctx.game, me, people)) {
      votes.get(call.policy)?.remove();
      const vote = (yes: boolean) => {
        // Answered: the card goes at once (a vote that does not change mine changes nothing).
        votes.get(call.policy)?.remove();
        votes.delete(call.policy);
        if (ctx.game.districts[me]?.votes[call.policy] !== yes)
          send({ type: "voteCityPolicy", policy: call.policy, vote: yes } as Action);
      };
      const card = h(
        "div",
        {
          class: "offer toast",
          role: "group",
          "aria-label": t("offer.title"),
          dataset: { vote: call.policy },
        },
        h(
          "p",
          {},
          t("offer.vote", {
            by: districtLabel(ctx.game, call.by),
            policy: tk("cityPolicy", call.policy),
            yes: call.yes,
            of: call.of,
          }),
        ),
        h(
          "div",
          { class: "row" },
          h(
            "button",
            {
              type: "button",
              class: "primary small offer-accept",
              disabled: !canAct,
              onclick: () => vote(true),
            },
            t("panel.voteYes"),
          ),
          h(
            "button",
            { type: "button", class: "small offer-decline", disabled: !canAct, onclick: () => vote(false) },
            t("panel.voteNo"),
          ),
          h(
            "button",
            {
              type: "button",
              class: "small link offer-later",
              onclick: () => {
                votes.get(call.policy)?.remove();
                votes.delete(call.policy);
              },
            },
            t("offer.later"),
          ),
        ),
      );
      votes.set(call.policy, card);
      el.appendChild(card);
    }
    // A vote I cast (either way) closes its card.
    for (const [policy, card] of votes) {
      const mineNow = ctx.game.districts[me]?.votes[policy as keyof GameState["cityPolicies"]];
      const before = lastGame?.districts[me]?.votes[policy as keyof GameState["cityPolicies"]];
      if (mineNow !== before) {
        card.remove();
        votes.delete(policy);
      }
    }
    lastGame = ctx.game;
  }

  return {
    el,
    update(ctx, canAct) {
      render(ctx, canAct, false);
      if (ctx.game !== lastGame) renderVotes(ctx, canAct);
    },
    relabel(ctx, canAct) {
      render(ctx, canAct, true);
    },
    onEvents(ctx, events) {
      const me = myDistrict(ctx);
      // A bot may answer in the same batch the proposal was made in: learn it from the events too.
      for (const e of events) if (e.type === "proposal") known.set(e.proposal, { from: e.from, to: e.to });
      for (const e of events) {
        if (e.type !== "proposalClosed") continue;
        const p = known.get(e.proposal);
        if (!p || p.from !== me || me < 0) continue;
        ctx.toast(t(e.accepted ? "offer.accepted" : "offer.declined", { to: districtLabel(ctx.game, p.to) }));
      }
    },
  };
}
