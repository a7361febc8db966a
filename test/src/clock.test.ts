import { describe, expect, it } from "vitest";
import { Clock, formatSimTime } from "../../src/clock.js";
import { KernelError } from "../../src/errors.js";
import { TIMER_COUNT_MAX } from "../../src/limits.js";

describe("Clock", () => {
  it("fires timers in due order, then in scheduling order for equal times", () => {
    const clock = new Clock();
    const fired: string[] = [];
    clock.schedule(300, () => fired.push("c"));
    clock.schedule(100, () => fired.push("a1"));
    clock.schedule(200, () => fired.push("b"));
    clock.schedule(100, () => fired.push("a2"));
    clock.advance(250);
    expect(fired).toEqual(["a1", "a2", "b"]);
    expect(clock.now()).toBe(250);
    clock.advance(50);
    expect(fired).toEqual(["a1", "a2", "b", "c"]);
  });

  it("counts the timers fired, not the advances (a live view samples again only after one)", () => {
    const clock = new Clock();
    clock.schedule(100, () => {});
    clock.schedule(100, () => {});
    clock.advance(50);
    expect(clock.fired()).toBe(0);
    clock.advance(50);
    expect(clock.fired()).toBe(2);
    clock.advance(1000);
    expect(clock.fired()).toBe(2);
  });

  it("runs a timer at its own due time, and timers it schedules on the way", () => {
    const clock = new Clock();
    const seen: number[] = [];
    clock.schedule(100, (now) => {
      seen.push(now);
      clock.schedule(now + 50, (later) => seen.push(later));
    });
    clock.advance(1000);
    expect(seen).toEqual([100, 150]);
    expect(clock.now()).toBe(1000);
  });

  it("refuses a negative advance and keeps its time", () => {
    const clock = new Clock(500);
    expect(() => clock.advance(-1)).toThrow(KernelError);
    expect(clock.now()).toBe(500);
  });

  it("holds TIMER_COUNT_MAX timers and refuses one more with ENOSPC", () => {
    const clock = new Clock();
    for (let i = 0; i < TIMER_COUNT_MAX; i++) clock.schedule(i, () => {});
    expect(() => clock.schedule(1, () => {})).toThrow(/timer table full/);
    clock.advance(TIMER_COUNT_MAX);
    expect(clock.pendingCount()).toBe(0);
    clock.schedule(1, () => {}); // slots come back once fired
  });

  it("formats simulated time", () => {
    expect(formatSimTime(0)).toBe("T+00:00:00.0");
    expect(formatSimTime(3_723_450)).toBe("T+01:02:03.4");
  });
});
