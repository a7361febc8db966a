// The Kernel owns the clock, the seeded PRNG, the event bus and the syscall gate, and is a loop
// over a list of subsystems (src/subsystem.ts; the list is modules/subsystems.ts): it builds each
// in list order, wires the ports one provides to those another needs (src/ports.ts), and asks
// each for its saved form, status rows, view and completions. It names no subsystem: the gate's
// enforcer and the audit trail are ports too.
//
// The shell reaches the managers only through `syscall`, which passes the gate; live panes, the
// prompt and completion read through `view`, which changes nothing. A kernel is built fresh from
// a seed, or restored from a snapshot (`toSnapshot`/`fromSnapshot`): list order is restore order.
// Timers are not part of a snapshot: managers schedule again what their state implies.
//
// Every gated command gets a correlation id, the next of a kernel sequence kept in the snapshot
// (so a journal's replay gives the same ids): the gate's entries and any entry recorded while it
// runs carry it (src/decisions.ts). A syscall made inside another (a host file a command reads)
// shares the outer command's id.

import type { ChunkSource } from "./chunks/chunk-bundle.js";
import { ChunkHost } from "./chunks/chunk-host.js";
import { ChunkSpace, type SavedChunkSpace } from "./chunks/chunk-space.js";
import { Clock } from "./clock.js";
import { fail } from "./errors.js";
import { EventBus } from "./event-bus.js";
import { SyscallGate, type Operation, type Outcome, type Subject } from "./gate.js";
import { CLOCK_JUMP_MS_MAX, CLOCK_MS_MAX } from "./limits.js";
import { kernelPorts, type KernelObjects, type ProvidedPorts } from "./kernel-ports.js";
import { DENIED_RESULT, type Ports } from "./ports.js";
import { Rng, type RngState } from "./rng.js";
import { checkList, type InstalledList, type ManagersOf, type ObjectKinds, type SavedOf, type SubsystemInstance, type SubsystemList, type SubsystemStatus, type ViewsOf } from "./subsystem.js";
import { formatDuration } from "./units.js";

export type { KernelObjects } from "./kernel-ports.js";
export type { SubsystemStatus } from "./subsystem.js";

export interface KernelOptions<L extends SubsystemList = InstalledList> {
  readonly seed: number;
  readonly sealKey: Uint8Array; // the state directory's secret (audit.key): seals the audit chain; the IO token key derives from it
  /** The subsystems, in restore order (modules/subsystems.ts). */
  readonly subsystems: L;
  /** Where chunk bytes live: the state directory's chunks/, a temporary folder, or memory (the default). */
  readonly chunkHost?: ChunkHost;
  /** For a snapshot file: where its chunks' bytes come from (its bundle), written into `chunkHost`. */
  readonly chunkSource?: ChunkSource;
}

/** What an operation may touch once the gate has let it through. */
export type KernelServices<L extends SubsystemList = InstalledList> = { readonly clock: Clock; readonly rng: Rng; readonly objects: KernelObjects; readonly view: KernelView<L> } & ManagersOf<L>;

/** Read-only figures for live panes, the prompt and completion: the kernel's and each subsystem's view. */
export type KernelView<L extends SubsystemList = InstalledList> = {
  readonly nowMs: number;
  status(): SubsystemStatus[];
  /** The live object names a completion kind offers ("volume"), or undefined if no subsystem offers it. */
  complete(kind: string): readonly string[] | undefined;
  /** The user a name means, for the prompt and for replaying the journal. */
  subjectOf(name: string): Subject;
} & ViewsOf<L>;

export const SNAPSHOT_FORMAT = "kshell-state";
export const SNAPSHOT_VERSION = 1;

export type KernelSnapshot<L extends SubsystemList = InstalledList> = {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly seed: number;
  readonly clockMs: number;
  readonly rng: RngState;
  readonly chunks?: SavedChunkSpace; // absent in files older than the chunk store
  readonly correlationSeq?: number; // the last correlation id given; absent in files older than correlation ids
} & SavedOf<L>;

type Built = { readonly name: string; readonly kinds: ObjectKinds; readonly instance: SubsystemInstance<unknown, unknown, unknown> };

/** The entry that starts a kernel's trail. */
export interface TrailStart {
  readonly action: "kernel.boot" | "kernel.reset" | "kernel.load";
  readonly message: string;
}

