// Refusals at join or create arrive as errors whose message is our protocol code; they are shown
// translated, and anything else is shown as a connection problem with its message.
import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../../client/i18n/index.js";
import { connectError } from "../../client/ui/landing.js";

afterEach(() => setLocale("en"));

describe("connectError", () => {
  it("translates the server's protocol codes", () => {
    expect(connectError(new Error("nickname_taken"))).toBe("That nickname is taken in this room.");
    setLocale("zh-CN");
    expect(connectError(new Error("room_not_found"))).toBe("没有这个房间码对应的房间。");
  });

  it("reads the matchmaker's unknown-room code as room_not_found", () => {
    const e = Object.assign(new Error('room "ZZZZZZ" not found'), { code: 4212 });
    expect(connectError(e)).toBe("No room with that code.");
  });

  it("names the bad field of a refused scenario file", () => {
    expect(connectError(new Error("scenario_invalid:goal.target"))).toBe(
      "The scenario is not valid (goal.target).",
    );
    setLocale("zh-CN");
    expect(connectError(new Error("scenario_invalid:districts"))).toBe("情景无效（districts）。");
  });

  it("shows other failures as a connection problem", () => {
    expect(connectError(new Error("Failed to fetch"))).toBe("Could not connect: Failed to fetch");
    expect(connectError("some_unknown_code")).toBe("Something went wrong (some_unknown_code).");
  });
});
