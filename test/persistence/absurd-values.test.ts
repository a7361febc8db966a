// The kernel itself refuses a clock jump or a size no honest input produces, whatever path it came
// by (a journal record, a snapshot that skipped validation): before these bounds a time of 1e300
// or a size of 2^60 spun the CPU for an hour (timers fired every 10 s of simulated time, and past
// 2^53 adding 10 s no longer moved the clock at all).

import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Clock } from "../../src/clock.js";
import { Kernel, type KernelSnapshot } from "../../src/kernel.js";
import { CLOCK_JUMP_MS_MAX, CLOCK_MS_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { failure, newKernel, newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

describe("absurd times and sizes", () => {
  it("the clock refuses to pass CLOCK_MS_MAX", () => {
    const clock = new Clock();
    expect(failure(() => clock.advanceTo(CLOCK_MS_MAX + 1))).toEqual({ code: "EINVAL", message: `cannot move the clock to ${CLOCK_MS_MAX + 1} ms: past its end at T+876000:00:00.0 (CLOCK_MS_MAX, 100 years)` });
    expect(failure(() => clock.advanceTo(1e300)).code).toBe("EINVAL");
    clock.advanceTo(CLOCK_MS_MAX);
    expect(clock.now()).toBe(CLOCK_MS_MAX);
  });

  it("the kernel refuses one jump of more than CLOCK_JUMP_MS_MAX, and takes one of exactly that", () => {
    const kernel = newKernel();
    expect(failure(() => kernel.advanceClockTo(1e300))).toEqual({ code: "EINVAL", message: "cannot move the clock to 1e+300 ms at once: more than 366d ahead (CLOCK_JUMP_MS_MAX)" });
    kernel.advanceClockTo(CLOCK_JUMP_MS_MAX);
    expect(kernel.view.nowMs).toBe(CLOCK_JUMP_MS_MAX);
  });

  it("the interactive clock, left for two years, moves on by CLOCK_JUMP_MS_MAX and commands still run", () => {
    let wallMs = 0;
    const session = newSession({ interactive: true, wallClockMs: () => wallMs });
    wallMs += 2 * CLOCK_JUMP_MS_MAX;
    expect(ok(session, "echo still here")).toEqual(["still here"]);
    expect(session.kernel.view.nowMs).toBe(CLOCK_JUMP_MS_MAX);
  });

  it("a journal record at 1e300 stops the load at once instead of spinning", () => {
    const dir = tempDir();
    const store = StateStore.open(dir);
    const first = new Session({ seed: 3, sealKey: TEST_KEY, store });
    ok(first, "cluster pd create pd1; cluster pool create pd1/sp1; cluster sds add sds1 --pool pd1/sp1 --capacity 64M; save");
    store.close();
    writeFileSync(join(dir, "journal.jsonl"), `${JSON.stringify({ seq: 2, t: 1e300, user: "root", line: "status", mac: "0".repeat(64) })}\n`);
    const again = StateStore.open(dir);
    // refused as a record before its MAC is even looked at; the kernel's own jump bound (above) is the second line of defence
    expect(() => new Session({ seed: 3, sealKey: TEST_KEY, store: again })).toThrow(`record 1: t: not a time from 0 to ${CLOCK_MS_MAX} ms`);
    again.close();
  });

  it("a restore refuses a volume of 2^60 bytes, local or distributed, before anything walks its chunks", () => {
    const session = newSession();
    ok(session, "vol create local --size 1M; cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 64M; cluster sds add sds2 --pool pd1/sp1 --capacity 64M");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 4M");
    const saved = JSON.parse(JSON.stringify(session.kernel.toSnapshot())) as KernelSnapshot & { storage: { volumes: { sizeBytes: number }[] }; cluster: { volumes: { size: number }[] } };
    const local = structuredClone(saved);
    local.storage.volumes.find((v) => v.sizeBytes === 1024 ** 2)!.sizeBytes = 2 ** 60;
    expect(failure(() => Kernel.fromSnapshot(local, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS }))).toEqual({ code: "EINVAL", message: "bad volume size 1152921504606847000" }); // past 2^53: not even a whole number of bytes
    const distributed = structuredClone(saved);
    distributed.cluster.volumes[0]!.size = 2 ** 60;
    expect(failure(() => Kernel.fromSnapshot(distributed, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS }))).toEqual({ code: "EINVAL", message: "distributed volume 'dv' has size 1152921504606847000, not 1..17592186044416 bytes (VOLUME_SIZE_MAX)" });
  });
});