export class Kernel<L extends SubsystemList = InstalledList> {
  readonly seed: number;
  readonly events = new EventBus();
  readonly view: KernelView<L>;
  private readonly clock = new Clock();
  private readonly rng: Rng;
  private readonly built: Built[] = [];
  private readonly ports: ProvidedPorts;
  private readonly gate: SyscallGate;
  private readonly services: KernelServices<L>;
  readonly chunks: ChunkSpace;
  private correlationSeq = 0; // the last correlation id given to a command
  private correlationNow = 0; // the running command's, 0 between commands

  constructor(options: KernelOptions<L>) {
    const list = options.subsystems;
    checkList(list);
    this.seed = options.seed;
    this.rng = new Rng(options.seed);
    this.chunks = new ChunkSpace(options.chunkHost ?? ChunkHost.inMemory());
    const context = { clock: this.clock, rng: this.rng, sealKey: options.sealKey, events: this.events, chunks: this.chunks };
    const containers = list.flatMap((s) => Object.values(s.kinds).flatMap((kind) => (kind.labelled === true && kind.path ? [kind.path] : [])));
    this.ports = kernelPorts({ exists: (path) => this.objectExists(path), containers, labelledAs: (path) => this.labelledAs(path) }, () => this.correlationNow);
    const managers: Record<string, unknown> = {};
    for (const subsystem of list) {
      const instance = subsystem.build(context, this.ports.forSubsystem(subsystem));
      this.ports.provide(subsystem.name, subsystem.offers, instance.provides ?? {});
      this.built.push({ name: subsystem.name, kinds: subsystem.kinds, instance });
      managers[subsystem.name] = instance.manager;
    }
    this.gate = new SyscallGate(this.ports.get("enforcer"), { record: (s, o, r) => this.recordOutcome(s, o, r) });
    this.view = this.buildView();
    this.services = { clock: this.clock, rng: this.rng, objects: this.ports.objects, view: this.view, ...managers } as KernelServices<L>;
  }

  /** Performs `operation` as `subject` through the gate. */
  syscall<T>(subject: Subject, operation: Operation, perform: (kernel: KernelServices<L>) => T, describe?: (result: T) => string): T {
    const outer = this.correlationNow;
    if (outer === 0) this.correlationNow = ++this.correlationSeq;
    try {
      return this.gate.invoke(subject, operation, () => perform(this.services), describe);
    } finally {
      this.correlationNow = outer;
    }
  }

  /** A syscall performed in steps (a long sleep, a chaos run): the gate decides now; `syscallEnd` records how it ended. */
  syscallBegin(subject: Subject, operation: Operation): KernelServices<L> {
    this.correlationNow = ++this.correlationSeq;
    try {
      this.gate.admit(subject, operation);
    } catch (error) {
      this.correlationNow = 0;
      throw error;
    }
    return this.services;
  }

  syscallEnd(subject: Subject, operation: Operation, ending: { readonly error: unknown } | { readonly message: string }): void {
    try {
      this.gate.settle(subject, operation, ending);
    } finally {
      this.correlationNow = 0;
    }
  }

  /**
   * Grows whenever a command or a timer ran, so may have changed what the kernel holds: a live
   * view samples again only then (or when the second it shows turns). What time alone changes,
   * such as a rate over the last seconds, is not counted.
   */
  changeCount(): number {
    return this.correlationSeq + this.clock.fired();
  }

  /** The running command's correlation id; 0 between commands. */
  get correlation(): number {
    return this.correlationNow;
  }

  private buildView(): KernelView<L> {
    const clock = this.clock;
    const base = {
      get nowMs(): number {
        return clock.now();
      },
      status: () => this.status(),
      complete: (kind: string) => {
        const owner = this.built.find((b) => Object.hasOwn(b.kinds, kind));
        return owner?.instance.names[kind]?.();
      },
      subjectOf: (name: string) => this.ports.get("subjects").subjectOf(name),
    };
    for (const { name, instance } of this.built) Object.defineProperty(base, name, { value: instance.view, enumerable: true });
    return base as KernelView<L>;
  }

  /** Moves simulated time to `targetMs` (the interactive shell follows the wall clock this way). */
  advanceClockTo(targetMs: number): void {
    const jumpMs = targetMs - this.clock.now();
    // One jump fires every timer on the way (heartbeats every 10 s): bounded, so no time given can spin for hours.
    if (jumpMs > CLOCK_JUMP_MS_MAX) fail("EINVAL", `cannot move the clock to ${targetMs} ms at once: more than ${formatDuration(CLOCK_JUMP_MS_MAX)} ahead (CLOCK_JUMP_MS_MAX)`, "sleep moves it further, in steps");
    if (jumpMs > 0) this.clock.advanceTo(targetMs);
  }

