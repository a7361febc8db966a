// The pods pane in `top`, where it shares the screen with every other pane: a summary line naming
// each pod (newest first) and node, the pods newest first as NAME READY STATUS NODE, the nodes a
// line each, "+N more" where a list is cut; fitted to 120x60, 120x40, 80x24 and 60x20 terminals.

import { render as renderInk } from "ink";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { liveSnapshot } from "../../shell/display/live.js";
import type { Session } from "../../shell/session.js";
import { TOP_NODE_ROWS_MAX, TOP_POD_ROWS_MAX } from "../../src/limits.js";
import { newSession, ok, ROOT_DIR, tempDir } from "../helpers.js";
import { QuietKeyboard, SmallTerminal } from "./frames.js";

const PODS = join(ROOT_DIR, "test", "scenarios", "pods");

/** A manifest file of `count` small pods named <prefix>0, <prefix>1, ... */
function manyPods(prefix: string, count: number): string {
  const file = join(tempDir(), `${prefix}.yaml`);
  const pod = (n: number) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${prefix}${n}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    resources:\n      requests: {cpu: 10m, memory: 8Mi}\n`;
  writeFileSync(file, Array.from({ length: count }, (_, n) => pod(n)).join("---\n"));
  return file;
}

/** Six nodes; hello applied first, client 20 s later, so client is the newest. */
function cluster(): Session {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  for (const line of ["image pull nginx", "image pull busybox", "net create podnet --type overlay --cidr 10.1.0.0/24", ...Array.from({ length: 6 }, (_, n) => `node add w${n + 1} --cpu 4 --mem 8G`), "sleep 2s"]) ok(session, line);
  ok(session, `pod apply -f ${join(PODS, "plain.yaml")}`);
  ok(session, "sleep 20s");
  ok(session, `pod apply -f ${join(PODS, "client.yaml")}`);
  ok(session, "sleep 10s");
  return session;
}

function topPane(session: Session): string[] {
  return liveSnapshot(session.kernelView(), "all", session.display, {}).sections.filter((s) => s.pane?.title === "pods").flatMap((s) => [`[${s.title}]`, ...s.lines]);
}

function topFrame(session: Session, columns: number, rows: number): string {
  const terminal = new SmallTerminal(columns, rows);
  // A TTY keyboard: with none, Ink draws its raw-mode error screen, whose duplicate keys React warned of.
  const instance = renderInk(<LiveView session={session} view={{ name: "top", group: "all", denials: {} }} onLeave={() => {}} />, { stdout: terminal as unknown as NodeJS.WriteStream, stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream, debug: true, patchConsole: false });
  const frame = terminal.frames.filter((written) => written.includes("kshell top")).at(-1) ?? "";
  instance.unmount();
  return frame;
}

describe("the pods pane in top", () => {
  it("shows a summary, the pods newest first (NAME READY STATUS NODE), then the nodes a line each", () => {
    const lines = topPane(cluster());
    expect(lines[0]).toBe("[pods]");
    expect(lines[1]).toMatch(/^2 pods: client Running on w\d, hello Running on w\d · nodes: w1 Ready, w2 Ready, w3 Ready, w4 Ready, w5 Ready, w6 Ready$/);
    expect(lines[2]).toMatch(/^NAME\s+READY\s+STATUS\s+NODE$/);
    expect(lines[3]).toMatch(/^client\s+1\/1\s+Running\s+w\d$/);
    expect(lines[4]).toMatch(/^hello\s+1\/1\s+Running\s+w\d$/);
    expect(lines[5]).toBe("[nodes]");
    expect(lines[6]).toMatch(/^w1\s+Ready\s+\d pods?\s+cpu \S+\/4 \(\d+%\)\s+memory \S+\/8Gi \(\d+%\)$/);
    expect(lines.slice(6)).toHaveLength(TOP_NODE_ROWS_MAX + 1);
    expect(lines.at(-1)).toBe(`+${6 - TOP_NODE_ROWS_MAX} more nodes: node list`);
  });

  it("keeps TOP_POD_ROWS_MAX pods, the newest, and says how many more watch pod shows", () => {
    const session = cluster();
    ok(session, `pod apply -f ${manyPods("batch", TOP_POD_ROWS_MAX + 3)}`);
    ok(session, "sleep 5s");
    const lines = topPane(session);
    const rows = lines.slice(3, lines.indexOf("[nodes]"));
    expect(rows).toHaveLength(TOP_POD_ROWS_MAX + 1);
    expect(rows.slice(0, -1).every((row) => row.startsWith("batch"))).toBe(true); // the newest: client and hello are older
    expect(rows.at(-1)).toBe("+5 more pods: watch pod");
  });

  it("follows a node failure in its first line", () => {
    const session = cluster();
    const node = /hello Running on (w\d)/.exec(topPane(session)[1]!)![1]!;
    ok(session, `node fail ${node}`);
    ok(session, "sleep 1s");
    expect(topPane(session)[1]).toMatch(new RegExp(`hello Unknown on ${node}.* ${node} NotReady`));
  });

  for (const [columns, rows] of [[120, 60], [120, 40], [80, 24], [60, 20]] as const) {
    it(`fits ${columns}x${rows}: every line within the width, the frame shorter than the screen, the pods named`, () => {
      const frame = topFrame(cluster(), columns, rows);
      const lines = frame.split("\n");
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      expect(frame).toMatch(/^(│ |pods · \d+ more: )2 pods: client Running on w\d, hello Running/m); // the pods, in a box or a line of its own (top's subsystems show whole first)
      // the table once the screen is tall enough for the pane to get more than its summary line (the sec pane shares 40 rows now)
      if (rows === 60) expect(frame).toMatch(/│ NAME\s+READY\s+STATUS\s+NODE\s+│\n│ client\s+1\/1\s+Running\s+w\d\s+│/);
    });
  }
});
