// Object labels: who owns a kernel object, its Unix mode bits (DAC) and its security level (MAC).
// Objects are named by paths ("audit", "audit/filter/3", "user/alice", "sec/rule/7"). A path
// without a label of its own inherits the nearest ancestor's, as files inherit nothing but are
// reached through their directories; with no labelled ancestor it gets DEFAULT_LABEL.
// Labels live in a fixed table of OBJECT_LABEL_MAX rows. An object another one stands for carries
// that one's label, always (a pod's container its pod's: chmod the pod), never one of its own.
//
// A label exists only for an object that exists (or a boot container path): `create` labels an
// object in one step with making it (room is checked first, so a refused label makes nothing),
// `set` on a path that names no object is ENOENT, and `remove` goes with the object. Like disk
// quotas, each non-root owner may hold OBJECT_LABEL_USER_MAX labels, and the last
// OBJECT_LABEL_ROOT_RESERVE rows are root's, so no user can fill the table others need.

import { fail } from "../../src/errors.js";
import { assert } from "../../src/assert.js";
import { OBJECT_LABEL_BOOT_MAX, OBJECT_LABEL_MAX, OBJECT_LABEL_ROOT_RESERVE, OBJECT_LABEL_USER_MAX, OBJECT_PATH_LENGTH_MAX } from "../../src/limits.js";
import { SlotTable } from "../../src/table/slot-table.js";
import { ROOT_UID } from "./accounts.js";
import { SecurityLevel } from "./levels.js";

export interface Label {
  readonly owner: number;
  readonly group: number;
  readonly mode: number;
  readonly level: number;
}

export interface ResolvedLabel extends Label {
  readonly source: string; // the path whose label applies, or "(default)"
}

const OBJECT_PATH = /^[A-Za-z0-9._*-]+(\/[A-Za-z0-9._*-]+)*$/;
export const DEFAULT_LABEL: Label = { owner: ROOT_UID, group: 0, mode: 0o644, level: SecurityLevel.Public };

/**
 * Labels present from boot. Everything is root's and readable. The clock is everybody's to
 * move, and the containers objects are created in (each labelled kind's path, declared by its
 * subsystem: vol, user, audit/filter, ...) are writable by all (like /tmp): there the command's
 * capability is the gate, and a created object belongs to its creator.
 */
const FIXED_BOOT_LABELS: readonly [string, Label][] = [
  ["kernel", DEFAULT_LABEL],
  ["clock", { ...DEFAULT_LABEL, mode: 0o666 }],
  ["audit", DEFAULT_LABEL],
  ["sec", DEFAULT_LABEL],
  ["cluster", DEFAULT_LABEL],
];

/** Security's own containers: there even when it is built alone, without the kernel's list. */
const SECURITY_CONTAINERS = ["user", "group", "sec/rule"];

function bootLabels(containers: readonly string[]): [string, Label][] {
  const open = [...new Set([...SECURITY_CONTAINERS, ...containers])];
  return [...FIXED_BOOT_LABELS, ...open.map((path): [string, Label] => [path, { ...DEFAULT_LABEL, mode: 0o666 }])];
}

export function validateObjectPath(kind: string, path: string): void {
  if (path.length > OBJECT_PATH_LENGTH_MAX) fail("ENAMETOOLONG", `${kind} '${path.slice(0, 20)}…' is ${path.length} characters; the limit is ${OBJECT_PATH_LENGTH_MAX}`);
  if (!OBJECT_PATH.test(path)) fail("EINVAL", `${kind} '${path}' is not a valid object path`, "use names separated by '/', e.g. audit/filter/3");
}

export class ObjectLabels {
  private readonly table = new SlotTable("object label", OBJECT_LABEL_MAX, "OBJECT_LABEL_MAX", validateObjectPath);
  private readonly owners = new Uint32Array(OBJECT_LABEL_MAX);
  private readonly groups = new Uint32Array(OBJECT_LABEL_MAX);
  private readonly modes = new Uint16Array(OBJECT_LABEL_MAX);
  private readonly levels = new Uint8Array(OBJECT_LABEL_MAX);
  private readonly bootPaths: ReadonlySet<string>;

  /**
   * `umaskOf` masks what a user creates: the umask of the uid that creates an object. `exists`
   * says whether a path names an existing object (a port: the objects live in other subsystems).
   */
  constructor(
    private readonly umaskOf: (uid: number) => number,
    private readonly exists: (path: string) => boolean,
    containers: readonly string[] = [],
    /** The object whose label `path` carries instead of one of its own (ctr/web-app: pod/web), if any. */
    private readonly labelledAs: (path: string) => string | undefined = () => undefined,
  ) {
    const boot = bootLabels(containers);
    assert(boot.length <= OBJECT_LABEL_BOOT_MAX, "boot labels fit OBJECT_LABEL_BOOT_MAX");
    this.bootPaths = new Set(boot.map(([path]) => path));
    for (const [path, label] of boot) this.put(path, label);
  }

  /** The label that applies to `path`: its own, or the nearest labelled ancestor's. */
  resolve(path: string): ResolvedLabel {
    for (let candidate = this.labelledAs(path) ?? path; ; ) {
      if (this.table.has(candidate)) {
        const slot = this.table.find(candidate);
        return { owner: this.owners[slot]!, group: this.groups[slot]!, mode: this.modes[slot]!, level: this.levels[slot]!, source: candidate };
      }
      const cut = candidate.lastIndexOf("/");
      if (cut < 0) return { ...DEFAULT_LABEL, source: "(default)" };
      candidate = candidate.slice(0, cut);
    }
  }

