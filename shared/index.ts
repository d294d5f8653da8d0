// The game's rules, shared by the server (authority) and the client (previews).
export * from "./actions.js";
export * from "./bots.js";
export * from "./clusters.js";
export * from "./debrief.js";
export * from "./economy.js";
export * from "./hash.js";
export * from "./kinds.js";
export * from "./levers.js";
export * from "./limits.js";
export * from "./replay.js";
export * from "./resolve.js";
export * from "./rng.js";
export * from "./scenario.js";
export * from "./state.js";
