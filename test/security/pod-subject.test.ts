// A pod as a subject (issue 16, "Security and audit"): what it runs as, bounded by its applier,
// and its mounts and network joins decided by the enforcer's four layers through the decisions
// port, each decision recorded in the trail under the pod's correlation id.

import { describe, expect, it } from "vitest";
import { capabilityNumber, SecurityLevel, SecurityManager, SubjectKind, withCapability } from "../../modules/security/index.js";
import { POD_DEFAULT_CAPABILITIES } from "../../modules/security/pod-subjects.js";
import type { PodSubject } from "../../src/decisions.js";
import { ROOT, type Subject } from "../../src/gate.js";
import { failure } from "../helpers.js";
import { podTestKernel, run, volume, type PodTestKernel } from "./pod-kernel.js";

function accounts(): { sec: SecurityManager; alice: Subject } {
  const sec = new SecurityManager(() => true);
  const uid = sec.accounts.addUser({ name: "alice", clearance: SecurityLevel.Internal, capabilities: withCapability([0, 0], capabilityNumber("CAP_NET_ADMIN"), true) });
  return { sec, alice: { name: "alice", uid, gid: sec.accounts.gidOf("alice") } };
}

describe("a pod's subject", () => {
  it("runs as its applier by default: root's pod is uid 0 with the runtime's default capabilities, at level public", () => {
    const { sec } = accounts();
    const pod = sec.podSubject("web", { capabilities: [] }, ROOT);
    expect(pod).toEqual({ name: "pod/web", uid: 0, gid: 0, level: "public", capabilities: [...POD_DEFAULT_CAPABILITIES].sort((a, b) => capabilityNumber(a) - capabilityNumber(b)) });
    expect(pod.capabilities).not.toContain("CAP_MAC_OVERRIDE");
    expect(pod.capabilities).not.toContain("CAP_SYS_ADMIN");
  });

  it("gives a non-root pod no default capabilities, only those added, each held by its applier", () => {
    const { sec, alice } = accounts();
    expect(sec.podSubject("web", { capabilities: ["NET_ADMIN"], level: "Internal" }, alice)).toEqual({ name: "pod/web", uid: alice.uid, gid: alice.gid, capabilities: ["CAP_NET_ADMIN"], level: "internal" });
    expect(failure(() => sec.podSubject("web", { capabilities: ["SYS_ADMIN"] }, alice))).toEqual({ code: "EPERM", message: "pod/web may not add CAP_SYS_ADMIN: alice does not hold it" });
    expect(failure(() => sec.podSubject("web", { capabilities: ["FLY"] }, alice)).code).toBe("EINVAL");
  });

  it("is never above its applier: a level over the clearance is EACCES, another uid needs CAP_SETUID", () => {
    const { sec, alice } = accounts();
    expect(failure(() => sec.podSubject("web", { capabilities: [], level: "Private" }, alice))).toEqual({ code: "EACCES", message: "pod/web may not run at level private: above alice's clearance internal" });
    expect(failure(() => sec.podSubject("web", { capabilities: [], runAsUser: 0 }, alice)).code).toBe("EPERM");
    expect(failure(() => sec.podSubject("web", { capabilities: [], level: "Secret" }, alice)).message).toMatch(/unknown security level 'Secret'/);
    expect(failure(() => sec.podSubject("web", { capabilities: [], runAsUser: -1 }, ROOT)).code).toBe("EINVAL");
    expect(sec.podSubject("web", { capabilities: [], runAsUser: 1000, level: "isolated" }, ROOT)).toMatchObject({ uid: 1000, level: "isolated", capabilities: [] });
  });
});

/** A kernel with volumes `pub` (public) and `priv` (private), root's, and the trail's entries of `correlation`. */
function kernelWithVolumes(): PodTestKernel {
  const kernel = podTestKernel();
  volume(kernel, "pub", SecurityLevel.Public);
  volume(kernel, "priv", SecurityLevel.Private);
  return kernel;
}

function story(kernel: PodTestKernel, correlation: number) {
  return run(kernel, (k) => k.audit.query({ correlation }).entries, "audit.query");
}

/** Applies pod `name` as root in one command: its subject and its correlation id, as a pod keeps them. */
function apply(kernel: PodTestKernel, name: string, level?: string, runAsUser?: number): { subject: PodSubject; correlation: number } {
  return run(kernel, (k) => ({ subject: k.probe.decisions.podSubject(name, { capabilities: [], level, runAsUser }, ROOT), correlation: k.probe.decisions.current() }), "pod.apply");
}