  /** Whether `path` may carry a label: it has one, or names an existing object (one being created has neither). */
  labellable(path: string): boolean {
    return this.table.has(path) || this.exists(path);
  }

  /** Whether `path` is labelled from boot: an object every level shares (the clock, the kernel, a container objects are made in). */
  shared(path: string): boolean {
    return this.bootPaths.has(path);
  }

  /** Gives the existing object `path` a label of its own (chmod, chown, label), starting from the one it inherits. */
  set(path: string, changes: Partial<Label>): Label {
    validateObjectPath("object", path);
    const as = this.labelledAs(path);
    if (as !== undefined) fail("EINVAL", `${path} carries the label of ${as}, not one of its own`, `change ${as}'s label instead`);
    if (!this.labellable(path)) {
      fail("ENOENT", `no object ${path}: only existing objects carry labels`, "sec ls shows the labelled objects; create the object first");
    }
    const label = { ...this.resolve(path), ...changes };
    this.checkRoom(path, label.owner);
    return this.put(path, label);
  }

  /**
   * Makes an object and labels it as its creator's, in one step: room for the label is checked
   * first, so a full table or an exhausted share refuses the command before anything is made.
   * `make` returns what it made; `pathOf` names its label, or says how from what was made (a
   * rule's id is known only after).
   * The level is the one it inherits; `mode` is what the object asks for (open(2)'s mode), and
   * the creator's umask takes bits away.
   */
  create<T>(pathOf: string | ((made: T) => string), owner: number, group: number, make: () => T, mode = 0o666): T {
    this.checkRoom(undefined, owner);
    const made = make();
    const path = typeof pathOf === "string" ? pathOf : pathOf(made);
    validateObjectPath("object", path);
    this.put(path, { ...this.resolve(path), owner, group, mode: mode & ~this.umaskOf(owner) });
    return made;
  }

  /** Refuses a label for `owner` that would take the last free rows or exceed its share; `path`'s own row is already counted. */
  private checkRoom(path: string | undefined, owner: number): void {
    const slot = path !== undefined && this.table.has(path) ? this.table.find(path) : -1;
    if (owner !== ROOT_UID) {
      const held = this.table.slots().filter((s) => s !== slot && this.owners[s] === owner).length;
      if (held >= OBJECT_LABEL_USER_MAX) {
        fail("ENOSPC", `label quota exceeded: uid ${owner} already owns ${held} labelled objects; the share of one user is ${OBJECT_LABEL_USER_MAX} (OBJECT_LABEL_USER_MAX)`, "delete objects it owns, or have root create or own them");
      }
    }
    if (slot >= 0) return;
    const free = OBJECT_LABEL_MAX - this.table.count();
    const reserve = owner === ROOT_UID ? 0 : OBJECT_LABEL_ROOT_RESERVE;
    if (free <= reserve) fail("ENOSPC", `object label table is full: ${this.table.count()} of ${OBJECT_LABEL_MAX} labels (OBJECT_LABEL_MAX)${reserve > 0 ? `, the last ${reserve} kept for root` : ""}`);
  }

  /** Writes a row without checks: boot labels, restored snapshots, and what `set` and `create` allowed. */
  private put(path: string, label: Label): Label {
    const slot = this.table.has(path) ? this.table.find(path) : this.table.allocate(path);
    this.owners[slot] = label.owner;
    this.groups[slot] = label.group;
    this.modes[slot] = label.mode;
    this.levels[slot] = label.level;
    return label;
  }

  /** Drops the labels of paths that name no object: a snapshot from before labels went with their objects may hold them. */
  prune(): void {
    for (const slot of this.table.slots()) {
      const path = this.table.nameOf(slot);
      if (!this.bootPaths.has(path) && !this.exists(path)) this.table.free(slot);
    }
  }

  /** Removes the labels of `path` and everything below it. */
  remove(path: string): void {
    for (const slot of this.table.slots()) {
      const name = this.table.nameOf(slot);
      if (name === path || name.startsWith(`${path}/`)) this.table.free(slot);
    }
  }

  list(prefix = ""): (Label & { path: string })[] {
    return this.table
      .slots()
      .map((slot) => ({ path: this.table.nameOf(slot), owner: this.owners[slot]!, group: this.groups[slot]!, mode: this.modes[slot]!, level: this.levels[slot]! }))
      .filter((row) => prefix === "" || row.path === prefix || row.path.startsWith(`${prefix}/`))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  toJSON(): (Label & { path: string })[] {
    return this.list();
  }

  restore(saved: readonly (Label & { path: string })[]): void {
    for (const row of saved) {
      validateObjectPath("object", row.path);
      this.put(row.path, row);
    }
  }
}

/** rwxr-xr-x from 0o755. */
const MODE_LETTERS = "rwxrwxrwx";

export function modeText(mode: number): string {
  let text = ""; // a loop, not a spread, map and join: vol show and the DAC layer's texts ask on every call
  for (let i = 0; i < MODE_LETTERS.length; i++) text += (mode >> (8 - i)) & 1 ? MODE_LETTERS[i] : "-";
  return text;
}

export function parseMode(text: string): number {
  if (!/^0?[0-7]{3}$/.test(text)) fail("EINVAL", `bad mode '${text}'`, "use octal, e.g. 640 or 0755");
  return Number.parseInt(text, 8);
}
