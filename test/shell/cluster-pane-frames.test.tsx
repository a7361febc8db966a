// The cluster dashboard (`watch cluster`) drawn at 120x40 and 80x24 while a forward rebuild runs:
// the job's progress line, storage nodes and clients (SDCs) with heartbeat ages and mappings, the
// alert history; every line within the width, the frame shorter than the screen. Also `cluster
// jobs`, `cluster status`'s jobs line and `watch cluster --json` for the same moment.

import { render as renderInk } from "ink";
import { describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";
import { SmallTerminal } from "./frames.js";

/** Three nodes, host1 mapped to dv (160M written), sds2 crashed 3 minutes ago: its forward rebuild runs. */
function rebuilding(): Session {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  for (const line of [
    "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2",
    "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sds add sds3 --pool pd1/sp1 --capacity 1G",
    "cluster sdc add host1; cluster sdc add host2; vol create dv --type distributed --pool pd1/sp1 --size 256M; cluster map dv host1",
    "vol write dv 0 --pattern 7 --len 64M; vol write dv 64M --pattern 7 --len 64M; vol write dv 128M --pattern 7 --len 32M",
    "cluster sds fail sds2",
    "sleep 3m",
    "sleep 1s",
  ])
    ok(session, line);
  return session;
}

function watchFrame(session: Session, columns: number, rows: number): string {
  const terminal = new SmallTerminal(columns, rows);
  const instance = renderInk(<LiveView session={session} view={{ name: "watch", group: "cluster", denials: {} }} onLeave={() => {}} />, { stdout: terminal as unknown as NodeJS.WriteStream, debug: true, patchConsole: false });
  const frame = terminal.frames.filter((written) => written.includes("kshell watch cluster")).at(-1) ?? "";
  instance.unmount();
  return frame;
}

const PROGRESS = /rebuild \[#+\.+\] \d+\.\d% \d+M of \d+M at \d+M\/s, ETA \d/;

describe("watch cluster frames during a rebuild", () => {
  for (const [columns, rows] of [[120, 40], [80, 24]] as const) {
    it(`fits ${columns}x${rows}: the rebuild's progress, nodes and SDCs with heartbeat ages and mappings, the alert history`, () => {
      const frame = watchFrame(rebuilding(), columns, rows);
      const lines = frame.split("\n");
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      expect(frame).toMatch(PROGRESS);
      expect(frame).toMatch(/DEGRADED {3}5 active alerts, 3 INFO · rebuild \d+\.\d%, ETA \d/);
      expect(frame).toMatch(/sds1\s+ACTIVE\s+hb \d\.\d s\s/);
      expect(frame).toMatch(/sds2\s+DOWN\/crashed\s+hb 3m 01s\s/); // silent since it crashed
      expect(frame).toMatch(/sdc host1\s+ACTIVE\s+hb \d\.\d s\s+maps dv\(rw\)/);
      expect(frame).toMatch(/sdc host2\s+ACTIVE\s+hb \d\.\d s\s+no mappings/);
      expect(frame).toMatch(/T\+00:01:00\.0 raised {2}#\d+ ERROR sds2: storage node sds2 is DOWN/);
      expect(frame).toMatch(/T\+00:01:00\.0 cleared #\d+ WARNING sds2: storage node sds2 missed heartbeats/);
      if (columns === 120) expect(frame).toMatch(/sds1\s+ACTIVE\s+hb \d\.\d s\s+\[#*\.+\] \d+\.\d% \d+M of 1\.0G/); // room for the usage bar
      else expect(frame).toMatch(/sds1\s+ACTIVE\s+hb \d\.\d s\s+\d+\.\d% \d+M of 1\.0G/);
    });
  }

  it("lines up the clients' (sdc) state and heartbeat columns with the storage nodes' (sds)", () => {
    const lines = watchFrame(rebuilding(), 120, 40).split("\n");
    const node = lines.find((line) => / sds1 /.test(line))!;
    for (const client of ["host1", "host2"]) {
      const row = lines.find((line) => line.includes(`sdc ${client}`))!;
      expect(row.indexOf("ACTIVE")).toBe(node.indexOf("ACTIVE"));
      expect(row.indexOf(" hb ")).toBe(node.indexOf(" hb "));
    }
  });

  it("shows the finished rebuild in the dashboard, cluster jobs and cluster status once it is done", () => {
    const session = rebuilding();
    const running = ok(session, "cluster jobs");
    expect(running[0]).toMatch(new RegExp(`^running: ${PROGRESS.source}`));
    expect(running[1]).toBe("finished: none yet");
    ok(session, "sleep 10s");
    expect(ok(session, "cluster jobs")).toEqual(["running: none", expect.stringMatching(/^KIND\s+BYTES\s+DURATION\s+STARTED\s+FINISHED$/), expect.stringMatching(/^rebuild\s+\d+M\s+\d s\s+T\+00:03:00\.0\s+T\+00:03:0\d\.0$/)]);
    expect(ok(session, "cluster status")).toContainEqual(expect.stringMatching(/^jobs: {5}none running; last: rebuild \d+M in \d s, done T\+00:03:0\d\.0$/));
    const frame = watchFrame(session, 120, 40);
    expect(frame).toMatch(/jobs: none running; last: rebuild \d+M in \d s, done T\+00:03:0\d\.0/);
    expect(frame).toMatch(/raised {2}#\d+ INFO cluster: rebuild finished/);
    expect(frame).toMatch(/DEGRADED {3}5 active alerts, 4 INFO · rebuild of \d+M done 9 s ago/); // top's one-line pane still tells
    ok(session, "sleep 1m");
    expect(watchFrame(session, 120, 40)).toMatch(/DEGRADED {3}5 active alerts, 4 INFO {2}/); // CLUSTER_RECENT_JOB_MS later: the jobs line keeps it
  });

  it("gives the same figures as numbers in watch cluster --json", () => {
    const json = JSON.parse(ok(rebuilding(), "watch cluster --json").join("\n"));
    const snapshot = json.panes.cluster;
    expect(snapshot.job).toMatchObject({ kind: "rebuild", startedMs: 180_000 });
    for (const key of ["percent", "doneBytes", "totalBytes", "rateBytesPerSecond", "etaMs"]) expect(typeof snapshot.job[key], key).toBe("number");
    expect(snapshot.jobs).toEqual([]);
    expect(snapshot.clients).toEqual([
      { name: "host1", state: "ACTIVE", heartbeatAgeMs: expect.any(Number), mappings: [{ volume: "dv", access: "rw" }] },
      { name: "host2", state: "ACTIVE", heartbeatAgeMs: expect.any(Number), mappings: [] },
    ]);
    expect(snapshot.domains[0].pools[0].nodes[1]).toMatchObject({ name: "sds2", state: "DOWN/crashed", heartbeatAgeMs: Math.round(json.nowMs) }); // silent since it joined at 0, in whole ms
    expect(snapshot.volumes).toEqual([{ name: "dv", pool: "pd1/sp1", sizeBytes: 256 * 1024 ** 2, chunks: 160, state: "degraded", mappings: [{ client: "host1", access: "rw" }] }]);
    expect(snapshot.alertHistory[0]).toMatchObject({ atMs: 60_000, event: "raised", severity: "ERROR", source: "sds2" });
  });
});
