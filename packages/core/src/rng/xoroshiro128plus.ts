/**
 * xoroshiro128+ (a=24, b=16, c=37) seeded through splitmix64: the generator
 * of the C anchor (the plain C implementation the tests cross-check against;
 * docs/algorithm.md §5) and of SparseProp's reference
 * network, bit for bit, so that a network and its initial state are the same
 * whichever implementation builds them.
 *
 * Hand-written on 32-bit halves rather than taken from a library: the
 * connectivity re-seeds it on every spike, inside the hot loop, where BigInt
 * arithmetic would allocate and pure-rand's immutable API would too.
 */
export class Xoroshiro128Plus {
  /**
   * The state words `[s0 high, s0 low, s1 high, s1 low]` (a typed array keeps
   * the uint32 words unboxed). Exposed so a hot loop can step the generator
   * in local variables; see {@link FixedOutDegreeConnectivity}.
   */
  readonly state = new Uint32Array(4);
  // splitmix64 state and 64-bit scratch (results of mul/mix); only used when seeding
  private xh = 0;
  private xl = 0;
  private th = 0;
  private tl = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Re-seed from an integer in `[0, 2^53)`: `s0, s1 = splitmix64(seed), splitmix64(...)`. */
  seed(seed: number): void {
    this.xh = Math.floor(seed / 4294967296) >>> 0;
    this.xl = seed >>> 0;
    this.splitmix64();
    this.state[0] = this.th;
    this.state[1] = this.tl;
    this.splitmix64();
    this.state[2] = this.th;
    this.state[3] = this.tl;
  }

  /** Next output as a uniform double in `[0, 1)` from its top 53 bits. */
  nextDouble(): number {
    const state = this.state;
    const s0h = state[0], s0l = state[1];
    let s1h = state[2], s1l = state[3];
    // result = s0 + s1 (mod 2^64); only its top 53 bits are used
    const lo = s0l + s1l;
    const resl = lo >>> 0;
    const resh = (s0h + s1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    // s1 ^= s0
    s1h = (s1h ^ s0h) >>> 0;
    s1l = (s1l ^ s0l) >>> 0;
    // s0 = rotl(s0, 24) ^ s1 ^ (s1 << 16)
    const r0h = ((s0h << 24) | (s0l >>> 8)) >>> 0;
    const r0l = ((s0l << 24) | (s0h >>> 8)) >>> 0;
    state[0] = r0h ^ s1h ^ ((s1h << 16) | (s1l >>> 16));
    state[1] = r0l ^ s1l ^ (s1l << 16);
    // s1 = rotl(s1, 37) = rotl(swap(s1), 5)
    state[2] = (s1l << 5) | (s1h >>> 27);
    state[3] = (s1h << 5) | (s1l >>> 27);
    return resh * 2.3283064365386963e-10 + (resl >>> 11) * 1.1102230246251565e-16; // 2^-32, 2^-53
  }

  /** splitmix64 step on (xh, xl); result in (th, tl). */
  private splitmix64(): void {
    // x += 0x9e3779b97f4a7c15
    const lo = this.xl + 0x7f4a7c15;
    this.xl = lo >>> 0;
    this.xh = (this.xh + 0x9e3779b9 + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    let zh = this.xh, zl = this.xl;
    // z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
    zl = (zl ^ ((zl >>> 30) | (zh << 2))) >>> 0;
    zh = (zh ^ (zh >>> 30)) >>> 0;
    this.mul64(zh, zl, 0xbf58476d, 0x1ce4e5b9);
    zh = this.th;
    zl = this.tl;
    // z = (z ^ (z >> 27)) * 0x94d049bb133111eb
    zl = (zl ^ ((zl >>> 27) | (zh << 5))) >>> 0;
    zh = (zh ^ (zh >>> 27)) >>> 0;
    this.mul64(zh, zl, 0x94d049bb, 0x133111eb);
    zh = this.th;
    zl = this.tl;
    // z ^ (z >> 31)
    this.tl = (zl ^ ((zl >>> 31) | (zh << 1))) >>> 0;
    this.th = (zh ^ (zh >>> 31)) >>> 0;
  }

  /** (ah:al) * (bh:bl) mod 2^64 into (th, tl). */
  private mul64(ah: number, al: number, bh: number, bl: number): void {
    const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
    const p0 = a0 * b0, p1 = a1 * b0, p2 = a0 * b1, p3 = a1 * b1;
    const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
    const hiLow = p3 + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16); // high word of al*bl, < 2^32
    this.tl = Math.imul(al, bl) >>> 0;
    this.th = (hiLow + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  }
}
