// The pods pane (`watch pod`; top's own layout is in pod-pane-frames.test.tsx): the nodes with what is requested of them, then the
// pods as `pod list -o wide` shows them, moving as the clock does (Running, a failed node's pods
// Unknown, then rescheduled).

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { liveSnapshot } from "../../shell/display/live.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok, ROOT_DIR } from "../helpers.js";

const PLAIN = join(ROOT_DIR, "test", "scenarios", "pods", "plain.yaml");

function paneLines(session: Session, group: string): string[] {
  return liveSnapshot(session.kernelView(), group, session.display, {}).sections.filter((s) => s.pane?.title === "pods").flatMap((s) => [`[${s.title}]`, ...s.lines]);
}

describe("the pods pane", () => {
  it("says how to start when there is nothing to show, and takes no room in top then", () => {
    expect(paneLines(newSession(), "pod")).toEqual(["[pods]", "(no nodes or pods: node add w1 --cpu 4 --mem 8G; pod apply -f <file>)"]);
    expect(paneLines(newSession(), "all")).toEqual([]);
  });

  it("shows nodes and pods, in top too, and follows a node's failure", () => {
    const session = newSession();
    for (const line of ["image pull nginx", "node add w1 --cpu 4 --mem 8G", "node add w2 --cpu 4 --mem 8G", `pod apply -f ${PLAIN}`, "sleep 5s"]) ok(session, line);
    const lines = paneLines(session, "pod");
    expect(lines[0]).toBe("[nodes]");
    expect(lines.join("\n")).toMatch(/^w1\s+Ready\s+worker/m);
    expect(lines.join("\n")).toMatch(/^hello\s+1\/1\s+Running\s+0\s+5s\s+<none>\s+w[12]$/m);
    expect(paneLines(session, "all").join("\n")).toMatch(/^hello\s+1\/1\s+Running\s+w[12]$/m); // top: NAME READY STATUS NODE (pod-pane-frames.test.tsx)
    const node = /^hello\s.*(w[12])$/m.exec(lines.join("\n"))![1]!;
    ok(session, `node fail ${node}`);
    ok(session, "sleep 1s");
    expect(paneLines(session, "pod").join("\n")).toMatch(/^hello\s+0\/1\s+Unknown/m);
    ok(session, "sleep 10m");
    expect(paneLines(session, "pod").join("\n")).toMatch(new RegExp(`^hello\\s+1/1\\s+Running.*${node === "w1" ? "w2" : "w1"}$`, "m"));
  });
});
