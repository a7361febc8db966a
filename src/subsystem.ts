// The subsystem contract: what the kernel needs from a subsystem, declared once in its
// modules/<name>/index.ts as `subsystem`. The kernel (kernel.ts) is a loop over a list of them:
// it builds each in list order with the kernel's clock, rng, seal key and event bus and the
// ports it needs, takes the ports it provides, and from then on asks each instance for its part
// of state.json, its status rows, its read-only view and its completion candidates. Validation
// of state.json (persistence/validate-snapshot.ts) uses each declaration's schema and
// cross-field check, without building anything.
//
// src/ never imports modules/: modules/subsystems.ts lists the subsystems, and whoever builds a
// kernel or reads a state file passes the list. Its type reaches src/ through the `Installed`
// interface, which that file fills in (declaration merging), so the services a command sees stay
// statically typed.

import type * as v from "valibot";
import type { ChunkDevices } from "./chunks/chunk-device.js";
import type { Clock } from "./clock.js";
import { fail } from "./errors.js";
import type { EventBus } from "./event-bus.js";
import type { OperationType } from "./gate.js";
import { KERNEL_PORTS, type PortName, type Ports } from "./ports.js";
import type { Rng } from "./rng.js";

/** One row of `status`: a subsystem (or one of its tables) against its capacity. */
export interface SubsystemStatus {
  readonly subsystem: string;
  readonly used: number;
  readonly capacity: number;
  readonly health: string;
  readonly detail: string;
}

/** What the kernel hands every subsystem it builds. */
export interface KernelContext {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly sealKey: Uint8Array; // the state directory's secret (audit.key)
  readonly events: EventBus;
  readonly chunks: ChunkDevices; // where the subsystem keeps bytes (src/chunks/)
}

/**
 * A kind of object a subsystem owns, by the word commands declare their arguments with
 * ("volume"): `path` is where it sits at the gate (`vol` -> vol/db; "" when the value is itself a
 * path), `labelled` when its objects carry security labels (only existing ones do), `numbered`
 * when its names are whole numbers (a rule id). A kind with no path is only named and completed
 * (a pool, a snapshot).
 */
export interface ObjectKindSpec {
  readonly path?: string;
  readonly labelled?: boolean;
  readonly numbered?: boolean;
}

export type ObjectKinds = Readonly<Record<string, ObjectKindSpec>>;

/** A subsystem built into one kernel. */
export interface SubsystemInstance<Manager, Saved, View, Kinds extends ObjectKinds = ObjectKinds> {
  /** What a command reaches through the gate, as `kernel.<name>`. */
  readonly manager: Manager;
  /** Read-only figures for panes, reports and the prompt, as `kernel.view.<name>`. */
  readonly view: View;
  /** The ports this subsystem provides to the kernel and to the subsystems after it. */
  readonly provides?: Partial<Ports>;
  /** Each of its object kinds -> the names of its live objects ("volume" -> volume names): completion, and whether a labelled object exists. */
  readonly names: { readonly [K in keyof Kinds]: () => readonly string[] };
  save(): Saved;
  restore(saved: Saved): void;
  /** The object whose label one of its objects carries instead of its own (ctr/web-app: pod/web), by gate path; undefined for most. */
  labelledAs?(path: string): string | undefined;
  /** Runs once every subsystem is restored (e.g. dropping labels of objects that are gone). */
  restored?(): void;
  status(): readonly SubsystemStatus[];
}

