// Replaying a large journal at start says how far it got, on stderr only and only past a second:
// redrawn in place on a terminal, one final line into a pipe or a file.

import { describe, expect, it } from "vitest";
import { StateStore } from "../../src/persistence/state-store.js";
import { ProgressLine, type ProgressSink } from "../../shell/progress-line.js";
import { Session } from "../../shell/session.js";
import { ok, TEST_KEY, tempDir } from "../helpers.js";

const MiB = 1024 ** 2;

/** A sink on a clock the test moves; what it was given, in order. */
function sink(tty: boolean): ProgressSink & { written: string[]; clock: { ms: number } } {
  const clock = { ms: 0 };
  const written: string[] = [];
  return { tty, written, clock, write: (text) => void written.push(text), nowMs: () => clock.ms };
}

describe("the replay progress line", () => {
  it("says nothing when replay ends within a second, on a terminal or not", () => {
    for (const tty of [true, false]) {
      const out = sink(tty);
      const progress = new ProgressLine(out);
      out.clock.ms = 999;
      progress.show(`replaying journal: ${Math.round(512 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB`);
      progress.finish();
      expect(out.written).toEqual([]);
    }
  });

  it("forced on (afterMs 0, as KSHELL_TEST_PROGRESS=always sets it): even instant work leaves its final line", () => {
    const out = { ...sink(false), afterMs: 0 };
    const progress = new ProgressLine(out);
    progress.show("replaying journal: 64 of 64 MiB, record 2 of 2");
    progress.finish();
    expect(out.written).toEqual(["replaying journal: 64 of 64 MiB, record 2 of 2 in 0 ms\n"]);
    const silent = { ...sink(false), afterMs: 0 };
    new ProgressLine(silent).finish(); // work that never said how far it got (an empty journal) leaves no line
    expect(silent.written).toEqual([]);
  });

  it("on a terminal: redrawn in place past a second, at most every 100 ms, then left as one line", () => {
    const out = sink(true);
    const progress = new ProgressLine(out);
    out.clock.ms = 1000;
    progress.show(`checking journal: ${Math.round(256 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB`);
    out.clock.ms = 1050;
    progress.show(`checking journal: ${Math.round(300 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB`); // too soon: not drawn
    out.clock.ms = 1200;
    progress.show(`replaying journal: ${Math.round(512 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB, record 8 of 16`);
    out.clock.ms = 3250;
    progress.show(`replaying journal: ${Math.round(1024 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB, record 16 of 16`);
    progress.finish();
    expect(out.written).toEqual([
      "\rchecking journal: 256 of 1024 MiB\x1b[K",
      "\rreplaying journal: 512 of 1024 MiB, record 8 of 16\x1b[K",
      "\rreplaying journal: 1024 of 1024 MiB, record 16 of 16\x1b[K",
      "\rreplaying journal: 1024 of 1024 MiB, record 16 of 16 in 3.3 s\x1b[K\n",
    ]);
  });

  it("into a pipe or a file: one final line, nothing redrawn", () => {
    const out = sink(false);
    const progress = new ProgressLine(out);
    out.clock.ms = 1500;
    progress.show(`replaying journal: ${Math.round(512 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB, record 8 of 16`);
    out.clock.ms = 2000;
    progress.show(`replaying journal: ${Math.round(1024 * MiB / MiB)} of ${Math.round(1024 * MiB / MiB)} MiB, record 16 of 16`);
    progress.finish();
    expect(out.written).toEqual(["replaying journal: 1024 of 1024 MiB, record 16 of 16 in 2 s\n"]);
  });

  it("clears a line drawn in place when replay stops on an error, so the error starts its own line", () => {
    const out = sink(true);
    const progress = new ProgressLine(out);
    out.clock.ms = 2000;
    progress.show(`checking journal: ${Math.round(1 * MiB / MiB)} of ${Math.round(2 * MiB / MiB)} MiB`);
    progress.abandon();
    expect(out.written).toEqual(["\rchecking journal: 1 of 2 MiB\x1b[K", "\r\x1b[K"]);
    const quiet = sink(true);
    new ProgressLine(quiet).abandon();
    expect(quiet.written).toEqual([]);
  });

  it("is what a session prints to its progress sink when replay at start is slow, never to its output", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    ok(new Session({ seed: 1, sealKey: TEST_KEY, store }), "vol create d --size 1M; vol write d 0 --data hi");
    store.close();
    store = StateStore.open(dir);
    const out = sink(false);
    const slow = { ...out, nowMs: () => (out.clock.ms += 1500) }; // every look at the clock: 1.5 s later
    const session = new Session({ seed: 1, sealKey: TEST_KEY, store, progress: slow });
    expect(out.written).toHaveLength(1);
    expect(out.written).toEqual(["replaying journal: 0 of 0 MiB, record 2 of 2 in 1.5 s\n"]);
    expect(ok(session, "vol read d 0 2")).toEqual(["hi"]);
    store.close();
  });
});