  /**
   * The interactive shell's clock following the wall (times its speed): it moves at most
   * CLOCK_JUMP_MS_MAX at once and stops at CLOCK_MS_MAX, so a shell left open for days at 1000x
   * loses the excess instead of failing every command. The journal records where it got to.
   */
  followClockTo(targetMs: number): void {
    this.advanceClockTo(Math.min(targetMs, this.clock.now() + CLOCK_JUMP_MS_MAX, CLOCK_MS_MAX));
  }

  /** Writes the System entry that starts a trail: a kernel booted, reset or loaded (shell/trail-start.ts). */
  recordStart(subject: Subject, { action, message }: TrailStart): void {
    this.ports.get("trail").record({ level: "info", type: "system", uid: subject.uid, action, object: "kernel", result: "success", message });
  }

  /** Every subsystem's rows, from the top of the stack down (the list is bottom-up: restore order). */
  status(): SubsystemStatus[] {
    return [...this.built].reverse().flatMap((b) => b.instance.status());
  }

  toSnapshot(): KernelSnapshot<L> {
    const saved: Record<string, unknown> = {};
    for (const { name, instance } of this.built) saved[name] = instance.save();
    return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, seed: this.seed, clockMs: this.clock.now(), rng: this.rng.state(), chunks: this.chunks.toJSON(), correlationSeq: this.correlationSeq, ...saved } as KernelSnapshot<L>;
  }

  static fromSnapshot<L extends SubsystemList = InstalledList>(snapshot: KernelSnapshot<L>, options: Omit<KernelOptions<L>, "seed">): Kernel<L> {
    const kernel = new Kernel<L>({ ...options, seed: snapshot.seed });
    kernel.clock.advanceTo(snapshot.clockMs);
    kernel.rng.restore(snapshot.rng);
    kernel.correlationSeq = snapshot.correlationSeq ?? 0;
    if (snapshot.chunks !== undefined) kernel.chunks.restore(snapshot.chunks, options.chunkSource?.read);
    options.chunkSource?.finish();
    const parts: Readonly<Record<string, unknown>> = snapshot;
    for (const { name, instance } of kernel.built) if (parts[name] !== undefined) instance.restore(parts[name]); // absent: a subsystem newer than the state, left empty
    for (const { instance } of kernel.built) instance.restored?.();
    return kernel;
  }

  /** The object whose label `path` carries, when a subsystem says it has none of its own (a pod's container: its pod). */
  private labelledAs(path: string): string | undefined {
    for (const { instance } of this.built) {
      const as = instance.labelledAs?.(path);
      if (as !== undefined) return as;
    }
    return undefined;
  }

  /** Whether `path` names an object some subsystem declares (vol/db, audit/filter/3): only those carry labels. */
  private objectExists(path: string): boolean {
    const cut = path.lastIndexOf("/");
    if (cut < 0) return false;
    const prefix = path.slice(0, cut);
    const name = path.slice(cut + 1);
    for (const { kinds, instance } of this.built) {
      for (const [kind, spec] of Object.entries(kinds)) if (spec.labelled === true && spec.path === prefix) return instance.names[kind]!().includes(name);
    }
    return false;
  }

  // Every command records twice (the decision, the outcome): each entry is one literal in the
  // TrailEntry's field order, so the audit path sees one object shape (no spread of a base).
  private recordOutcome(subject: Subject, operation: Operation, outcome: Outcome): void {
    const { uid } = subject;
    const { action, object } = operation;
    const correlation = this.correlationNow;
    const trail: Ports["trail"] = this.ports.get("trail");
    if (outcome.kind === "decided") {
      const { allowed, audit, layer, reason } = outcome.decision;
      const result = !allowed ? DENIED_RESULT : audit ? "audited" : "allowed";
      trail.record({ level: !allowed || audit ? "warning" : "debug", type: "security", uid, action, object, result, message: `${layer}: ${reason}`, correlation });
    } else if (outcome.kind === "failed") {
      trail.record({ level: "error", type: operation.type, uid, action, object, result: outcome.error.code, message: outcome.error.message, correlation });
    } else {
      trail.record({ level: operation.mutates ? "info" : "debug", type: operation.type, uid, action, object, result: "success", message: outcome.message, correlation });
    }
  }
}
