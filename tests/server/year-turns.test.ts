// Year results taken in one per turn of the event loop (server/year-end.ts, nextTurn): many rooms'
// years coming back together do not make one long turn.
import { expect, it } from "vitest";
import { nextTurn } from "../../server/year-end.js";

it("releases one waiter per turn of the loop, oldest first, with other immediates between", async () => {
  const released: number[] = [];
  for (let k = 1; k <= 3; k++) void nextTurn().then(() => released.push(k));
  // An immediate queued now runs in the first waiter's turn, before the second waiter's.
  await new Promise<void>((r) => setImmediate(r));
  expect(released).toEqual([1]);
  await new Promise<void>((r) => setImmediate(r));
  expect(released).toEqual([1, 2]);
  await expect.poll(() => released).toEqual([1, 2, 3]);
});
