// The interface table: every virtual interface of every network (INTERFACE_COUNT_MAX rows, names
// unique kernel-wide as on one Linux host, at most 15 characters as IFNAMSIZ allows), one typed
// array per field, plus each trunk's allowed VLANs (VLAN_COUNT_MAX cells per interface, 0 where
// free) and its per-interface counters (stats.ts).

import { BRIDGE_PORT_MAX, INTERFACE_COUNT_MAX, POLICE_BURST_BYTES_MAX, POLICE_RATE_BPS_MAX, INTERFACE_NAME_LENGTH_MAX, NETWORK_COUNT_MAX, VLAN_COUNT_MAX, VLAN_ID_MAX } from "../../src/limits.js";
import { enumIndex, int, text, time } from "../../src/table/checks.js";
import { numbers, rowEntries, Table, texts, type SavedRow } from "../../src/table/columns.js";
import { validateName } from "../../src/table/slot-table.js";
import { OPERSTATE_NAMES, VLAN_MODES } from "./types.js";

const INTERFACE_COLUMNS = {
  network: numbers(Uint8Array, int(0, NETWORK_COUNT_MAX - 1, `a network slot 0..${NETWORK_COUNT_MAX - 1}`)),
  port: numbers(Uint8Array, int(0, BRIDGE_PORT_MAX - 1, `a bridge port 0..${BRIDGE_PORT_MAX - 1}`)),
  mac: numbers(Float64Array, int(0, 2 ** 48 - 1, "a MAC as a 48-bit number")),
  ip: numbers(Uint32Array, int(0, 2 ** 32 - 1, "an IPv4 address as a number")),
  ipStatic: numbers(Uint8Array, int(0, 1)), // given with --ip, not leased
  operstate: numbers(Uint8Array, enumIndex(OPERSTATE_NAMES, "an operstate")),
  mode: numbers(Uint8Array, enumIndex(VLAN_MODES, "a VLAN mode")),
  vlan: numbers(Uint16Array, int(0, VLAN_ID_MAX, `a VLAN 0..${VLAN_ID_MAX}`)), // access VLAN, or a trunk's PVID (0: none)
  isolated: numbers(Uint8Array, int(0, 1)),
  host: texts(text(INTERFACE_NAME_LENGTH_MAX)),
  leasedMs: numbers(Float64Array, time),
  policeRateBps: numbers(Float64Array, int(0, POLICE_RATE_BPS_MAX, `a policing rate 0..${POLICE_RATE_BPS_MAX} bit/s`)), // 0: not policed
  policeBurstBytes: numbers(Float64Array, int(0, POLICE_BURST_BYTES_MAX, `a policing burst 0..${POLICE_BURST_BYTES_MAX} bytes`)),
};

const OPTIONS = { nameKey: "name", validate: (kind: string, name: string) => validateName(kind, name, INTERFACE_NAME_LENGTH_MAX) } as const;

export const INTERFACE_ROW_ENTRIES = rowEntries(INTERFACE_COUNT_MAX, "INTERFACE_COUNT_MAX", INTERFACE_COLUMNS, OPTIONS);

export type SavedInterfaceRow = SavedRow<typeof INTERFACE_COLUMNS, "name"> & { trunk: number[]; counters: number[] };

export class InterfaceTable {
  private readonly table = new Table("interface", INTERFACE_COUNT_MAX, "INTERFACE_COUNT_MAX", INTERFACE_COLUMNS, OPTIONS);
  readonly slots = this.table.slots;
  readonly networks = this.table.arrays.network;
  readonly ports = this.table.arrays.port;
  readonly macs = this.table.arrays.mac;
  readonly ips = this.table.arrays.ip;
  readonly ipStatic = this.table.arrays.ipStatic;
  readonly operstates = this.table.arrays.operstate;
  readonly modes = this.table.arrays.mode;
  readonly vlans = this.table.arrays.vlan;
  readonly isolated = this.table.arrays.isolated;
  readonly hosts = this.table.arrays.host;
  readonly leasedMs = this.table.arrays.leasedMs;
  readonly policeRateBps = this.table.arrays.policeRateBps;
  readonly policeBurstBytes = this.table.arrays.policeBurstBytes;
  /** A trunk's allowed VLANs, VLAN_COUNT_MAX cells per interface (slot * VLAN_COUNT_MAX + cell), 0 where free. */
  readonly trunkCells = new Uint16Array(INTERFACE_COUNT_MAX * VLAN_COUNT_MAX);

  trunk(slot: number): number[] {
    return [...this.trunkCells.subarray(slot * VLAN_COUNT_MAX, (slot + 1) * VLAN_COUNT_MAX)].filter((id) => id !== 0);
  }

  setTrunk(slot: number, ids: readonly number[]): void {
    this.trunkCells.fill(0, slot * VLAN_COUNT_MAX, (slot + 1) * VLAN_COUNT_MAX);
    this.trunkCells.set(ids, slot * VLAN_COUNT_MAX);
  }

  allocate(name: string): number {
    return this.table.slots.allocate(name);
  }

  /** The used slots of network `network`, in port order. */
  ofNetwork(network: number): number[] {
    return this.slots.slots().filter((slot) => this.networks[slot] === network).sort((a, b) => this.ports[a]! - this.ports[b]!);
  }

  free(slot: number): void {
    this.trunkCells.fill(0, slot * VLAN_COUNT_MAX, (slot + 1) * VLAN_COUNT_MAX);
    this.table.free(slot);
  }

  rowToJSON(slot: number, counters: number[]): SavedInterfaceRow {
    return { ...this.table.rowToJSON(slot), trunk: this.trunk(slot), counters };
  }

  restoreRow(row: SavedInterfaceRow): number {
    const slot = this.table.restoreRow(row);
    this.setTrunk(slot, row.trunk);
    return slot;
  }
}
