// `top --json` and `watch <group> --json`: one snapshot of the panes' figures, numbers as numbers,
// printed and done (like top -b -n 1) — in the interactive shell too, where no view opens.

import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { ENTER_ALTERNATE_SCREEN } from "../../shell/screen-codes.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere, type, writtenWhere } from "./frames.js";

afterEach(cleanup);

function json(lines: readonly string[]): any {
  return JSON.parse(lines.join("\n"));
}

describe("top --json and watch <group> --json", () => {
  it("prints every pane's figures as numbers, not the frame's display strings", () => {
    const session = newSession();
    ok(session, "vol create db --size 10M --type block; vol write db 0 --data hello; cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add s1 --pool pd1/sp1 --capacity 1G; sleep 2s");
    const top = json(ok(session, "top --json"));
    expect(Object.keys(top.panes)).toEqual(["subsystems", "vol", "ctr", "pod", "net", "cluster", "sec", "audit"]);
    expect(top).toMatchObject({ group: "all", nowMs: 2000, audit: { capacity: 8192 } });
    expect(top.panes.vol.volumes[0]).toMatchObject({ name: "db", sizeBytes: 10 * 1024 * 1024 });
    expect(top.panes.vol.volumes[0].history.ops).toHaveLength(20);
    expect(top.panes.subsystems.find((row: { subsystem: string }) => row.subsystem === "storage")).toMatchObject({ used: 1, capacity: 32 });
    expect(JSON.stringify(top)).not.toMatch(/"header"|"sections"|\d+\.\d+[KMG]"/);
    const cluster = json(ok(session, "watch cluster --json"));
    expect(Object.keys(cluster.panes)).toEqual(["cluster"]);
    expect(cluster.panes.cluster.domains[0].pools[0].nodes[0]).toMatchObject({ name: "s1", capacityBytes: 1024 ** 3 });
    expect(typeof cluster.panes.cluster.io.opsPerSecond).toBe("number");
  });

  it("says why for a pane the viewer may not see, and refuses a watch of it as its command would", () => {
    const session = newSession();
    ok(session, "user add bob; su bob");
    expect(json(ok(session, "top --json")).panes.audit).toEqual({ denied: "audit: needs CAP_AUDIT_READ" });
    expect(session.execute("watch audit --json").error).toMatch(/permission denied|EACCES|EPERM/i);
  });

  it("prints the snapshot at the interactive prompt and opens no view", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    const { lastFrame, frames, stdin } = render(<App session={session} onLine={() => undefined} />);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "watch vol --json", "\r");
    const written = await writtenWhere(frames, (w) => w.includes('"panes"'));
    expect(written).toContain('"group": "vol"');
    expect(written).not.toContain(ENTER_ALTERNATE_SCREEN);
    await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("#"));
    expect(lastFrame()).not.toContain("q/Esc/Ctrl-C leave");
  });
});
