// The landing screen: join with a code and a nickname (the code may come from the join URL), or host
// a room with a scenario and settings.
import { mark } from "../marks.js";
import { reportTimeField } from "./reportSetting.js";
import {
  DISTRICTS_MAX,
  DISTRICTS_MIN,
  LECTURE_HALL,
  type MapSize,
  TEAM_SIZE_DEFAULT,
  TEAM_SIZE_MAX,
  TEAM_SIZE_MIN,
} from "../../shared/limits.js";
import { MAP_SIZES, NICKNAME_MAX, ROOM_CODE_ALPHABET } from "../../shared/protocol.js";
import { parseRecord } from "../../shared/record.js";
import { parseScenario, SCENARIOS, type Scenario } from "../../shared/scenarios.js";
import { errorText, locale, t } from "../i18n/index.js";
import { normaliseCode } from "../model/view.js";
import type { Connection } from "../net/connection.js";
import { download, h } from "./dom.js";
import { CITY_SCENE } from "./landingScene.js";

export interface LandingDeps {
  conn: Connection;
  toast(text: string, kind?: "info" | "error"): void;
  initialCode: string;
  initialNickname: string;
}

/** Colyseus' matchmaker code for "no room with that id" (ErrorCode.MATCHMAKE_INVALID_ROOM_ID). */
const MATCHMAKE_INVALID_ROOM_ID = 4212;

/** Server refusals arrive as MatchMakeError with our error code as the message. */
/** The scenario menu's entry for an instructor's own file. */
const CUSTOM = "__custom";
/** A scenario is a small file; anything larger is refused before reading. */
const MAX_SCENARIO_BYTES = 200_000;

export function connectError(e: unknown): string {
  if ((e as { code?: unknown })?.code === MATCHMAKE_INVALID_ROOM_ID) return errorText("room_not_found");
  const msg = e instanceof Error ? e.message : String(e);
  const code = msg.trim();
  if (/^[a-z_]+$/.test(code)) return errorText(code);
  // A refusal that names a field (a custom scenario): "scenario_invalid:goal.target".
  const withField = /^([a-z_]+):([\w.()[\]-]{1,80})$/.exec(code);
  if (withField) return errorText(withField[1], { field: withField[2] });
  return t("error.connect", { message: msg });
}

