// Users and groups, as /etc/passwd and /etc/group hold them: a user has a uid, a primary gid,
// up to USER_GROUPS_MAX supplementary groups, a clearance (MAC) and a 64-bit capability set.
// Two fixed tables over typed arrays. root (uid 0, all capabilities, clearance isolated) and the
// groups root (0) and users (100) exist from boot; root cannot be removed.
//
// As Debian's useradd does (USERGROUPS_ENAB), a user added without --group gets a private group
// of its own name, with the uid as gid where that is free; `user del` removes it again when
// nobody else uses it. With a umask (DEFAULT_UMASK, 022) masking what a user creates, another
// user may at most read it.
//
// Passwords (for `su` by users without CAP_SETUID) are kept in their stored form (passwords.ts):
// salted scrypt, never the password.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { GROUP_COUNT_MAX, UID_MAX, USER_COUNT_MAX, USER_GROUPS_MAX, USER_NAME_LENGTH_MAX } from "../../src/limits.js";
import { SlotTable, validateName } from "../../src/table/slot-table.js";
import { ALL_CAPABILITIES, capabilityText, NO_CAPABILITIES, type CapabilityWords } from "./capabilities.js";
import { levelName, SecurityLevel, type SecurityLevelName } from "./levels.js";
import { isStoredPassword, legacyPasswordHash, passwordVerifies } from "./passwords.js";

export const ROOT_UID = 0;
const FIRST_USER_ID = 1000; // where useradd starts
const USERS_GID = 100;
export const DEFAULT_UMASK = 0o022; // as login.defs UMASK
export const DEFAULT_CLEARANCE = SecurityLevel.Public; // a new user's; giving another needs CAP_MAC_ADMIN, as `sec clearance`

export interface UserSpec {
  readonly name: string;
  readonly uid?: number;
  readonly group?: string;
  readonly groups?: readonly string[];
  readonly clearance?: number;
  readonly capabilities?: CapabilityWords;
  readonly passwordHash?: string; // the stored form (hashPassword), as useradd -p takes it
  readonly umask?: number;
}

export interface UserRow {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly group: string;
  readonly groups: string[];
  readonly clearance: SecurityLevelName;
  readonly capabilities: string;
  readonly password: boolean;
  readonly umask: string; // octal, as umask(1) prints it
}

/** What the enforcer needs of a subject, read straight from the columns. */
export interface Credentials {
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
  readonly clearance: number;
  readonly capLow: number;
  readonly capHigh: number;
}

export class Accounts {
  private readonly groupTable = new SlotTable("group", GROUP_COUNT_MAX, "GROUP_COUNT_MAX");
  private readonly groupIds = new Uint32Array(GROUP_COUNT_MAX);
  private readonly userTable = new SlotTable("user", USER_COUNT_MAX, "USER_COUNT_MAX");
  private readonly uids = new Uint32Array(USER_COUNT_MAX);
  private readonly gids = new Uint32Array(USER_COUNT_MAX);
  private readonly clearances = new Uint8Array(USER_COUNT_MAX);
  private readonly capLow = new Uint32Array(USER_COUNT_MAX);
  private readonly capHigh = new Uint32Array(USER_COUNT_MAX);
  private readonly supplementary = new Uint32Array(USER_COUNT_MAX * USER_GROUPS_MAX);
  private readonly supplementaryCount = new Uint8Array(USER_COUNT_MAX);
  private readonly umasks = new Uint16Array(USER_COUNT_MAX);
  private readonly passwordHashes: string[] = new Array<string>(USER_COUNT_MAX).fill("");
  private readonly slotByUid = new Map<number, number>(); // bounded by USER_COUNT_MAX
  // Each user's credentials as one object, rebuilt when the user changes: a decision reads them
  // without allocating.
  private readonly credentialCache: (Credentials | undefined)[] = new Array(USER_COUNT_MAX).fill(undefined);

  /**
   * `namedIds`: the ids objects and rules still name (the security manager's labels and rules). A
   * new id is picked past them too, so a deleted user's objects and rules never pass to the next user.
   */
  constructor(private readonly namedIds: (kind: "uid" | "gid") => Iterable<number> = () => []) {
    this.addGroup("root", 0);
    this.addGroup("users", USERS_GID);
    this.addUser({ name: "root", uid: ROOT_UID, group: "root", clearance: SecurityLevel.Isolated, capabilities: ALL_CAPABILITIES });
  }

