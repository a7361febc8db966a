import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir } from "../helpers.js";

/** An interactive session whose wall clock the test moves by hand. */
function interactiveSession() {
  let wallMs = 0;
  const session = newSession({ interactive: true, wallClockMs: () => wallMs });
  return { session, walk: (ms: number) => (wallMs += ms) };
}

describe("the interactive clock", () => {
  it("follows wall time", () => {
    const { session, walk } = interactiveSession();
    walk(5000);
    session.syncClock();
    expect(session.kernel.view.nowMs).toBe(5000);
  });

  it.each(["sleep 2m", "tick 1200"])("keeps following wall time from the new point after %s", (line) => {
    const { session, walk } = interactiveSession();
    walk(1000);
    ok(session, line);
    expect(session.kernel.view.nowMs).toBe(121_000);
    walk(1000);
    session.syncClock();
    expect(session.kernel.view.nowMs).toBe(122_000);
    walk(500);
    session.syncClock();
    expect(session.kernel.view.nowMs).toBe(122_500);
  });

  it("keeps following wall time after load jumps to a later snapshot", () => {
    const file = join(tempDir(), "later.json");
    const script = newSession();
    ok(script, `sleep 1h; save ${file}`);
    const { session, walk } = interactiveSession();
    walk(2000);
    ok(session, `load ${file}`);
    walk(1000);
    session.syncClock();
    expect(session.kernel.view.nowMs).toBe(3_601_000);
  });

  it("runs at the set speed after a jump, and stands still at speed 0", () => {
    const { session, walk } = interactiveSession();
    ok(session, "clock speed 10; sleep 1m");
    walk(1000);
    session.syncClock();
    expect(session.kernel.view.nowMs).toBe(70_000);
    ok(session, "clock speed 0; sleep 1s");
    walk(60_000);
    session.syncClock();
    expect(session.kernel.view.nowMs).toBe(71_000);
  });
});
