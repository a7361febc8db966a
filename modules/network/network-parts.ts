// The parts of one network manager, shared by its helpers (networks.ts, interfaces.ts,
// saved-network.ts): the network and interface tables, the lifecycle, the counters, the kernel's
// clock and PRNG and the ports out (alerts for a failed uplink, the trail for counted drops), plus
// the few lookups every job needs.

import type { Clock } from "../../src/clock.js";
import type { AlertPort, AuditTrail } from "../../src/ports.js";
import type { Rng } from "../../src/rng.js";
import { InterfaceTable } from "./interface-table.js";
import type { Subnet } from "./ipam.js";
import { NetworkLifecycle, type LifecycleHooks } from "./lifecycle.js";
import { NetworkTable } from "./network-table.js";
import { PacketCounters } from "./stats.js";

export interface NetworkPorts {
  readonly alerts: AlertPort;
  readonly trail: AuditTrail;
}

export class NetworkParts {
  readonly networks = new NetworkTable();
  readonly interfaces = new InterfaceTable();
  readonly counters = new PacketCounters();
  readonly lifecycle: NetworkLifecycle;
  nextAlertId = 1;

  constructor(
    readonly clock: Clock,
    readonly rng: Rng,
    readonly ports: NetworkPorts,
    hooks: LifecycleHooks,
  ) {
    this.lifecycle = new NetworkLifecycle(this.networks, clock, hooks);
  }

  networkSlot(name: string): number {
    return this.networks.slots.find(name);
  }

  interfaceSlot(name: string): number {
    return this.interfaces.slots.find(name);
  }

  subnet(network: number): Subnet {
    return { name: this.networks.slots.nameOf(network), address: this.networks.addresses[network]!, prefix: this.networks.prefixes[network]! };
  }

  /** Whether `ip` is held by an interface of `network` (other than `except`). */
  addressTaken(network: number, ip: number, except = -1): boolean {
    return this.interfaces.ofNetwork(network).some((slot) => slot !== except && this.interfaces.ips[slot] === ip);
  }
}