  addGroup(name: string, gid?: number): number {
    validateName("group", name, USER_NAME_LENGTH_MAX);
    const id = gid ?? this.freeId((candidate) => this.groupSlotById(candidate) >= 0, [...this.groupTable.slots().map((slot) => this.groupIds[slot]!), ...this.namedIds("gid")]);
    checkId("gid", id);
    if (this.groupSlotById(id) >= 0) fail("EEXIST", `gid ${id} is already used by group '${this.groupNameOf(id)}'`);
    const slot = this.groupTable.allocate(name);
    this.groupIds[slot] = id;
    return id;
  }

  deleteGroup(name: string): void {
    const slot = this.groupTable.find(name);
    const gid = this.groupIds[slot]!;
    if (gid === 0) fail("EPERM", "group 'root' cannot be removed");
    const member = this.userTable.slots().find((user) => this.gids[user] === gid);
    if (member !== undefined) fail("EBUSY", `group '${name}' is the primary group of user '${this.userTable.nameOf(member)}'`);
    for (const user of this.userTable.slots()) this.setSupplementary(user, this.supplementaryOf(user).filter((g) => g !== gid));
    this.groupTable.free(slot);
    this.groupIds[slot] = 0;
  }

  addUser(spec: UserSpec): number {
    validateName("user", spec.name, USER_NAME_LENGTH_MAX);
    if (this.userTable.has(spec.name)) fail("EEXIST", `user '${spec.name}' already exists`);
    const uid = spec.uid ?? this.freeId((candidate) => this.slotByUid.has(candidate), [...this.slotByUid.keys(), ...this.namedIds("uid")]);
    checkId("uid", uid);
    if (this.slotByUid.has(uid)) fail("EEXIST", `uid ${uid} is already used by user '${this.userTable.nameOf(this.slotByUid.get(uid)!)}'`);
    const groups = (spec.groups ?? []).map((name) => this.groupIds[this.groupTable.find(name)]!);
    if (groups.length > USER_GROUPS_MAX) fail("EINVAL", `${groups.length} supplementary groups; the limit is ${USER_GROUPS_MAX} (USER_GROUPS_MAX)`);
    const umask = spec.umask ?? DEFAULT_UMASK;
    checkUmask(umask);
    if (spec.passwordHash !== undefined && !isStoredPassword(spec.passwordHash)) fail("EINVAL", "not a stored password: scrypt$N$r$p$salt$key, or 64 hex digits", "as the journal records it; give --password otherwise");
    const stored = spec.passwordHash ?? "";
    // An older journal replays a refused `--password ""` as its unsalted hash, and must refuse it again.
    if (stored === legacyPasswordHash(spec.name, "")) fail("EINVAL", `an empty password would let anyone su to '${spec.name}'`, "give a password, or none: then only a user holding CAP_SETUID may su to it");
    if (spec.group === undefined && this.groupTable.has(spec.name)) {
      fail("EEXIST", `group '${spec.name}' already exists, so '${spec.name}' cannot get a private group of that name`, `to make it the user's group: user add ${spec.name} --group ${spec.name}`);
    }
    const namedGid = spec.group === undefined ? undefined : this.gidOf(spec.group);
    const slot = this.userTable.allocate(spec.name);
    // The private group last, so a refused user leaves no group behind; a full group table frees the slot again.
    let gid: number;
    try {
      gid = namedGid ?? this.addGroup(spec.name, this.groupSlotById(uid) < 0 ? uid : undefined);
    } catch (error) {
      this.userTable.free(slot);
      throw error;
    }
    this.credentialCache[slot] = undefined;
    const [low, high] = spec.capabilities ?? NO_CAPABILITIES;
    this.uids[slot] = uid;
    this.gids[slot] = gid;
    this.clearances[slot] = spec.clearance ?? DEFAULT_CLEARANCE;
    this.capLow[slot] = low;
    this.capHigh[slot] = high;
    this.umasks[slot] = umask;
    this.setSupplementary(slot, groups);
    this.passwordHashes[slot] = stored;
    this.slotByUid.set(uid, slot);
    return uid;
  }

  deleteUser(name: string): void {
    const slot = this.userTable.find(name);
    if (this.uids[slot] === ROOT_UID) fail("EPERM", "user 'root' cannot be removed", "root owns the kernel's objects");
    const primaryGid = this.gids[slot]!;
    this.slotByUid.delete(this.uids[slot]!);
    this.credentialCache[slot] = undefined;
    this.userTable.free(slot);
    this.uids[slot] = 0;
    this.gids[slot] = 0;
    this.clearances[slot] = 0;
    this.capLow[slot] = 0;
    this.capHigh[slot] = 0;
    this.setSupplementary(slot, []);
    this.passwordHashes[slot] = "";
    this.umasks[slot] = 0;
    // userdel removes the user's private group when it is nobody else's
    if (this.groupTable.has(name) && this.gidOf(name) === primaryGid && this.groups().find((g) => g.gid === primaryGid)!.members.length === 0) {
      this.deleteGroup(name);
    }
  }

