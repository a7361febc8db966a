// The interactive clock: in the interactive shell simulated time follows the wall, as
// base + wall time elapsed × speed. The session rebases it whenever simulated time jumps on its
// own (sleep, tick, chaos, a new kernel) or the speed changes, so the wall is followed from there.
// Piped and scripted runs have no wall clock here: their time moves only with sleep and tick.

export class InteractiveClock {
  speed = 1;
  private wallBaseMs = 0;
  private simBaseMs = 0;

  constructor(private readonly wallClockMs: (() => number) | undefined) {}

  /** The simulated time the wall has reached since the last rebase; undefined without a wall clock. */
  followedMs(): number | undefined {
    const wall = this.wallClockMs;
    if (wall === undefined) return undefined;
    return this.simBaseMs + (wall() - this.wallBaseMs) * this.speed;
  }

  /** Follows the wall from now on, starting at the simulated time `simNowMs`. */
  rebase(simNowMs: number): void {
    this.wallBaseMs = this.wallClockMs?.() ?? 0;
    this.simBaseMs = simNowMs;
  }
}
