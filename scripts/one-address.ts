// Server limits for test and load-test servers whose clients all come from one address (loopback):
// the per-address limits (rooms, seats, matchmaking requests, failed joins, the kick cool-down) are
// meant for a network of real clients, so here they are lifted. Tests of the limits set their own.
export const ONE_ADDRESS_ENV: Record<string, string> = {
  CQ_ROOMS_PER_ADDRESS: "100000",
  CQ_MAX_ROOMS: "100000",
  CQ_JOINS_PER_ADDRESS: "80",
  CQ_MATCHMAKE_BURST: "1000000",
  CQ_JOIN_FAILURE_BURST: "1000000",
  CQ_KICK_COOLDOWN_SECONDS: "0",
};