  /** The slot of `uid`, or -1. */
  slotOfUid(uid: number): number {
    return this.slotByUid.get(uid) ?? -1;
  }

  uidOf(name: string): number {
    return this.uids[this.userTable.find(name)]!;
  }

  gidOf(groupName: string): number {
    return this.groupIds[this.groupTable.find(groupName)]!;
  }

  nameOfUid(uid: number): string {
    const slot = this.slotOfUid(uid);
    return slot < 0 ? String(uid) : this.userTable.nameOf(slot);
  }

  groupNameOf(gid: number): string {
    const slot = this.groupSlotById(gid);
    return slot < 0 ? String(gid) : this.groupTable.nameOf(slot);
  }

  /** The credentials of `uid`; an unknown uid has none (no groups, no capabilities, public). */
  credentials(uid: number): Credentials {
    const slot = this.slotOfUid(uid);
    if (slot < 0) return { uid, gid: UID_MAX, groups: [], clearance: SecurityLevel.Public, capLow: 0, capHigh: 0 };
    return (this.credentialCache[slot] ??= Object.freeze({
      uid,
      gid: this.gids[slot]!,
      groups: Object.freeze(this.supplementaryOf(slot)),
      clearance: this.clearances[slot]!,
      capLow: this.capLow[slot]!,
      capHigh: this.capHigh[slot]!,
    }));
  }

  capabilities(name: string): CapabilityWords {
    const slot = this.userTable.find(name);
    return [this.capLow[slot]!, this.capHigh[slot]!];
  }

  setCapabilities(name: string, words: CapabilityWords): void {
    const slot = this.userTable.find(name);
    if (this.uids[slot] === ROOT_UID && (words[0] !== ALL_CAPABILITIES[0] || words[1] !== ALL_CAPABILITIES[1])) refuseRootDowngrade("every capability");
    this.credentialCache[slot] = undefined;
    this.capLow[slot] = words[0];
    this.capHigh[slot] = words[1];
  }

  setClearance(name: string, level: number): void {
    const slot = this.userTable.find(name);
    if (this.uids[slot] === ROOT_UID && level !== SecurityLevel.Isolated) refuseRootDowngrade("the isolated clearance");
    this.credentialCache[slot] = undefined;
    this.clearances[slot] = level;
  }

  umaskOf(uid: number): number {
    const slot = this.slotOfUid(uid);
    return slot < 0 ? 0o077 : this.umasks[slot]!; // an unknown uid creates nothing others may use
  }

  setUmask(name: string, umask: number): void {
    checkUmask(umask);
    this.umasks[this.userTable.find(name)] = umask;
  }

  /** Whether `hash` is `name`'s stored password, as the journal replays a su; a user without a password matches nothing. */
  passwordHashMatches(name: string, hash: string | undefined): boolean {
    const stored = this.passwordHashes[this.userTable.find(name)]!;
    return stored !== "" && hash === stored;
  }

  /** `name`'s stored password if `password` is it (for the journal to replay), else undefined. */
  checkPassword(name: string, password: string): string | undefined {
    const stored = this.passwordHashes[this.userTable.find(name)]!;
    return stored !== "" && passwordVerifies(stored, name, password) ? stored : undefined;
  }

  userNames(): string[] {
    return this.userSlots().map((slot) => this.userTable.nameOf(slot));
  }

  /** Users by uid, groups by gid: a restored table packs its slots, so slot order would differ after a restart. */
  private userSlots(): number[] {
    return this.userTable.slots().sort((a, b) => this.uids[a]! - this.uids[b]!);
  }

  private groupSlots(): number[] {
    return this.groupTable.slots().sort((a, b) => this.groupIds[a]! - this.groupIds[b]!);
  }

  users(): UserRow[] {
    return this.userSlots().map((slot) => ({
      name: this.userTable.nameOf(slot),
      uid: this.uids[slot]!,
      gid: this.gids[slot]!,
      group: this.groupNameOf(this.gids[slot]!),
      groups: this.supplementaryOf(slot).map((gid) => this.groupNameOf(gid)),
      clearance: levelName(this.clearances[slot]!),
      capabilities: capabilityText(this.capLow[slot]!, this.capHigh[slot]!),
      password: this.passwordHashes[slot] !== "",
      umask: umaskText(this.umasks[slot]!),
    }));
  }