/** The declaration each modules/<name>/index.ts exports as `subsystem`. */
export interface Subsystem<Name extends string = string, Manager = unknown, Saved = unknown, View = unknown, Kinds extends ObjectKinds = ObjectKinds> {
  /** Its key in state.json, in the services a command sees and in `kernel.view`. */
  readonly name: Name;
  /** The kinds of object it owns: commands name them in their arguments (completion, the gate's object). */
  readonly kinds: Kinds;
  /** The audit type its operations are recorded under. */
  readonly auditType: OperationType;
  /** Ports it needs: provided by the kernel or by a subsystem earlier in the list. */
  readonly needs: readonly PortName[];
  /** Ports it provides (the instance's `provides` carries them). */
  readonly offers: readonly PortName[];
  /** Its part of state.json: the shape (valibot) and the relations one field alone cannot show. */
  readonly saved: {
    readonly schema: v.GenericSchema; // checked apart from `Saved`: the file is untrusted until it passes
    check(saved: Saved): string | undefined;
    /** States saved before this subsystem existed have no part for it: restored, it starts empty. */
    readonly mayBeAbsent?: true;
  };
  build(context: KernelContext, ports: Ports): SubsystemInstance<Manager, Saved, View, Kinds>;
}

export type SubsystemList = readonly Subsystem[];

type InstanceOf<S> = S extends { build(context: KernelContext, ports: Ports): infer I } ? I : never;

/** name -> manager, for every subsystem of `L`: what a command reaches through the gate. */
export type ManagersOf<L extends SubsystemList> = { readonly [S in L[number] as S["name"]]: InstanceOf<S> extends SubsystemInstance<infer M, unknown, unknown> ? M : never };

/** name -> read-only view, for every subsystem of `L`. */
export type ViewsOf<L extends SubsystemList> = { readonly [S in L[number] as S["name"]]: InstanceOf<S> extends SubsystemInstance<unknown, unknown, infer V> ? V : never };

/** name -> saved form, for every subsystem of `L`: its keys of state.json. */
export type SavedOf<L extends SubsystemList> = { readonly [S in L[number] as S["name"]]: S extends Subsystem<string, unknown, infer T, unknown> ? T : never };

/** Every object kind the subsystems of `L` declare ("volume" | "sds" | ...). */
export type KindsOf<L extends SubsystemList> = L[number] extends infer S ? (S extends { readonly kinds: infer K } ? keyof K & string : never) : never;

/** The kinds of `L` whose names are whole numbers (rule ids). */
export type NumberedKindsOf<L extends SubsystemList> = L[number] extends infer S ? (S extends { readonly kinds: infer K } ? { [P in keyof K]: K[P] extends { readonly numbered: true } ? P : never }[keyof K] & string : never) : never;

/** Filled in by modules/subsystems.ts (`declare module`): `{ readonly list: typeof SUBSYSTEMS }`. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Installed {}

/** The type of modules/subsystems.ts's list, or any list's (a file that does not import it). */
export type InstalledList = Installed extends { readonly list: infer L extends SubsystemList } ? L : SubsystemList;

/** The ports the kernel itself uses: the gate's enforcer and trail, subjects for the journal, labels for `objects`. */
const KERNEL_NEEDS: readonly PortName[] = ["trail", "enforcer", "subjects", "labels"];

/** The kernel's own keys in the services and in state.json: no subsystem may take them. */
const RESERVED_NAMES = ["clock", "rng", "objects", "view", "seed", "clockMs", "format", "version", "chunks", "correlationSeq"];

/** Names are unique and not the kernel's, and each need is met by the kernel or by a subsystem before it. */
export function checkList(list: SubsystemList): void {
  const offered = new Set<PortName>(KERNEL_PORTS);
  const names = new Set<string>();
  for (const s of list) {
    if (names.has(s.name) || RESERVED_NAMES.includes(s.name)) fail("EINVAL", `subsystem '${s.name}' is listed twice or takes a name of the kernel's`);
    names.add(s.name);
    for (const port of s.needs) if (!offered.has(port)) fail("EINVAL", `subsystem '${s.name}' needs port '${port}', which no subsystem before it provides`);
    for (const port of s.offers) offered.add(port);
  }
  for (const port of KERNEL_NEEDS) if (!offered.has(port)) fail("EINVAL", `the kernel needs port '${port}', which no subsystem in the list provides`);
}
