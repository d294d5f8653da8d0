// The game session (shared/session.ts): the room's flow as a pure reducer. Phases, the clock and the
// pause from commands with their time; refusals with the room's error codes; the year end in two steps
// around a pure function; and one fold of the same reducer gives the same hash whoever runs it.
import { describe, expect, it } from "vitest";
import { actBlocker } from "../../client/model/play.js";
import { playBotGame, roomBotSeats } from "../../shared/bots.js";
import { stateHash } from "../../shared/hash.js";
import { replayHash, replaySession } from "../../shared/replay.js";
import { createGame, scenarioById } from "../../shared/scenario.js";
import {
  clockRuns,
  endYear,
  newSession,
  playRefusal,
  reduce,
  roleRefusal,
  run,
  type Session,
  type SessionCommandBody,
} from "../../shared/session.js";

const SETTINGS = { seed: 11, size: 24, districts: 4, years: 3 } as const;
const game = () => createGame(scenarioById("steel-town")!, SETTINGS);

function must(s: Session, body: SessionCommandBody, at = 0, bots: number[] = []) {
  const r = run(s, { ...body, at, bots });
  if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  return r;
}

describe("the session's phases and clock", () => {
  it("starts with the fair-start countdown, then plans with the planning clock", () => {
    const s0 = newSession(game(), { timing: { startCountdown: 5, planningSeconds: 60 } });
    expect(s0.phase).toBe("lobby");
    const a = must(s0, { type: "host", command: { type: "host.start" } }, 1000);
    expect(a.session.phase).toBe("starting");
    expect(a.timer).toBe(5000);
    expect(a.session.phaseEndsAt).toBe(6000);
    const b = must(a.session, { type: "allReady" }, 2000);
    expect(b.session.phase).toBe("planning");
    expect(b.timer).toBe(60_000);
    expect(b.session.phaseEndsAt).toBe(62_000);
    // A second start is refused with the phase it met.
    const again = run(b.session, { type: "host", command: { type: "host.start" }, at: 0 });
    expect(again).toEqual({ ok: false, error: { code: "wrong_phase", params: { phase: "planning" } } });
  });

  it("refuses actions outside planning and while paused, with the room's codes; the session is unchanged", () => {
    const s0 = newSession(game(), { timing: { startCountdown: 0 } });
    const act: SessionCommandBody = {
      type: "act",
      seat: { district: 0, host: false },
      action: { type: "setPolicy", policy: "festival", enabled: true },
    };
    expect(run(s0, { ...act, at: 0 })).toEqual({
      ok: false,
      error: { code: "not_planning", params: { phase: "lobby" } },
    });
    const planning = must(s0, { type: "host", command: { type: "host.start" } }, 0).session;
    const paused = must(planning, { type: "host", command: { type: "host.pause" } }, 30_000).session;
    expect(paused.paused).toBe(true);
    expect(paused.remainingMs).toBe(60_000); // 90 s planning, 30 s gone
    expect(run(paused, { ...act, at: 0 })).toEqual({ ok: false, error: { code: "paused" } });
    const unseated = { ...act, seat: { district: -1, host: false } };
    expect(run(planning, { ...unseated, at: 0 })).toEqual({ ok: false, error: { code: "no_seat" } });
    const done = must(planning, act, 1);
    expect(done.session.log).toHaveLength(1);
    expect(done.outputs[0]).toMatchObject({ kind: "publish" });
    expect(planning.log).toHaveLength(0);
    // A paused clock resumes with what was left; added time moves a running clock's end.
    const resumed = must(paused, { type: "host", command: { type: "host.resume" } }, 100_000);
    expect(resumed.timer).toBe(60_000);
    const more = must(
      resumed.session,
      { type: "host", command: { type: "host.addTime", seconds: 30 } },
      100_000,
    );
    expect(more.session.phaseEndsAt).toBe(190_000);
  });

  it("ends the year in two steps around the pure resolveYear (the room may run the middle elsewhere)", () => {
    const planning = must(newSession(game(), { timing: { startCountdown: 0 } }), {
      type: "host",
      command: { type: "host.start" },
    }).session;
    const begun = reduce(planning, { type: "tick", at: 5 });
    if (!begun.ok) throw new Error("refused");
    expect(begun.session.phase).toBe("resolving");
    expect(begun.outputs).toEqual([{ kind: "resolve" }]);
    expect(begun.timer).toBeNull();
    // While the year resolves, nothing changes the game.
    const decree = { type: "host.decree", policy: "ipProtection", enabled: true } as const;
    expect(reduce(begun.session, { type: "host", command: decree, at: 5 }).ok).toBe(false);
    const year = JSON.parse(JSON.stringify(endYear(begun.session))); // plain data: it can cross a thread
    const done = reduce(begun.session, { type: "yearEnd", year, at: 6 });
    if (!done.ok) throw new Error("refused");
    expect(done.session.phase).toBe("report");
    expect(done.session.game.year).toBe(1);
    expect(done.outputs.map((o) => o.kind)).toEqual(["yearReport", "save"]);
    expect(done.timer).toBe(30_000);
    expect(stateHash(done.session.game)).toBe(stateHash(must(planning, { type: "tick" }, 5).session.game));
    // A year arriving in another phase is refused.
    expect(reduce(done.session, { type: "yearEnd", year, at: 7 }).ok).toBe(false);
  });

  it("waits for the host's Continue after the report when asked, and ends after the last year", () => {
    let s = newSession(game(), { timing: { startCountdown: 0, reportWait: true } });
    s = must(s, { type: "host", command: { type: "host.start" } }).session;
    for (let y = 1; y <= SETTINGS.years; y++) {
      const end = must(s, { type: "host", command: { type: "host.endPlanning" } });
      s = end.session;
      if (y < SETTINGS.years) {
        expect(s.phase).toBe("report");
        expect(end.timer).toBeNull();
        expect(must(s, { type: "tick" }).session.phase).toBe("report");
        s = must(s, { type: "host", command: { type: "host.endPlanning" } }).session;
        expect(s.phase).toBe("planning");
      }
    }
    expect(s.phase).toBe("ended");
    expect(s.log.filter((e) => e.kind === "resolve")).toHaveLength(SETTINGS.years);
    expect(run(s, { type: "host", command: { type: "host.endGame" }, at: 0 }).ok).toBe(false);
  });
});

