// The network table: one row per network, one typed array per field (NETWORK_COUNT_MAX rows),
// plus each network's VLAN list (VLAN_COUNT_MAX fixed cells per network, 0 where free) and a bit
// mask of the bridge ports its interfaces hold.

import { BRIDGE_PORT_MAX, FDB_AGING_MS_DEFAULT, FDB_AGING_MS_MAX, FDB_AGING_MS_MIN, NETWORK_COUNT_MAX, VLAN_COUNT_MAX } from "../../src/limits.js";
import { enumIndex, int, time } from "../../src/table/checks.js";
import { numbers, rowEntries, Table, type SavedRow } from "../../src/table/columns.js";
import { NETWORK_STATE_NAMES, NETWORK_TYPES } from "./types.js";


const NETWORK_COLUMNS = {
  type: numbers(Uint8Array, enumIndex(NETWORK_TYPES, "a network type")),
  state: numbers(Uint8Array, enumIndex(NETWORK_STATE_NAMES, "a network state")),
  address: numbers(Uint32Array, int(0, 2 ** 32 - 1, "an IPv4 address as a number")),
  prefix: numbers(Uint8Array, int(1, 30, "a prefix length 1..30")),
  vni: numbers(Uint32Array, int(0, 2 ** 24 - 1, "a VXLAN VNI 0..16777215")),
  agingMs: numbers(Float64Array, int(FDB_AGING_MS_MIN, FDB_AGING_MS_MAX, `an aging time ${FDB_AGING_MS_MIN}..${FDB_AGING_MS_MAX} ms`), FDB_AGING_MS_DEFAULT),
  createdMs: numbers(Float64Array, time),
  busyUntilMs: numbers(Float64Array, time, 0), // end of Configuring, Deactivating or Destroyed
  deleting: numbers(Uint8Array, int(0, 1)), // Deactivating ends in Destroyed, not Created
  alertId: numbers(Uint32Array, int(0, 2 ** 32 - 1, "an alert id")), // the open uplink alert of a Failed network, 0 when none
};

const OPTIONS = { nameKey: "name" } as const;

export const NETWORK_ROW_ENTRIES = rowEntries(NETWORK_COUNT_MAX, "NETWORK_COUNT_MAX", NETWORK_COLUMNS, OPTIONS);

export type SavedNetworkRow = SavedRow<typeof NETWORK_COLUMNS, "name"> & { vlans: number[] };

export class NetworkTable {
  private readonly table = new Table("network", NETWORK_COUNT_MAX, "NETWORK_COUNT_MAX", NETWORK_COLUMNS, OPTIONS);
  readonly slots = this.table.slots;
  readonly types = this.table.arrays.type;
  readonly states = this.table.arrays.state;
  readonly addresses = this.table.arrays.address;
  readonly prefixes = this.table.arrays.prefix;
  readonly vnis = this.table.arrays.vni;
  readonly agingMs = this.table.arrays.agingMs;
  readonly createdMs = this.table.arrays.createdMs;
  readonly busyUntilMs = this.table.arrays.busyUntilMs;
  readonly deleting = this.table.arrays.deleting;
  readonly alertIds = this.table.arrays.alertId;
  /** VLAN ids, VLAN_COUNT_MAX cells per network (slot * VLAN_COUNT_MAX + cell), 0 where free. */
  readonly vlanCells = new Uint16Array(NETWORK_COUNT_MAX * VLAN_COUNT_MAX);
  /** Bridge ports in use, one bit per port: an interface takes the lowest free one. */
  readonly portMasks = new Uint32Array(NETWORK_COUNT_MAX);

  vlans(slot: number): number[] {
    const ids: number[] = [];
    for (let cell = 0; cell < VLAN_COUNT_MAX; cell++) {
      const id = this.vlanCells[slot * VLAN_COUNT_MAX + cell]!;
      if (id !== 0) ids.push(id);
    }
    return ids.sort((a, b) => a - b);
  }

  /** The cell holding VLAN `id` in network `slot`, or -1. */
  vlanCell(slot: number, id: number): number {
    for (let cell = 0; cell < VLAN_COUNT_MAX; cell++) if (this.vlanCells[slot * VLAN_COUNT_MAX + cell] === id) return cell;
    return -1;
  }

  /** The lowest free bridge port, or -1 when all BRIDGE_PORT_MAX are taken. */
  freePort(slot: number): number {
    for (let port = 0; port < BRIDGE_PORT_MAX; port++) if ((this.portMasks[slot]! & (1 << port)) === 0) return port;
    return -1;
  }

  allocate(name: string): number {
    return this.table.slots.allocate(name);
  }

  /** Zeroes the row, its VLANs and ports, and frees the slot. */
  free(slot: number): void {
    this.vlanCells.fill(0, slot * VLAN_COUNT_MAX, (slot + 1) * VLAN_COUNT_MAX);
    this.portMasks[slot] = 0;
    this.table.free(slot);
  }

  rowToJSON(slot: number): SavedNetworkRow {
    return { ...this.table.rowToJSON(slot), vlans: this.vlans(slot) };
  }

  restoreRow(row: SavedNetworkRow): number {
    const slot = this.table.restoreRow(row);
    this.vlanCells.set(row.vlans, slot * VLAN_COUNT_MAX);
    return slot;
  }
}
