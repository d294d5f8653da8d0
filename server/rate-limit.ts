// Per-client flood control (Colyseus 0.16 has none): a token bucket for messages, and a second
// bucket that counts refused messages, so that sustained flooding gets the client disconnected.

export interface RateLimitOptions {
  /** Messages a client may send in a burst. */
  burst: number;
  /** Messages per second refilled. */
  perSecond: number;
  /** Refused messages tolerated in a burst before disconnecting. */
  strikeBurst: number;
  /** Refused messages per second forgiven. */
  strikesPerSecond: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  burst: 30,
  perSecond: 8,
  strikeBurst: 60,
  strikesPerSecond: 4,
};

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }
  /** Tokens there are now (refilled, none taken). */
  available(now: number): number {
    this.tokens = Math.min(
      this.capacity,
      this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond,
    );
    this.last = Math.max(this.last, now);
    return this.tokens;
  }
  /** Takes one token if there is one. */
  take(now: number): boolean {
    return this.takeMany(1, now);
  }
  /** Takes `n` tokens if there are that many. */
  takeMany(n: number, now: number): boolean {
    if (this.available(now) < n) return false;
    this.tokens -= n;
    return true;
  }
}

export type Verdict = "ok" | "limited" | "flood";

export class ClientLimiter {
  private readonly messages: TokenBucket;
  private readonly strikes: TokenBucket;
  constructor(options: RateLimitOptions, now: number) {
    this.messages = new TokenBucket(options.burst, options.perSecond, now);
    this.strikes = new TokenBucket(options.strikeBurst, options.strikesPerSecond, now);
  }
  check(now: number): Verdict {
    if (this.messages.take(now)) return "ok";
    return this.strikes.take(now) ? "limited" : "flood";
  }
}
