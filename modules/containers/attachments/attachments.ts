// PodAttachments: what a pod holds in other subsystems, reached through ports — its volumes
// (`mounts`, storage's), its interfaces (`podNetwork`, network's), and the gate's word on each
// (`decisions`: the enforcer decides for the pod's subject and the trail records it under the
// pod's correlation id). The orchestrator asks `unreachable` in its scheduler filter, `bind` when
// it places a pod on a node and `unbind` when the pod leaves it; the container manager asks `ping`
// for `ctr exec <c> ping`. A clock timer (at every multiple of ATTACHMENT_FLUSH_MS while pods are
// bound), and storage before any read or snapshot of a mounted volume, call `landWrites`: each pod container's workload
// `write PATH RATE` lands the bytes of its run so far (write-stream.ts) in the volume mounted at
// PATH; through a read-only mount it is refused, and its log and the trail say so, once a run.
//
// Interface, in call order: unreachable -> bind -> (landWrites, ping) -> unbind; adopt after a load.

import type { Clock } from "../../../src/clock.js";
import type { DecisionPort, PodSubject } from "../../../src/decisions.js";
import { isKernelError } from "../../../src/errors.js";
import { CONTAINER_COUNT_MAX } from "../../../src/limits.js";
import type { Mounts } from "../../../src/mounts.js";
import type { PodNetwork } from "../../../src/pod-network.js";
import type { AuditTrail } from "../../../src/ports.js";
import type { ContainerParts } from "../container-parts.js";
import { mountsReadOnly, type BoundPod, type NodeAddress, type PodAttachmentsSeam, type PodDefinition, type PodVolume } from "../orchestrator/index.js";
import type { ExecResult } from "../types.js";
import { bytesWrittenAt } from "../workload.js";
import { BoundPods } from "./bound-pods.js";
import { NO_ROUTE, pingArguments, pingOutput } from "./exec-ping.js";
import { landStream } from "./write-stream.js";

/** Simulated time between two landings of the workloads' writes (reads land them at once). */
export const ATTACHMENT_FLUSH_MS = 10_000;

export interface AttachmentPorts {
  readonly mounts: Mounts;
  readonly podNetwork: PodNetwork;
  readonly decisions: DecisionPort;
  readonly trail: AuditTrail;
}

export interface PodAttachments extends PodAttachmentsSeam {
  /** A bound pod of a restored kernel: its mounts (storage's) and interfaces (network's) are where they were; returns its IP. */
  adopt(pod: BoundPod, node: NodeAddress): { ip: string };
  /** Lands the bound pods' workload writes up to now (of those writing to `volume` only, if given). */
  landWrites(volume?: string): void;
  /** `ctr exec <container> ping [-c N] <ip>` from the interface of the container's pod. */
  ping(container: string, words: readonly string[]): ExecResult;
}

const NOT_LANDED = -1;

export const holderOf = (pod: string) => `pod/${pod}`;

/** A pod's subject as the decisions port takes it (a pod without a level is Public). */
const subjectOf = (pod: BoundPod): PodSubject => ({ ...pod.subject, level: pod.subject.level ?? "public" });

export class Attachments implements PodAttachments {
  private readonly bound = new BoundPods();
  // Per part-1 container slot: the run whose writes have landed (its start), how many bytes of it, and what was said about a refusal.
  private readonly runStartMs = new Float64Array(CONTAINER_COUNT_MAX).fill(NOT_LANDED);
  private readonly landedBytes = new Float64Array(CONTAINER_COUNT_MAX);
  private readonly said = new Array<string>(CONTAINER_COUNT_MAX).fill("");
  private timerDueMs = NOT_LANDED;

  constructor(
    private readonly parts: ContainerParts,
    private readonly ports: AttachmentPorts,
  ) {}

  /** Storage calls back before reading a mounted volume (set once the ports exist). */
  listen(): void {
    this.ports.mounts.beforeRead((volume) => this.landWrites(volume));
  }

  private get clock(): Clock {
    return this.parts.clock;
  }

