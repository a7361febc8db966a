// The VLANs one bridge carries (at most VLAN_COUNT_MAX, ids 1..VLAN_ID_MAX) and, per VLAN, which
// ports are members and which of them send it untagged: Linux's `bridge vlan` table, as bit masks
// (bit p = port p) so a flood is one AND. A VLAN exists while a port carries it or it was declared
// with addVlan (the network's own list, `net vlan add`); the last member leaving an undeclared VLAN
// frees its row.

import { fail } from "../../../src/errors.js";
import { VLAN_COUNT_MAX, VLAN_ID_MAX } from "../../../src/limits.js";

export function checkVlanId(vlan: number): void {
  if (!(Number.isInteger(vlan) && vlan >= 1 && vlan <= VLAN_ID_MAX)) fail("EINVAL", `VLAN ${vlan} is not a VLAN id: tags are 1..${VLAN_ID_MAX} (0 and 4095 are reserved)`);
}

export class VlanTable {
  private readonly rowOf = new Int8Array(4096).fill(-1); // any 12-bit VLAN id -> row, -1 when absent (4095 and 0 always are)
  private readonly ids = new Uint16Array(VLAN_COUNT_MAX); // 0 = free row
  private readonly members = new Uint32Array(VLAN_COUNT_MAX);
  private readonly untagged = new Uint32Array(VLAN_COUNT_MAX);
  private readonly declared = new Uint8Array(VLAN_COUNT_MAX);
  private count = 0;

  /** Fails unless the VLANs `vlans` can all exist at once (the ones already here plus the new). */
  checkRoom(vlans: readonly number[]): void {
    for (const vlan of vlans) checkVlanId(vlan);
    const fresh = new Set(vlans.filter((vlan) => this.rowOf[vlan] === -1)).size;
    if (this.count + fresh > VLAN_COUNT_MAX)
      fail("ENOSPC", `bridge VLAN table full: ${this.count} of ${VLAN_COUNT_MAX} VLANs in use, ${fresh} more asked for (VLAN_COUNT_MAX)`, "remove a VLAN no port carries, or reuse one");
  }

  private rowFor(vlan: number): number {
    const existing = this.rowOf[vlan]!;
    if (existing >= 0) return existing;
    this.checkRoom([vlan]);
    const row = this.ids.indexOf(0);
    this.ids[row] = vlan;
    this.rowOf[vlan] = row;
    this.count++;
    return row;
  }

  private freeIfUnused(row: number): boolean {
    if (this.members[row] !== 0 || this.declared[row] === 1) return false;
    this.rowOf[this.ids[row]!] = -1;
    this.ids[row] = 0;
    this.untagged[row] = 0;
    this.count--;
    return true;
  }

  declare(vlan: number): void {
    this.declared[this.rowFor(vlan)] = 1;
  }

  /** Forgets a declared VLAN; fails while ports carry it. */
  undeclare(vlan: number): void {
    checkVlanId(vlan);
    const row = this.rowOf[vlan]!;
    if (row < 0) fail("ENOENT", `VLAN ${vlan} is not on this bridge`);
    if (this.members[row] !== 0) fail("EBUSY", `VLAN ${vlan} is carried by ports ${maskPorts(this.members[row]!).join(",")}`, "detach those ports first");
    this.declared[row] = 0;
    this.freeIfUnused(row);
  }

  join(port: number, vlan: number, sendsUntagged: boolean): void {
    const row = this.rowFor(vlan);
    this.members[row]! |= 1 << port;
    if (sendsUntagged) this.untagged[row]! |= 1 << port;
  }

  /** Takes `port` out of every VLAN; returns the VLANs that no longer exist. */
  leave(port: number): number[] {
    const gone: number[] = [];
    const keep = ~(1 << port);
    for (let row = 0; row < VLAN_COUNT_MAX; row++) {
      if (this.ids[row] === 0 || (this.members[row]! & ~keep) === 0) continue;
      this.members[row]! &= keep;
      this.untagged[row]! &= keep;
      const vlan = this.ids[row]!;
      if (this.freeIfUnused(row)) gone.push(vlan);
    }
    return gone;
  }

  /** Member ports of `vlan` as a mask (0 when the bridge does not carry it). */
  membersOf(vlan: number): number {
    const row = this.rowOf[vlan]!;
    return row < 0 ? 0 : this.members[row]!;
  }

  untaggedOf(vlan: number): number {
    const row = this.rowOf[vlan]!;
    return row < 0 ? 0 : this.untagged[row]!;
  }

  has(vlan: number): boolean {
    return this.rowOf[vlan]! >= 0;
  }

  /** The VLANs `port` carries, ascending. */
  vlansOf(port: number): number[] {
    return this.list()
      .filter((vlan) => (this.membersOf(vlan) & (1 << port)) !== 0);
  }

  /** The VLANs declared with addVlan, ascending. */
  declaredList(): number[] {
    return this.list().filter((vlan) => this.declared[this.rowOf[vlan]!] === 1);
  }

  /** Every VLAN, ascending. */
  list(): number[] {
    return [...this.ids].filter((vlan) => vlan !== 0).sort((a, b) => a - b);
  }

  get size(): number {
    return this.count;
  }
}

/** The ports of a mask, ascending. */
export function maskPorts(mask: number): number[] {
  const ports: number[] = [];
  for (let port = 0; mask !== 0; port++, mask >>>= 1) if ((mask & 1) !== 0) ports.push(port);
  return ports;
}
