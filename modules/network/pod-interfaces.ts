// Pod interfaces: the `podNetwork` port (src/pod-network.ts) over the network manager. A pod joins
// a network with an interface named after it (so `net if list`, `net capture` and the FDB say
// whose it is), hosted on the pod's node (overlays carry frames between nodes), with an address
// from IPAM and a MAC from the seeded PRNG, exactly as `net if add <net> <if> --host <node>` does;
// VLAN and isolation rules apply to it as to any interface; a new interface sends a gratuitous ARP.
// A ping is `net ping`'s.

import { INTERFACE_NAME_LENGTH_MAX } from "../../src/limits.js";
import type { PodInterface, PodNetwork } from "../../src/pod-network.js";
import type { VirtualNetworkManager } from "./network-manager.js";
import type { InterfaceInfo } from "./types.js";

const HASH_HEX_DIGITS = 4; // a long pod name is cut and told apart by 4 hex digits of its hash

/**
 * The interface of `pod` on its `index`th network: the pod's name (then -1, -2 ...), or, when that
 * would pass IFNAMSIZ, its start, "-" and a hash of the whole name: deterministic and distinct.
 */
export function podInterfaceName(pod: string, index: number): string {
  const suffix = index === 0 ? "" : `-${index}`;
  if (pod.length + suffix.length <= INTERFACE_NAME_LENGTH_MAX) return `${pod}${suffix}`;
  const keep = INTERFACE_NAME_LENGTH_MAX - suffix.length - HASH_HEX_DIGITS - 1;
  return `${pod.slice(0, keep)}-${fnv1a(pod).toString(16).padStart(8, "0").slice(0, HASH_HEX_DIGITS)}${suffix}`;
}

/** FNV-1a, 32 bits: a stable hash of a name (no randomness: the same pod gets the same name). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

export function podNetworkOf(network: VirtualNetworkManager): PodNetwork {
  const podInterface = (info: InterfaceInfo): PodInterface => ({ network: info.network, interface: info.name, ip: info.ip, mac: info.mac });
  return {
    join: (name, pod, host, index) => {
      const { info } = network.addInterface({ network: name, name: podInterfaceName(pod, index), host });
      network.announce(info.name); // as the CNI bridge plugin: peers that knew the address (a rescheduled pod keeps it) learn the new MAC
      return podInterface(info);
    },
    interfaceOf: (pod, index) => {
      const info = network.interfaces().find((row) => row.name === podInterfaceName(pod, index));
      return info === undefined ? undefined : podInterface(info);
    },
    leave: (interfaceName) => void network.removeInterface(interfaceName),
    ping: (from, ip, count, uid) => network.ping(from, ip, count, uid),
    unreachable: (name) => (network.names().includes(name) ? undefined : `network "${name}" not found`),
  };
}
