// VirtualSwitch routers: ROUTER_COUNT_MAX of them, each joining up to NETWORK_COUNT_MAX networks
// through their gateways (.1 of each). A network belongs to at most one router. A packet that
// reaches a gateway for an address that is not the gateway's own is routed: the network holding
// the destination among the router's is the way out ('no-route' when none is), the TTL goes down
// by one ('ttl' when it would reach 0), and the gateway on the far side sends it to the
// destination's MAC, asking with ARP first when it does not know it; the packet waits for the
// answer in that gateway's one pending cell (a second one waiting replaces it, as a full neighbour
// queue drops). Routes are the connected networks: `net route` lists them.

import { fail } from "../../src/errors.js";
import { INTERFACE_COUNT_MAX, NETWORK_COUNT_MAX, ROUTER_COUNT_MAX } from "../../src/limits.js";
import { SlotTable } from "../../src/table/slot-table.js";
import type { DataPlane } from "./data-plane.js";
import { arpRequestFrame, decrementTtl, ethernet, EtherType, IPV4_HEADER_BYTES } from "./frames/index.js";
import { formatCidr, formatIpv4 } from "./address-text.js";
import { contains, gatewayOf } from "./ipam.js";
import type { NetworkParts } from "./network-parts.js";

const ROUTE_LATENCY_MS = 0.02; // the router's own forwarding time

export interface RouteRow {
  readonly router: string;
  readonly destination: string;
  readonly gateway: string;
  readonly network: string;
}

export class Routers {
  readonly slots = new SlotTable("router", ROUTER_COUNT_MAX, "ROUTER_COUNT_MAX");
  readonly networkMasks = new Uint8Array(ROUTER_COUNT_MAX);
  private readonly pending: (Uint8Array | undefined)[] = new Array(NETWORK_COUNT_MAX).fill(undefined); // an IPv4 packet waiting for ARP on that network
  private readonly pendingDst = new Uint32Array(NETWORK_COUNT_MAX);

  constructor(
    private readonly parts: NetworkParts,
    private readonly plane: DataPlane,
  ) {}

  create(name: string, networks: readonly number[]): void {
    if (networks.length < 2) fail("EINVAL", `router '${name}' needs at least two networks`, "e.g. --nets lan,dmz");
    for (const network of networks) {
      const owner = this.routerOf(network);
      if (owner >= 0) fail("EBUSY", `network '${this.parts.networks.slots.nameOf(network)}' is already joined to router '${this.slots.nameOf(owner)}'`);
    }
    const slot = this.slots.allocate(name);
    for (const network of networks) this.networkMasks[slot]! |= 1 << network;
  }

  delete(name: string): void {
    const slot = this.slots.find(name);
    this.networkMasks[slot] = 0;
    this.slots.free(slot);
  }

  routerOf(network: number): number {
    for (const slot of this.slots.slots()) if ((this.networkMasks[slot]! & (1 << network)) !== 0) return slot;
    return -1;
  }

  networksOf(slot: number): number[] {
    const networks: number[] = [];
    for (let network = 0; network < NETWORK_COUNT_MAX; network++) if ((this.networkMasks[slot]! & (1 << network)) !== 0) networks.push(network);
    return networks;
  }

  forgetNetwork(network: number): void {
    for (const slot of this.slots.slots()) this.networkMasks[slot]! &= ~(1 << network);
    this.pending[network] = undefined;
  }

  routes(): RouteRow[] {
    return this.slots.slots().flatMap((slot) =>
      this.networksOf(slot).map((network) => {
        const subnet = this.parts.subnet(network);
        return { router: this.slots.nameOf(slot), destination: formatCidr(subnet.address, subnet.prefix), gateway: formatIpv4(gatewayOf(subnet)), network: subnet.name };
      }),
    );
  }

  /** A packet for `dst` reached network `from`'s gateway: route it, or drop it counted. */
  forward(from: number, frame: Uint8Array, ipOffset: number, dst: number, atMs: number): void {
    const router = this.routerOf(from);
    const out = router < 0 ? -1 : this.networksOf(router).find((network) => network !== from && contains(this.parts.subnet(network), dst)) ?? -1;
    if (out < 0) return this.plane.networkDrop(from, "no-route");
    const packet = frame.slice(ipOffset, ipOffset + Math.max(IPV4_HEADER_BYTES, (frame[ipOffset + 2]! << 8) | frame[ipOffset + 3]!));
    if (decrementTtl(packet, 0) === 0) return this.plane.networkDrop(from, "ttl");
    const gateway = this.plane.address(gatewayEndpoint(out));
    const neighbour = this.plane.stacks.lookup(gatewayEndpoint(out), dst);
    if (neighbour !== undefined) return this.plane.send(gatewayEndpoint(out), ethernet({ dst: neighbour.mac, src: gateway.mac, etherType: EtherType.IPv4, payload: packet }), atMs + ROUTE_LATENCY_MS);
    this.pending[out] = packet;
    this.pendingDst[out] = dst;
    this.plane.send(gatewayEndpoint(out), arpRequestFrame({ srcMac: gateway.mac, srcIp: gateway.ip, targetIp: dst }), atMs + ROUTE_LATENCY_MS);
  }

  /** After the gateway of `network` heard something: a packet waiting for its ARP answer goes now. */
  flushPending(network: number, atMs: number): void {
    const packet = this.pending[network];
    if (packet === undefined) return;
    const neighbour = this.plane.stacks.lookup(gatewayEndpoint(network), this.pendingDst[network]!);
    if (neighbour === undefined) return;
    this.pending[network] = undefined;
    this.plane.send(gatewayEndpoint(network), ethernet({ dst: neighbour.mac, src: this.plane.gatewayMac(network), etherType: EtherType.IPv4, payload: packet }), atMs + ROUTE_LATENCY_MS);
  }

  toJSON(): { name: string; networks: string[] }[] {
    return this.slots.slots().map((slot) => ({ name: this.slots.nameOf(slot), networks: this.networksOf(slot).map((n) => this.parts.networks.slots.nameOf(n)) }));
  }

  restore(saved: readonly { name: string; networks: readonly string[] }[]): void {
    for (const row of saved) this.create(row.name, row.networks.map((name) => this.parts.networkSlot(name)));
  }
}

/** The endpoint of a network's gateway (data-plane.ts numbers them after the interfaces). */
function gatewayEndpoint(network: number): number {
  return INTERFACE_COUNT_MAX + network;
}
