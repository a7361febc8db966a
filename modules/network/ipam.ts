// IP address management for one network's CIDR, as libvirt's dnsmasq does it for a virtual
// network: the first host address (.1) is the gateway, the last is broadcast, and interfaces
// lease the lowest free address from .2 up, or take a given one inside the range. What is leased
// is read from the interface table (at most BRIDGE_PORT_MAX per network), so IPAM holds no table
// of its own: finding a free address looks at no more than BRIDGE_PORT_MAX + 1 candidates.

import { fail } from "../../src/errors.js";
import { formatCidr, formatIpv4 } from "./address-text.js";

export interface Subnet {
  readonly name: string; // the network's, for messages
  readonly address: number;
  readonly prefix: number;
}

export function gatewayOf(subnet: Subnet): number {
  return subnet.address + 1;
}

function broadcastOf(subnet: Subnet): number {
  return subnet.address + 2 ** (32 - subnet.prefix) - 1;
}

export function contains(subnet: Subnet, ip: number): boolean {
  return ip >= subnet.address && ip <= broadcastOf(subnet);
}

/** The lowest host address from .2 that `taken` does not hold; ENOSPC when the range is used up. */
export function leaseAddress(subnet: Subnet, taken: (ip: number) => boolean): number {
  for (let ip = gatewayOf(subnet) + 1; ip < broadcastOf(subnet); ip++) if (!taken(ip)) return ip;
  return fail("ENOSPC", `network '${subnet.name}' (${formatCidr(subnet.address, subnet.prefix)}) has no free address to lease`, "give --ip, or delete an interface");
}

/** A given address: inside the network, not its network, gateway or broadcast address, not taken. */
export function checkGivenAddress(subnet: Subnet, ip: number, taken: (ip: number) => boolean): void {
  const text = formatIpv4(ip);
  const cidr = formatCidr(subnet.address, subnet.prefix);
  if (!contains(subnet, ip)) fail("EINVAL", `address ${text} is outside network '${subnet.name}' (${cidr})`);
  if (ip === subnet.address || ip === broadcastOf(subnet)) fail("EINVAL", `address ${text} is the network or broadcast address of '${subnet.name}' (${cidr})`);
  if (ip === gatewayOf(subnet)) fail("EINVAL", `address ${text} is the gateway of '${subnet.name}'`, "interfaces take .2 and up");
  if (taken(ip)) fail("EEXIST", `address ${text} is already leased on network '${subnet.name}'`, "net leases shows who holds it");
}
