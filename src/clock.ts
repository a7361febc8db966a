// Simulated time. The kernel never reads the wall clock: time is a count of milliseconds that
// moves only when advanced (by `sleep`/`tick` in scripts, by the wall clock in the interactive
// shell). Callbacks scheduled for a time fire, when the clock passes it, in order of due time and
// then of scheduling, so the same sequence of advances always runs them in the same order.
//
// Timers live in a fixed-capacity binary min-heap over typed arrays (due time, sequence, slot);
// the callbacks themselves sit in a fixed-length array indexed by slot. Timers are not saved:
// a manager restored from a snapshot schedules again what its state implies.

import { assert } from "./assert.js";
import { fail } from "./errors.js";
import { CLOCK_MS_MAX, TIMER_COUNT_MAX, TICK_MS } from "./limits.js";

export type TimerCallback = (nowMs: number) => void;

export class Clock {
  private nowMs = 0;
  private sequence = 0;
  private count = 0;
  private firedCount = 0; // timers fired so far: what a view asks to know whether a timer may have changed anything
  private readonly dueMs = new Float64Array(TIMER_COUNT_MAX);
  private readonly order = new Float64Array(TIMER_COUNT_MAX);
  private readonly heapSlot = new Uint16Array(TIMER_COUNT_MAX);
  private readonly callbacks: (TimerCallback | undefined)[] = new Array(TIMER_COUNT_MAX).fill(undefined);
  private readonly freeSlots = new Uint16Array(TIMER_COUNT_MAX);
  private freeCount = TIMER_COUNT_MAX;

  constructor(startMs = 0) {
    assert(startMs >= 0 && startMs <= CLOCK_MS_MAX, "the clock starts within its range");
    this.nowMs = startMs;
    for (let i = 0; i < TIMER_COUNT_MAX; i++) this.freeSlots[i] = TIMER_COUNT_MAX - 1 - i;
  }

  now(): number {
    return this.nowMs;
  }

  pendingCount(): number {
    return this.count;
  }

  fired(): number {
    return this.firedCount;
  }

  /** Runs `callback` once the clock reaches `atMs` (immediately on the next advance if past). */
  schedule(atMs: number, callback: TimerCallback): void {
    assert(Number.isFinite(atMs), "timer due time is finite");
    if (this.freeCount === 0) fail("ENOSPC", `timer table full (${TIMER_COUNT_MAX} pending timers)`);
    const slot = this.freeSlots[--this.freeCount]!;
    this.callbacks[slot] = callback;
    const index = this.count++;
    this.dueMs[index] = atMs;
    this.order[index] = this.sequence++;
    this.heapSlot[index] = slot;
    this.siftUp(index);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) fail("EINVAL", `cannot advance the clock by ${ms} ms`);
    this.advanceTo(this.nowMs + ms);
  }

  /** Moves time to `targetMs`; past CLOCK_MS_MAX is refused (beyond it timers would spin, or stop moving the clock). */
  advanceTo(targetMs: number): void {
    if (!(targetMs <= CLOCK_MS_MAX)) fail("EINVAL", `cannot move the clock to ${targetMs} ms: past its end at ${formatSimTime(CLOCK_MS_MAX)} (CLOCK_MS_MAX, 100 years)`);
    assert(targetMs >= this.nowMs, "the clock never runs backwards");
    while (this.count > 0 && this.dueMs[0]! <= targetMs) {
      const slot = this.heapSlot[0]!;
      this.nowMs = Math.max(this.nowMs, this.dueMs[0]!);
      this.removeTop();
      const callback = this.callbacks[slot]!;
      this.callbacks[slot] = undefined;
      this.freeSlots[this.freeCount++] = slot;
      this.firedCount++;
      callback(this.nowMs);
    }
    this.nowMs = targetMs;
  }

  ticks(): number {
    return Math.floor(this.nowMs / TICK_MS);
  }

  private before(a: number, b: number): boolean {
    const da = this.dueMs[a]!;
    const db = this.dueMs[b]!;
    return da < db || (da === db && this.order[a]! < this.order[b]!);
  }

  private swap(a: number, b: number): void {
    const due = this.dueMs[a]!, order = this.order[a]!, slot = this.heapSlot[a]!;
    this.dueMs[a] = this.dueMs[b]!;
    this.order[a] = this.order[b]!;
    this.heapSlot[a] = this.heapSlot[b]!;
    this.dueMs[b] = due;
    this.order[b] = order;
    this.heapSlot[b] = slot;
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(index, parent)) return;
      this.swap(index, parent);
      index = parent;
    }
  }

  private removeTop(): void {
    this.count--;
    if (this.count === 0) return;
    this.swap(0, this.count);
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.count && this.before(left, smallest)) smallest = left;
      if (right < this.count && this.before(right, smallest)) smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }
}

/** Formats simulated milliseconds as T+HH:MM:SS.t (tenths). */
export function formatSimTime(ms: number): string {
  const totalTenths = Math.floor(ms / 100);
  const tenths = totalTenths % 10;
  const seconds = Math.floor(totalTenths / 10) % 60;
  const minutes = Math.floor(totalTenths / 600) % 60;
  const hours = Math.floor(totalTenths / 36000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `T+${two(hours)}:${two(minutes)}:${two(seconds)}.${tenths}`;
}
