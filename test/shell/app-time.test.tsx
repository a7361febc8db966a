import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere, type, writtenWhere } from "./frames.js";

const POOL = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds add c --pool pd1/sp1 --capacity 1G";

afterEach(cleanup);

describe("time in the interactive shell", () => {
  it("shows a long command's progress, stops it with Ctrl-C and gives the prompt back", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0, jobSliceMs: 0 });
    ok(session, POOL);
    const { lastFrame, frames, stdin } = render(<App session={session} onLine={() => {}} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "cluster chaos --duration 8h --seed 7", "\r");
    const progress = await frameWhere(lastFrame, (f) => /chaos: [\dhm]+ of 8h simulated, [\d,]+ ops, Ctrl-C stops/.test(f));
    expect(progress).not.toMatch(/# $/m); // no prompt while it runs
    await type(stdin, "\u0003");
    const written = await writtenWhere(frames, (w) => w.includes("(interrupted)"));
    expect(written).toMatch(/chaos seed 7 on pool pd1\/sp1 for [\dhm]+ of 8h \(interrupted\): \d+ writes/);
    expect(written).toContain("no acknowledged write was lost");
    const frame = await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("#"));
    expect(session.progress()).toBeUndefined();
    expect(session.kernel.view.cluster.names("sdc")).toEqual([]);
    const prompt = frame.trimEnd().split("\n").at(-1)!;
    expect(prompt).toMatch(/^root@kshell T\+00:\d\d:\d\d #$/);
    expect(prompt).not.toBe("root@kshell T+00:00:00 #");
  });

  it("keeps the prompt's clock moving with the wall after sleep jumps it", async () => {
    let wallMs = 0;
    const session = newSession({ interactive: true, wallClockMs: () => wallMs });
    const { lastFrame, stdin } = render(<App session={session} onLine={() => {}} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "sleep 2m", "\r");
    await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("root@kshell T+00:02:00 #"));
    wallMs += 3000;
    await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("root@kshell T+00:02:03 #")); // the prompt refreshes each second
  });
});
