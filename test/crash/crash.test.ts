// The crash test's short form (issue 12): a child kshell killed with SIGKILL five times at random
// moments of the seeded workload, restarted on the same directory and checked each time: no
// acknowledged write, volume or snapshot lost, every directory loads. Also the model's own check:
// that it counts a changed byte as a lost write and tells written bytes from never-written ones.
// The long form is `npm run crash -- --kills 50 [--seed N]`.

import { afterAll, describe, expect, it } from "vitest";
import { removeScratch } from "../adversarial/run.js";
import { crashRun } from "./harness.js";
import { reportLines } from "./long.js";
import { Image } from "./model.js";

const KILLS = 5;
const SLOW_MS = 60_000;
const BURST_SEED = 2; // its workload reaches a burst within KILLS kills // a healthy run takes a few seconds; the machines are shared

describe("the crash test, short form", () => {
  afterAll(() => removeScratch(true));

  it(`loses nothing acknowledged over ${KILLS} kills, and every directory loads`, async () => {
    const report = await crashRun({ kills: KILLS, seed: 1 });
    const summary = reportLines(report).join("\n");
    expect(report.kills, summary).toBeGreaterThanOrEqual(KILLS);
    expect(report.writesAcknowledged, summary).toBeGreaterThan(0);
    expect(report.failures, summary).toEqual([]);
    expect([report.lostWrites, report.lostObjects, report.failedLoads], summary).toEqual([0, 0, 0]);
    expect(report.refused, summary).toEqual([]); // a refusal means the model and kshell disagree
  }, SLOW_MS);

  it(`loses nothing acknowledged when kills come in the middle of bursts of commands run as one batch (group commit)`, async () => {
    const report = await crashRun({ kills: KILLS, seed: BURST_SEED });
    const summary = reportLines(report).join("\n");
    expect(report.bursts, summary).toBeGreaterThan(0);
    expect(report.failures, summary).toEqual([]);
    expect([report.lostWrites, report.lostObjects, report.failedLoads], summary).toEqual([0, 0, 0]);
  }, SLOW_MS);
});

describe("the crash test's model", () => {
  const image = () => {
    const made = Image.zeros(64);
    made.write(0, Buffer.from("aaaaaaaa"));
    made.write(4, Buffer.from("bbbbbbbb")); // hides the second half of the first
    made.write(32, Buffer.from("cc"));
    return made;
  };

  it("finds nothing when the bytes read back are the model's", () => {
    expect(image().differences(image().bytes.slice())).toEqual({ lostWrites: 0, strayBytes: 0, firstAt: -1 });
  });

  it("counts each write whose surviving bytes changed, once", () => {
    const back = image().bytes.slice();
    back[1] = 0; // the first write's visible part
    back[5] = 0; // the second's
    back[6] = 0;
    expect(image().differences(back)).toEqual({ lostWrites: 2, strayBytes: 0, firstAt: 1 });
  });

  it("tells never-written bytes that changed from lost writes, and a short read from a whole one", () => {
    const back = image().bytes.slice();
    back[40] = 7;
    expect(image().differences(back)).toEqual({ lostWrites: 0, strayBytes: 1, firstAt: 40 });
    expect(image().differences(image().bytes.slice(0, 33)).lostWrites).toBe(1);
  });

  it("keeps a snapshot's copy apart from later writes to the volume", () => {
    const volume = image();
    const snapshot = volume.copy();
    volume.write(0, Buffer.from("zz"));
    expect(Image.holds(snapshot.bytes, 0, Buffer.from("aa"))).toBe(true);
    expect(snapshot.writes.length).toBe(3);
  });
});