  unreachable(def: PodDefinition, node: NodeAddress): string | undefined {
    const { mounts, podNetwork } = this.ports;
    for (const volume of def.volumes) {
      const facts = mounts.facts(volume.volume);
      if (facts === undefined) return `persistentvolumeclaim "${volume.volume}" not found`;
      if (facts.holder !== undefined && facts.holder !== holderOf(def.name)) return `volume "${volume.volume}" is in use by ${facts.holder}`;
      if (mounts.unreachable(volume.volume, node.storageClient) !== undefined) return `node(s) had no storage client for distributed volume "${volume.volume}"`;
    }
    for (const network of def.networks) {
      const why = podNetwork.unreachable(network);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  bind(pod: BoundPod, node: NodeAddress): { ip: string } {
    const { def } = pod;
    if (this.bound.has(def.name)) this.unbind(pod); // moving: off the old node first
    const undo: (() => void)[] = [];
    try {
      for (const volume of def.volumes) undo.push(this.mount(pod, volume, node));
      const interfaces = def.networks.map((network, index) => {
        const joined = this.join(pod, network, index, node);
        undo.push(() => this.ports.podNetwork.leave(joined.interface));
        return joined;
      });
      const ip = interfaces[0]?.ip ?? "";
      this.bound.add(pod, node, interfaces.map((i) => i.interface), ip);
      this.arm();
      return { ip };
    } catch (error) {
      for (const step of undo.reverse()) step();
      throw error;
    }
  }

  adopt(pod: BoundPod, node: NodeAddress): { ip: string } {
    const interfaces = pod.def.networks.flatMap((_, index) => this.ports.podNetwork.interfaceOf(pod.def.name, index) ?? []);
    const ip = interfaces[0]?.ip ?? "";
    this.bound.add(pod, node, interfaces.map((i) => i.interface), ip);
    this.arm();
    return { ip };
  }

  unbind(pod: BoundPod): void {
    const name = pod.def.name;
    if (!this.bound.has(name)) return;
    this.landWrites(); // what its workloads wrote lands before the volumes go
    const slot = this.bound.slots.find(name);
    for (const [index, interfaceName] of this.bound.interfaces[slot]!.entries()) {
      if (this.ports.podNetwork.interfaceOf(name, index)?.interface !== interfaceName) continue; // a person removed it, or its network, already
      this.ports.podNetwork.leave(interfaceName);
      this.record(pod, "pod.leave", `net/${pod.def.networks[index]}`, "left", `${holderOf(name)} left ${pod.def.networks[index]} with interface ${interfaceName}`);
    }
    for (const volume of pod.def.volumes) {
      if (this.ports.mounts.mountOf(volume.volume)?.holder !== holderOf(name)) continue;
      this.ports.mounts.unmount(volume.volume, holderOf(name));
      this.record(pod, "pod.unmount", `vol/${volume.volume}`, "unmounted", `${holderOf(name)} unmounted ${volume.volume}`);
    }
    this.bound.remove(name);
  }

  /** Mounts one volume for the pod on `node` (after the gate's decision); returns its undo. */
  private mount(pod: BoundPod, volume: PodVolume, node: NodeAddress): () => void {
    const { mounts, decisions } = this.ports;
    const holder = holderOf(pod.def.name);
    const readOnly = mountsReadOnly(pod.def, volume);
    const facts = mounts.facts(volume.volume);
    const path = facts?.path ?? `vol/${volume.volume}`;
    decisions.authorize(subjectOf(pod), { action: "vol.mount", object: path, access: readOnly ? "read" : "read-write" }, pod.correlation);
    if (mounts.mountOf(volume.volume)?.holder === holder) mounts.unmount(volume.volume, holder); // still held from a node the pod lost
    const mount = mounts.mount(volume.volume, holder, { readOnly, client: facts?.distributed === true ? node.storageClient : undefined });
    const through = mount.client === "" ? "" : ` through storage client ${mount.client}`;
    this.record(pod, "pod.mount", path, "mounted", `${holder} mounted ${volume.volume} (${readOnly ? "ro" : "rw"}) on node ${node.name}${through}`);
    return () => mounts.unmount(volume.volume, holder);
  }

  private join(pod: BoundPod, network: string, index: number, node: NodeAddress) {
    this.ports.decisions.authorize(subjectOf(pod), { action: "net.join", object: `net/${network}`, access: "read-write" }, pod.correlation);
    const joined = this.ports.podNetwork.join(network, pod.def.name, node.name, index);
    this.record(pod, "pod.join", `net/${network}`, "joined", `${holderOf(pod.def.name)} joined ${network} as ${joined.interface} ${joined.ip} on node ${node.name}`);
    return joined;
  }

  private record(pod: BoundPod, action: string, object: string, result: string, message: string, level: "info" | "warning" = "info"): void {
    this.ports.trail.record({ level, type: "container", uid: pod.subject.uid, action, object, result, message, correlation: pod.correlation });
  }

  // ---- workload writes ---------------------------------------------------------------------

  landWrites(volume?: string): void {
    for (const slot of this.bound.slots.slots()) {
      const pod = this.bound.pods[slot]!;
      for (const spec of pod.def.containers) this.landContainer(pod, spec.name, volume);
    }
  }

  private landContainer(pod: BoundPod, specName: string, onlyVolume: string | undefined): void {
    const name = `${pod.def.name}-${specName}`;
    const table = this.parts.table;
    if (!table.slots.has(name)) return;
    const slot = table.slots.find(name);
    const program = table.program(slot);
    if (program.writeBytesPerSecond === 0) return;
    const target = this.volumeAt(pod.def, specName, program.writePath);
    if (target === undefined || (onlyVolume !== undefined && target.volume !== onlyVolume)) return;
    const c = table.c;
    if (this.runStartMs[slot] !== c.startedMs[slot]) this.newRun(slot, c.startedMs[slot]!);
    const total = bytesWrittenAt(program, this.parts.activeAt(slot, this.clock.now()), c.ioLimit[slot]!);
    const from = this.landedBytes[slot]!;
    if (total <= from) return;
    if (target.readOnly) return this.refuse(pod, slot, name, program.writePath, "EROFS", "Read-only file system", total);
    const facts = this.ports.mounts.facts(target.volume);
    if (facts?.holder !== holderOf(pod.def.name)) return this.refuse(pod, slot, name, program.writePath, "EIO", `volume '${target.volume}' is no longer mounted`, from); // deleted or detached by force
    const size = facts.sizeBytes;
    try {
      landStream(name, from, total, size, (offset, data) => this.ports.mounts.write(target.volume, holderOf(pod.def.name), offset, data));
      this.landedBytes[slot] = total;
    } catch (error) {
      if (!isKernelError(error)) throw error;
      this.refuse(pod, slot, name, program.writePath, error.code, error.message, from); // not landed: tried again at the next landing
    }
  }

  /** The pod volume mounted at (or above) `path` in container `specName`, and whether its writes are refused there. */
  private volumeAt(def: PodDefinition, specName: string, path: string): { volume: string; readOnly: boolean } | undefined {
    const spec = def.containers.find((c) => c.name === specName)!;
    const mount = spec.volumeMounts.filter((m) => path === m.mountPath || path.startsWith(`${m.mountPath.replace(/\/$/, "")}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    const volume = mount === undefined ? undefined : def.volumes.find((v) => v.name === mount.name);
    if (mount === undefined || volume === undefined) return undefined;
    return { volume: volume.volume, readOnly: mount.readOnly || mountsReadOnly(def, volume) };
  }

  private newRun(slot: number, startedMs: number): void {
    this.runStartMs[slot] = startedMs;
    this.landedBytes[slot] = 0;
    this.said[slot] = "";
  }

  /** A write the volume refused: the container's log and the trail say so, once per run and error. */
  private refuse(pod: BoundPod, slot: number, container: string, path: string, code: string, why: string, landedTo: number): void {
    this.landedBytes[slot] = landedTo;
    if (this.said[slot] === code) return;
    this.said[slot] = code;
    this.parts.logs.write(slot, this.clock.now(), `write ${path}: ${why} (${code})`);
    this.record(pod, "ctr.write", `ctr/${container}`, code === "EROFS" ? "refused" : "failed", `${container}: write ${path}: ${why} (${code})`, "warning");
  }

  private arm(): void {
    if (this.timerDueMs !== NOT_LANDED || this.bound.slots.count() === 0) return;
    this.timerDueMs = (Math.floor(this.clock.now() / ATTACHMENT_FLUSH_MS) + 1) * ATTACHMENT_FLUSH_MS; // on the grid: a restored kernel lands at the same moments as the run it replays
    this.clock.schedule(this.timerDueMs, () => {
      this.timerDueMs = NOT_LANDED;
      this.landWrites();
      this.arm();
    });
  }

  // ---- ctr exec ping -------------------------------------------------------------------------

  ping(container: string, words: readonly string[]): ExecResult {
    const parsed = pingArguments(words);
    if ("exitCode" in parsed) return parsed;
    const owner = this.bound.ofContainer(container);
    const interfaceName = owner === undefined ? undefined : this.bound.interfaces[owner.slot]![0];
    if (owner === undefined || interfaceName === undefined) return NO_ROUTE;
    return pingOutput(this.ports.podNetwork.ping(interfaceName, parsed.ip, parsed.count, this.bound.pods[owner.slot]!.subject.uid));
  }
}