  groups(): { name: string; gid: number; members: string[] }[] {
    return this.groupSlots().map((slot) => {
      const gid = this.groupIds[slot]!;
      const members = this.userSlots().filter((user) => this.gids[user] === gid || this.supplementaryOf(user).includes(gid));
      return { name: this.groupTable.nameOf(slot), gid, members: members.map((user) => this.userTable.nameOf(user)) };
    });
  }

  toJSON(): SavedAccounts {
    return {
      groups: this.groups().map(({ name, gid }) => ({ name, gid })),
      users: this.userSlots().map((slot) => ({
        name: this.userTable.nameOf(slot),
        uid: this.uids[slot]!,
        gid: this.gids[slot]!,
        groups: this.supplementaryOf(slot),
        clearance: this.clearances[slot]!,
        capabilities: [this.capLow[slot]!, this.capHigh[slot]!] as CapabilityWords,
        passwordHash: this.passwordHashes[slot]!,
        umask: this.umasks[slot]!,
      })),
    };
  }

  restore(saved: SavedAccounts): void {
    for (const group of saved.groups) if (!this.groupTable.has(group.name)) this.addGroup(group.name, group.gid);
    for (const user of saved.users) {
      const umask = user.umask ?? DEFAULT_UMASK; // snapshots from before umasks
      if (user.uid === ROOT_UID) {
        // root exists from boot, with every capability and the isolated clearance it always keeps
        // (a snapshot from before that rule may hold less: it is not brought back); its umask comes back
        this.setUmask("root", umask);
        continue;
      }
      const groups = user.groups.map((g) => this.groupNameOf(g));
      this.addUser({ name: user.name, uid: user.uid, group: this.groupNameOf(user.gid), groups, clearance: user.clearance, capabilities: user.capabilities, umask });
      this.passwordHashes[this.userTable.find(user.name)] = user.passwordHash;
    }
  }

  private groupSlotById(gid: number): number {
    return this.groupTable.slots().find((slot) => this.groupIds[slot] === gid) ?? -1;
  }

  private supplementaryOf(slot: number): number[] {
    const base = slot * USER_GROUPS_MAX;
    return Array.from(this.supplementary.subarray(base, base + this.supplementaryCount[slot]!));
  }

  private setSupplementary(slot: number, gids: readonly number[]): void {
    assert(gids.length <= USER_GROUPS_MAX, "supplementary groups fit their columns");
    const base = slot * USER_GROUPS_MAX;
    this.credentialCache[slot] = undefined;
    this.supplementary.fill(0, base, base + USER_GROUPS_MAX);
    this.supplementary.set(gids, base);
    this.supplementaryCount[slot] = gids.length;
  }

  /**
   * As useradd and groupadd pick: one past the highest id in use from FIRST_USER_ID, here counting
   * the ids objects and rules still name (so deleting alice never hands her uid, and what it still
   * owns or is allowed, to the next user), else the lowest free one once that would pass UID_MAX.
   */
  private freeId(taken: (id: number) => boolean, used: Iterable<number>): number {
    let highest = FIRST_USER_ID - 1;
    for (const id of used) if (id > highest && id < UID_MAX) highest = id;
    if (highest + 1 < UID_MAX) return highest + 1;
    const named = new Set(used);
    for (let id = FIRST_USER_ID; id < UID_MAX; id++) if (!taken(id) && !named.has(id)) return id;
    return fail("ENOSPC", "no free id left");
  }
}

/**
 * Root keeps every capability and the isolated clearance. What root gave up no one could give
 * back (a grant needs a granter who holds it; raising a clearance needs CAP_MAC_ADMIN), and every
 * session starts as root: a state directory would be locked for good.
 */
function refuseRootDowngrade(what: string): never {
  return fail("EPERM", `root keeps ${what}: what root gives up no one could give back, and every session starts as root`, "make a user for it instead: user add ops --caps CAP_SYS_ADMIN");
}

function checkId(kind: string, id: number): void {
  if (!Number.isInteger(id) || id < 0 || id > UID_MAX) fail("EINVAL", `${kind} ${id} is out of range (0..${UID_MAX})`);
}

function checkUmask(umask: number): void {
  if (!Number.isInteger(umask) || umask < 0 || umask > 0o777) fail("EINVAL", `umask ${umask.toString(8)} is out of range (000..777)`);
}

/** 0022, as umask(1) prints a umask. */
export function umaskText(umask: number): string {
  return umask.toString(8).padStart(4, "0");
}

export interface SavedAccounts {
  readonly groups: { name: string; gid: number }[];
  readonly users: { name: string; uid: number; gid: number; groups: number[]; clearance: number; capabilities: CapabilityWords; passwordHash: string; umask?: number }[];
}