describe("phase and role rules, once", () => {
  it("are what the client's gates call", () => {
    for (const phase of ["lobby", "starting", "planning", "resolving", "report", "ended"])
      for (const paused of [false, true]) {
        expect(actBlocker({ phase, paused }, 0, false)).toBe(paused ? "paused" : playRefusal(phase, paused));
        expect(playRefusal(phase, paused) === null).toBe(phase === "planning" && !paused);
        expect(clockRuns(phase)).toBe(phase === "planning" || phase === "report");
      }
    expect(actBlocker({ phase: "planning", paused: false }, 0, true)).toBe("projector_read_only");
    expect(roleRefusal({ isHost: false, isProjector: false }, "host.start")).toBe("not_host");
    expect(roleRefusal({ isHost: false, isProjector: true }, "action")).toBe("projector_read_only");
    expect(roleRefusal({ isHost: false, isProjector: true }, "ready")).toBeNull();
    expect(roleRefusal({ isHost: true, isProjector: false }, "host.start")).toBeNull();
  });
});

describe("one reducer, one hash", () => {
  it("a room's loop of bots, the balance harness's game and the replay of the log agree", () => {
    const everyone = [0, 1, 2, 3];
    let s = newSession(game(), { timing: { startCountdown: 0 }, bots: { level: "hard", mode: "mixed" } });
    s = must(s, { type: "host", command: { type: "host.start" } }, 0, everyone).session;
    for (let k = 0; s.phase !== "ended" && k < 20; k++) s = must(s, { type: "tick" }, k, everyone).session;
    expect(s.phase).toBe("ended");
    expect(s.game.year).toBe(SETTINGS.years);
    const hash = stateHash(s.game);
    const seats = everyone.map(roomBotSeats("hard", "mixed"));
    expect(stateHash(playBotGame(game(), seats, SETTINGS.seed).state)).toBe(hash);
    const record = { scenario: "steel-town", settings: SETTINGS, log: [...s.log] };
    expect(replayHash(record)).toBe(hash);
    expect(replaySession(record).log).toEqual(s.log);
  });
});
