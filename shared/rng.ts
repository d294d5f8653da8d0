// A small seeded PRNG (sfc32) whose whole running state is four uint32 words stored in the game
// state, so that rules stay pure and a saved game resumes the same random sequence.

export type RngState = [number, number, number, number];

export function seedRng(seed: number): RngState {
  // splitmix32 spreads any integer seed over the four words.
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const st: RngState = [next(), next(), next(), next()];
  const rng = new Rng(st);
  for (let i = 0; i < 12; i++) rng.uint32();
  return rng.state();
}

/** A mutable generator over a copy of a state; call `state()` to store it back. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(st: RngState) {
    [this.a, this.b, this.c, this.d] = st;
  }
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Standard normal by Box-Muller. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Index drawn with the given non-negative weights (-1 if all zero). */
  weighted(weights: readonly number[]): number {
    let sum = 0;
    for (const w of weights) sum += w;
    if (!(sum > 0)) return -1;
    let r = this.next() * sum;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }
}
