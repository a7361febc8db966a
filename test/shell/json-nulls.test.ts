// --json says "no value" as null, never as the tables' sentinels (-1, ""): an alert not resolved,
// a rebuild not running, a container that has not exited, a pod not scheduled, a volume not
// attached. The display text keeps its "-" for the same fields.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { leaves, newSession, ok, tempDir } from "../helpers.js";

const PENDING_POD = `apiVersion: v1
kind: Pod
metadata: {name: waiting}
spec:
  containers:
  - {name: app, image: busybox, command: ["log hi every 1s"]}
`;

const SETUP = [
  "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sds add sds3 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add host1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv host1; vol create local --size 1M",
  "cluster sds fail sds1; sleep 35s",
  'image pull busybox; ctr run busybox --name up --cmd "sleep 1h"; sleep 2s',
  "net create lan --type bridged --cidr 10.0.0.0/24; net if add lan eth0",
];

/** The JSON a command prints. */
const json = (session: Session, line: string) => JSON.parse(ok(session, `${line} --json`).join("\n"));

describe("--json: no value is null", () => {
  let session: Session;
  beforeAll(() => {
    session = newSession();
    for (const line of SETUP) ok(session, line);
    const file = join(tempDir(), "waiting.yaml");
    writeFileSync(file, PENDING_POD);
    ok(session, `pod apply -f ${file}`); // no node: it stays Pending, unscheduled
  });

  it("an active alert: resolvedMs and resolvedBy null; the table says active", () => {
    const alert = json(session, "cluster alerts").alerts[0];
    expect(alert).toMatchObject({ resolvedMs: null, resolvedBy: null });
    expect(ok(session, "cluster alerts").join("\n")).toMatch(/\bactive\b/);
  });

  it("an alert cleared: its time and who cleared it, and no 'by' on the raising in the history", () => {
    const s = newSession();
    ok(s, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G");
    ok(s, "cluster sds fail a; sleep 35s");
    const id = json(s, "cluster alerts").alerts[0].id;
    ok(s, `cluster alert resolve ${id}`);
    const resolved = json(s, "cluster alerts --all").alerts.find((a: { id: number }) => a.id === id);
    expect(resolved.resolvedMs).toBeGreaterThan(0);
    expect(resolved.resolvedBy).toBe("root");
    const history = json(s, "watch cluster").panes.cluster.alertHistory as { event: string; by: string | null }[];
    expect(history.filter((e) => e.event === "raised").every((e) => e.by === null)).toBe(true);
  });

  it("no rebuild under way: startedMs null in rebuild status and cluster status", () => {
    const s = newSession();
    ok(s, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G");
    expect(json(s, "cluster rebuild status").startedMs).toBeNull();
    expect(json(s, "cluster status").rebuild.startedMs).toBeNull();
  });

  it("a volume not attached: attachedTo null (not left out); the table says -", () => {
    const volume = json(session, "vol list").volumes.find((v: { name: string }) => v.name === "local");
    expect(volume).toHaveProperty("attachedTo", null);
    expect(json(session, "vol show local")).toHaveProperty("attachedTo", null);
    expect(ok(session, "vol show local").join("\n")).toContain("attached to: -");
  });

  it("a container that has not exited: exitCode, reason and finishedMs null; ctr show says Last exit -", () => {
    const container = json(session, "ctr list").containers.find((c: { name: string }) => c.name === "up");
    expect(container).toMatchObject({ exitCode: null, reason: null });
    expect(json(session, "ctr show up")).toMatchObject({ exitCode: null, reason: null, finishedMs: null, kubernetesReason: null });
    expect(ok(session, "ctr show up").join("\n")).toMatch(/Last exit:\s+-/);
  });

  it("a container that exited: its code and reason", () => {
    ok(session, 'ctr run busybox --name done --cmd "exit 3"; sleep 2s');
    expect(json(session, "ctr show done")).toMatchObject({ exitCode: 3, reason: "Error" });
  });

  it("a storage node in no fault set: faultSet null in sds show", () => {
    expect(json(session, "cluster sds show sds2").faultSet).toBeNull();
  });

  it("a pod not scheduled: node and ip null, its reason the scheduler's; no container yet", () => {
    const pod = json(session, "pod list").pods.find((p: { name: string }) => p.name === "waiting");
    expect(pod).toMatchObject({ node: null, ip: null, phase: "Pending" });
    expect(pod.reason).toEqual(expect.any(String));
    const detail = json(session, "pod show waiting");
    expect(detail.conditions.find((c: { type: string }) => c.type === "PodScheduled").reason).toBe("Unschedulable");
    expect(detail.containers[0].container).toBeNull();
    expect(ok(session, "pod list -o wide").join("\n")).toMatch(/waiting.*<none>\s+<none>/);
  });

  it("an interface on no named host: host null; the table says -", () => {
    expect(json(session, "net if list lan").interfaces[0].host).toBeNull();
  });

  it("no capture yet: point, target and filter null; a capture with no filter: filter null", () => {
    const s = newSession();
    ok(s, "net create lan --type bridged --cidr 10.0.0.0/24");
    expect(json(s, "watch net").panes.net.capture).toMatchObject({ point: null, target: null, filter: null });
    expect(ok(s, "net capture start lan")).toEqual(["capturing on lan, snaplen 262144"]); // the text says nothing of a filter it has not
    expect(json(s, "net capture show").status).toMatchObject({ point: "network", target: "lan", filter: null });
  });

  it.each(["cluster alerts --all", "cluster rebuild status", "cluster status", "vol list", "vol show local", "ctr list -a", "ctr show up", "cluster sds show sds2", "pod list", "pod show waiting", "net if list lan", "watch net"])(
    "%s --json: no -1 and no empty string",
    (line) => {
      const sentinels = [...leaves(json(session, line))].filter(([, leaf]) => leaf === -1 || leaf === "").map(([path, leaf]) => `${path}: ${JSON.stringify(leaf)}`);
      expect(sentinels).toEqual([]);
    },
  );
});