describe("a pod's mounts, decided at the gate's enforcer", () => {
  it("refuse a public pod a private volume at the MAC layer (EACCES), and allow it a public one", () => {
    const kernel = kernelWithVolumes();
    const { subject, correlation } = apply(kernel, "web");
    const mount = (object: string) => run(kernel, (k) => k.probe.decisions.authorize(subject, { action: "vol.mount", object, access: "read-write" }, correlation), "sleep");
    expect(mount("vol/pub")).toMatchObject({ allowed: true });
    expect(failure(() => mount("vol/priv"))).toEqual({
      code: "EACCES",
      message: "permission denied (mac): pod/web may not vol.mount vol/priv: no read up: pod/web's clearance public, vol/priv is private",
    });
    const decisions = story(kernel, correlation).filter((e) => e.action === "vol.mount");
    expect(decisions.map((e) => [e.type, e.uid, e.object, e.result, e.level])).toEqual([
      ["security", 0, "vol/pub", "allowed", "debug"],
      ["security", 0, "vol/priv", "denied", "warning"],
    ]);
    expect(decisions[1]!.message).toBe("pod/web (read-write): mac: no read up: pod/web's clearance public, vol/priv is private");
  });

  it("hold Bell-LaPadula both ways: a private pod reads a public volume but may not write down to it", () => {
    const kernel = kernelWithVolumes();
    const { subject, correlation } = apply(kernel, "db", "private");
    const decide = (object: string, access: "read" | "read-write") => run(kernel, (k) => k.probe.decisions.decide(subject, { action: "vol.mount", object, access }, correlation));
    expect(decide("vol/pub", "read")).toMatchObject({ allowed: true });
    expect(decide("vol/pub", "read-write")).toMatchObject({ allowed: false, layer: "mac", reason: "no write down: pod/db's clearance private, vol/pub is public" });
    expect(decide("vol/priv", "read-write")).toMatchObject({ allowed: true });
  });

  it("check DAC by the pod's uid and gid: a uid-1000 pod of group root reads root's volume (mode 0640), may not write it", () => {
    const kernel = kernelWithVolumes();
    const { subject, correlation } = apply(kernel, "app", undefined, 1000);
    const mount = (access: "read" | "read-write") => run(kernel, (k) => k.probe.decisions.authorize(subject, { action: "vol.mount", object: "vol/pub", access }, correlation));
    expect(mount("read")).toMatchObject({ allowed: true });
    expect(failure(() => mount("read-write"))).toEqual({ code: "EACCES", message: "permission denied (dac): pod/app may not vol.mount vol/pub: pod/app lacks write (w) on vol/pub (rw-r-----)" });
  });

  it("match rules by the pod's uid, and refuse at the capability layer with EPERM", () => {
    const kernel = kernelWithVolumes();
    const { subject, correlation } = apply(kernel, "web");
    run(kernel, (k) => k.security.rules.add({ priority: 0, subjectKind: SubjectKind.Uid, subjectId: 0, subjectText: "root", objectType: "vol", objectGlob: "pub", actions: "vol.mount", effect: "deny" }));
    const decide = (capability?: number) => run(kernel, (k) => k.probe.decisions.decide(subject, { action: "vol.mount", object: "vol/pub", access: "read", capability }, correlation));
    expect(decide()).toMatchObject({ allowed: false, layer: "rule #1" });
    expect(failure(() => run(kernel, (k) => k.probe.decisions.authorize(subject, { action: "net.join", object: "net/front", access: "read", capability: capabilityNumber("CAP_NET_ADMIN") }, correlation)))).toMatchObject({ code: "EPERM", message: expect.stringMatching(/^permission denied \(capability\): pod\/web may not net\.join net\/front: CAP_NET_ADMIN is not in pod\/web's capability set/) });
  });

  it("record every decision under the pod's correlation id, whatever command is running when it is made", () => {
    const kernel = kernelWithVolumes();
    const { subject, correlation } = apply(kernel, "web");
    const later = run(kernel, (k) => {
      k.probe.decisions.decide(subject, { action: "vol.mount", object: "vol/pub", access: "read" }, correlation);
      return k.probe.decisions.current();
    }, "kernel.sleep");
    expect(later).toBeGreaterThan(correlation);
    const entries = story(kernel, correlation);
    expect(entries.map((e) => `${e.action} ${e.result}`)).toEqual(["pod.apply allowed", "pod.apply success", "vol.mount allowed"]);
    expect(story(kernel, later).map((e) => `${e.action} ${e.result}`)).toEqual(["kernel.sleep allowed", "kernel.sleep success"]);
  });
});
