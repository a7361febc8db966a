// The saved form of the network manager (its part of state.json) and the two walks between it and
// the live parts: networks with their VLANs and own counters, interfaces with their trunk VLANs and
// counters, and the next alert id; the manager adds bridges, routers, the endpoints' ARP caches
// and the packet capture (what a journal replay would rebuild). Timers are not saved: a restored network in a timed state
// schedules its end again (lifecycle.ts). Validation of the shape is in saved-schema.ts.

import { assert } from "../../src/assert.js";
import { VLAN_COUNT_MAX } from "../../src/limits.js";
import type { SavedBridge } from "./bridge/index.js";
import type { SavedCapture } from "./capture.js";
import type { SavedIpStack } from "./ip-stack.js";
import type { SavedInterfaceRow } from "./interface-table.js";
import type { NetworkParts } from "./network-parts.js";
import type { SavedNetworkRow } from "./network-table.js";

export interface SavedNetworks {
  readonly networks: (SavedNetworkRow & { counters: number[]; bridge?: SavedBridge })[]; // bridge: absent in files before it was saved (it is built from the interfaces then)
  readonly interfaces: SavedInterfaceRow[];
  readonly nextAlertId: number;
  readonly routers?: { name: string; networks: string[] }[]; // absent in files before routing
  readonly stacks?: SavedIpStack[]; // absent in files before ARP caches were saved (they start empty then)
  readonly capture?: SavedCapture; // absent before the first capture, and in files before captures were saved
}

export function saveNetworks(parts: NetworkParts): SavedNetworks {
  return {
    networks: parts.networks.slots.slots().map((slot) => ({ ...parts.networks.rowToJSON(slot), counters: parts.counters.networkToJSON(slot) })),
    interfaces: parts.interfaces.slots.slots().map((slot) => parts.interfaces.rowToJSON(slot, parts.counters.interfaceToJSON(slot))),
    nextAlertId: parts.nextAlertId,
  };
}

export function restoreNetworks(parts: NetworkParts, saved: SavedNetworks): void {
  assert(parts.networks.slots.count() === 0 && parts.interfaces.slots.count() === 0, "restore goes into an empty manager");
  for (const row of saved.networks) {
    assert(row.vlans.length <= VLAN_COUNT_MAX, "the schema bounds a network's VLANs");
    const slot = parts.networks.restoreRow(row);
    parts.counters.restoreNetwork(slot, row.counters);
  }
  for (const row of saved.interfaces) {
    const slot = parts.interfaces.restoreRow(row);
    parts.networks.portMasks[row.network]! |= 1 << row.port;
    parts.counters.restoreInterface(slot, row.counters);
  }
  parts.nextAlertId = saved.nextAlertId;
  for (const slot of parts.networks.slots.slots()) parts.lifecycle.restore(slot);
}