export function landingScreen(deps: LandingDeps): HTMLElement {
  const busy = (form: HTMLFormElement, on: boolean) => {
    for (const el of form.querySelectorAll("button, input, select")) (el as HTMLButtonElement).disabled = on;
  };
  const zh = locale() === "zh-CN";

  const code = h("input", {
    id: "join-code",
    name: "code",
    required: true,
    autocomplete: "off",
    autocapitalize: "characters",
    maxlength: 6,
    pattern: `[${ROOM_CODE_ALPHABET}${ROOM_CODE_ALPHABET.toLowerCase()}]{6}`,
    value: deps.initialCode,
    "aria-describedby": "join-code-hint",
  });
  const nick = h("input", {
    id: "join-nickname",
    name: "nickname",
    required: true,
    maxlength: NICKNAME_MAX,
    value: deps.initialNickname,
  });
  const joinForm = h(
    "form",
    {
      class: "card",
      "aria-labelledby": "join-title",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        mark("cq:join-submit");
        busy(joinForm, true);
        try {
          await deps.conn.join(normaliseCode(code.value), { nickname: nick.value.trim() });
        } catch (e) {
          deps.toast(connectError(e), "error");
          busy(joinForm, false);
        }
      },
    },
    h("h2", { id: "join-title" }, t("landing.join.title")),
    h("label", { for: "join-code" }, t("landing.join.code")),
    code,
    h("small", { id: "join-code-hint" }, t("landing.join.codeHint")),
    h("label", { for: "join-nickname" }, t("landing.join.nickname")),
    nick,
    h("button", { type: "submit", class: "primary", id: "join-submit" }, t("landing.join.submit")),
  );

  const hostNick = h("input", { id: "host-nickname", required: true, maxlength: NICKNAME_MAX });
  const scenario = h(
    "select",
    { id: "host-scenario" },
    SCENARIOS.map((s) => h("option", { value: s.id }, zh ? s.title.zh : s.title.en)),
    h("option", { value: CUSTOM }, t("landing.host.customScenario")),
  );
  const summary = h("p", { class: "summary", id: "host-summary", "aria-live": "polite" });
  // An instructor's own scenario: a JSON file, checked here with the same schema the server uses.
  let custom: { data: unknown; scenario: Scenario } | null = null;
  let customError: string | null = null;
  const file = h("input", {
    id: "host-scenario-file",
    type: "file",
    accept: ".json,application/json",
    "aria-describedby": "host-summary",
  });
  const template = h(
    "button",
    { type: "button", class: "link", id: "host-scenario-template", onclick: () => downloadTemplate() },
    t("landing.host.scenarioTemplate"),
  );
  const customBox = h(
    "div",
    { class: "custom-scenario", hidden: true },
    h("label", { for: "host-scenario-file" }, t("landing.host.scenarioFile")),
    file,
  );
  const downloadTemplate = () => {
    const s = SCENARIOS.find((x) => x.id === scenario.value) ?? SCENARIOS[0];
    download(
      `scenario-${s.id}.json`,
      "application/json",
      JSON.stringify({ ...s, id: `my-${s.id}` }, null, 2),
    );
  };
  const describe = (s: Scenario) => [
    h("span", {}, zh ? s.summary.zh : s.summary.en),
    h("br"),
    h("strong", {}, t("landing.goal", { goal: zh ? s.goal.text.zh : s.goal.text.en })),
  ];
  // Set once the rounds field exists: the note on how the goal scales follows the scenario shown.
  let afterSummary = () => {};
  const showSummary = () => {
    afterSummary();
    const isCustom = scenario.value === CUSTOM;
    customBox.hidden = !isCustom;
    if (!isCustom) {
      summary.replaceChildren(...describe(SCENARIOS.find((x) => x.id === scenario.value) ?? SCENARIOS[0]));
    } else if (custom) {
      summary.replaceChildren(
        h(
          "span",
          { class: "ok", id: "host-scenario-ok" },
          t("landing.host.scenarioOk", { title: zh ? custom.scenario.title.zh : custom.scenario.title.en }),
        ),
        h("br"),
        ...describe(custom.scenario),
      );
    } else {
      summary.replaceChildren(
        customError
          ? h("span", { class: "error", id: "host-scenario-error", role: "alert" }, customError)
          : h("span", {}, t("landing.host.scenarioPick")),
      );
    }
  };
  file.addEventListener("change", async () => {
    custom = null;
    customError = null;
    const f = file.files?.[0];
    if (f) {
      const text = f.size > MAX_SCENARIO_BYTES ? null : await f.text();
      const r = text === null ? null : parseScenario(text);
      if (r?.ok) custom = { data: JSON.parse(text as string), scenario: r.scenario };
      else if (!r || r.error.field === "(file)") customError = t("landing.host.scenarioUnreadable");
      else customError = errorText("scenario_invalid", { field: r.error.field });
    }
    showSummary();
  });
  scenario.addEventListener("change", showSummary);
  showSummary();
  const size = h(
    "select",
    { id: "host-size" },
    h("option", { value: "" }, t("landing.host.sizeDefault")),
    MAP_SIZES.map((n) => h("option", { value: String(n) }, `${n} × ${n}`)),
  );
  const districts = h("input", {
    id: "host-districts",
    type: "number",
    min: DISTRICTS_MIN,
    max: DISTRICTS_MAX,
    placeholder: "6",
  });
  const teamSize = h("input", {
    id: "host-team-size",
    type: "number",
    min: TEAM_SIZE_MIN,
    max: TEAM_SIZE_MAX,
    value: String(TEAM_SIZE_DEFAULT),
  });
  // Presets fill the size settings: a class (the scenario's own city) or a lecture hall (the largest
  // city, 40 districts, teams of 10). The fields stay editable in "More settings".
  const preset = h(
    "select",
    { id: "host-preset" },
    h("option", { value: "class" }, t("landing.host.presetClass")),
    h(
      "option",
      { value: "lectureHall" },
      t("landing.host.presetLectureHall", {
        size: LECTURE_HALL.size,
        districts: LECTURE_HALL.districts,
        team: LECTURE_HALL.teamSize,
      }),
    ),
  );
  preset.addEventListener("change", () => {
    const hall = preset.value === "lectureHall";
    size.value = hall ? String(LECTURE_HALL.size) : "";
    districts.value = hall ? String(LECTURE_HALL.districts) : "";
    teamSize.value = String(hall ? LECTURE_HALL.teamSize : TEAM_SIZE_DEFAULT);
  });
  const rounds = h("input", { id: "host-rounds", type: "number", min: 1, max: 40, placeholder: "12" });
  const planning = h("input", { id: "host-planning", type: "number", min: 20, max: 600, value: "90" });
  const reportTime = reportTimeField();
  const seed = h("input", { id: "host-seed", type: "number", min: 0, max: 2 ** 31 - 1, placeholder: "—" });
  const bots = h("input", { id: "host-bots", type: "checkbox", checked: true });
  const botStrategy = h(
    "select",
    { id: "host-bot-strategy" },
    h("option", { value: "mixed" }, t("landing.host.botsMixed")),
    h("option", { value: "cooperative" }, t("landing.host.botsCooperative")),
  );
  const chat = h("input", { id: "host-chat", type: "checkbox", checked: true });
  const solo = h("input", { id: "host-solo", type: "checkbox" });
  const num = (el: HTMLInputElement) => (el.value.trim() === "" ? undefined : Number(el.value));
  // Before the room is created: rounds other than the scenario's own scale the goal's target.
  const goalNote = h("p", { class: "muted", id: "host-goal-scale", "aria-live": "polite", hidden: true });
  const showGoalNote = () => {
    const s = scenario.value === CUSTOM ? custom?.scenario : SCENARIOS.find((x) => x.id === scenario.value);
    const r = num(rounds);
    const differs = s !== undefined && r !== undefined && Number.isInteger(r) && r >= 1 && r !== s.years;
    goalNote.textContent = differs ? t("landing.host.goalScales", { rounds: r, years: s.years }) : "";
    goalNote.hidden = !differs;
  };
  rounds.addEventListener("input", showGoalNote);
  afterSummary = showGoalNote;

  const hostForm = h(
    "form",
    {
      class: "card",
      "aria-labelledby": "host-title",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        if (scenario.value === CUSTOM && !custom) {
          deps.toast(customError ?? t("landing.host.scenarioPick"), "error");
          file.focus();
          return;
        }
        busy(hostForm, true);
        try {
          await deps.conn.create({
            nickname: hostNick.value.trim(),
            solo: solo.checked,
            locale: locale(),
            settings: {
              scenario: custom && scenario.value === CUSTOM ? custom.scenario.id : scenario.value,
              ...(custom && scenario.value === CUSTOM ? { customScenario: custom.data } : {}),
              size: size.value ? (Number(size.value) as MapSize) : undefined,
              districts: num(districts),
              teamSize: num(teamSize) ?? TEAM_SIZE_DEFAULT,
              rounds: num(rounds),
              planningSeconds: num(planning) ?? 90,
              ...reportTime.settings(),
              bots: bots.checked,
              botStrategy: botStrategy.value === "cooperative" ? "cooperative" : "mixed",
              chat: chat.checked,
              seed: num(seed),
            },
          });
        } catch (e) {
          deps.toast(connectError(e), "error");
          busy(hostForm, false);
        }
      },
    },
    h("h2", { id: "host-title" }, t("landing.host.title")),
    // The settings most classes change come first; the rest wait in "More settings".
    h("label", { for: "host-nickname" }, t("landing.host.nickname")),
    hostNick,
    h("label", { for: "host-scenario" }, t("landing.host.scenario")),
    scenario,
    customBox,
    summary,
    template,
    h("label", { for: "host-preset" }, t("landing.host.preset")),
    preset,
    h(
      "div",
      { class: "grid2" },
      h("div", {}, h("label", { for: "host-rounds" }, t("landing.host.rounds")), rounds),
      h("div", {}, h("label", { for: "host-planning" }, t("landing.host.planning")), planning),
      reportTime.el,
    ),
    goalNote,
    h("label", { class: "check" }, solo, t("landing.host.solo")),
    h(
      "details",
      { class: "host-advanced", id: "host-advanced" },
      h("summary", { id: "host-advanced-toggle" }, t("landing.host.advanced")),
      h(
        "div",
        { class: "grid2" },
        h("div", {}, h("label", { for: "host-size" }, t("landing.host.size")), size),
        h("div", {}, h("label", { for: "host-districts" }, t("landing.host.districts")), districts),
        h("div", {}, h("label", { for: "host-team-size" }, t("landing.host.teamSize")), teamSize),
        h("div", {}, h("label", { for: "host-seed" }, t("landing.host.seed")), seed),
      ),
      h("label", { class: "check" }, bots, t("landing.host.bots")),
      h("label", { for: "host-bot-strategy" }, t("landing.host.botStrategy")),
      botStrategy,
      h("label", { class: "check" }, chat, t("landing.host.chat")),
    ),
    h("button", { type: "submit", class: "primary", id: "host-submit" }, t("landing.host.submit")),
  );

  // The drawn city (our own inline SVG, decorative: the words beside it say what the game is).
  const scene = h("div", { class: "landing-scene", "aria-hidden": "true" });
  scene.innerHTML = CITY_SCENE;
  return h(
    "main",
    { class: "landing", id: "screen-landing" },
    h(
      "section",
      { class: "landing-hero", "aria-labelledby": "landing-tagline" },
      scene,
      h(
        "div",
        { class: "landing-words" },
        h("p", { class: "tagline", id: "landing-tagline" }, t("app.tagline")),
        h("p", { class: "landing-teaches", id: "landing-teaches" }, t("landing.teaches")),
      ),
    ),
    h("div", { class: "landing-cards" }, joinForm, hostForm),
    replayCard(deps.toast),
  );
}

/** A results file is a few hundred KB at most; anything larger is refused before reading. */
const MAX_RESULTS_BYTES = 8 * 1024 * 1024;

/** Replays a downloaded results file (JSON) in this browser, with no room and no server. */
function replayCard(toast: (text: string, kind?: "info" | "error") => void): HTMLElement {
  const file = h("input", { id: "replay-file", type: "file", accept: ".json,application/json" });
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    let parsed: unknown = null;
    try {
      parsed = f.size > MAX_RESULTS_BYTES ? null : JSON.parse(await f.text());
    } catch {
      parsed = null;
    }
    const r = parseRecord(parsed);
    if (!r.ok) {
      toast(t("replay.badFile", { field: r.field }), "error");
      return;
    }
    // The viewer and the rules it replays with load only when a file is opened.
    const { openReplay } = await import("./replay.js");
    openReplay(r.record, {
      reducedMotion: document.documentElement.classList.contains("reduce-motion"),
      opener: file,
    });
  });
  return h(
    "section",
    { class: "card landing-replay", "aria-labelledby": "replay-file-label" },
    h("label", { for: "replay-file", id: "replay-file-label" }, t("replay.openFile")),
    file,
  );
}
