// Bugs the fuzzer found (test/fuzz/fuzz.test.ts), each kept as the smallest case that shows it.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Kernel } from "../../src/kernel.js";
import { newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

/** The kernel's snapshot as JSON, and the snapshot of the kernel rebuilt from it. */
function reloadBoth(kernel: Kernel): [string, string] {
  const text = JSON.stringify(kernel.toSnapshot());
  return [text, JSON.stringify(Kernel.fromSnapshot(JSON.parse(text), { sealKey: TEST_KEY }).toSnapshot())];
}

describe("found by the fuzzer", () => {
  it("keeps root's lowered clearance across save and load", () => {
    const session = newSession();
    const file = join(tempDir(), "s.json");
    ok(session, `sec clearance root private; save ${file}; load ${file}`);
    expect(ok(session, "id root")[0]).toBe("uid=0(root) gid=0(root) groups=0(root) clearance=private");
  });

  it("reloads a cluster whose last client left before its heartbeat to the same snapshot", () => {
    const session = newSession();
    ok(session, "cluster sdc add host1; cluster sdc remove host1");
    const [saved, reloaded] = reloadBoth(session.kernel);
    expect(reloaded).toBe(saved);
    expect(JSON.parse(reloaded).cluster.timers).toEqual([10_000, -1]); // the heartbeat still due at 10 s
  });
});
