// The kernel's only source of randomness: sfc32, seeded through splitmix32 so that any integer
// seed gives a well-mixed state. Its four words are saved with the kernel, so a restored kernel
// continues the same sequence.

export type RngState = readonly [number, number, number, number];

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private readonly words = new Uint32Array(4);

  constructor(seed: number) {
    const mix = splitmix32(seed);
    for (let i = 0; i < 4; i++) this.words[i] = mix();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.words;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 2 ** 32;
  }

  /** A uniform integer in [0, bound). */
  nextBelow(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  state(): RngState {
    return [this.words[0]!, this.words[1]!, this.words[2]!, this.words[3]!];
  }

  restore(state: RngState): void {
    for (let i = 0; i < 4; i++) this.words[i] = state[i]! >>> 0;
  }
}
