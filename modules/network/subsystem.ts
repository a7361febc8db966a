// Virtual networks as a subsystem (src/subsystem.ts): built on the kernel's clock and PRNG (MACs
// under 52:54:00 come from it); needs `alerts` (a Failed network raises one) and `trail` (policy
// drops, counted per command, not per frame); provides `podNetwork` (a pod's interfaces and pings,
// pod-interfaces.ts); owns the objects net/<name>. Interfaces are named
// and completed but carry no label: the gate checks their network's.

import { NETWORK_COUNT_MAX } from "../../src/limits.js";
import type { Subsystem } from "../../src/subsystem.js";
import { countOf } from "../../src/units.js";
import { UNDERLAY } from "./capture.js";
import { VirtualNetworkManager, type SavedNetworks } from "./network-manager.js";
import { podNetworkOf } from "./pod-interfaces.js";
import { networkProblem, SAVED_NETWORK_SCHEMA } from "./saved-schema.js";

/** What panes, completion and reports read of the networks. */
export function networkView(network: VirtualNetworkManager) {
  return {
    names: () => network.names(),
    interfaceNames: () => network.interfaceNames(),
    networks: () => network.list(),
    interfaces: () => network.interfaces(),
    interfaceStats: () => network.interfaceStats(),
    history: (name: string, nowMs: number, seconds: number) => network.parts.counters.history(network.parts.interfaceSlot(name), nowMs, seconds),
    fdb: (name: string) => network.fdb(name),
    capture: () => network.captureStatus(),
    routes: () => network.routes(),
    /** The object the gate checks for interface `name`: its network's (interfaces carry no label of their own). */
    interfaceObject: (name: string) => netObject(network.networkOfInterface(name)),
    /** The object the gate checks for a capture target: a network, an interface's network, or `net/underlay` (every tenant's traffic). */
    captureObject: (target: string) => (target === UNDERLAY ? UNDERLAY_OBJECT : network.names().includes(target) ? netObject(target) : netObject(network.networkOfInterface(target))),
    /** The object the gate checks to show, stop or save the capture: what it tapped (kept when that is gone); `net` before any. */
    capturedObject: () => {
      const tapped = network.plane.capture.tapped();
      return tapped === undefined ? "net" : tapped === "" ? UNDERLAY_OBJECT : `net/${tapped}`;
    },
    /** The object the gate checks for router `name`: the first network it joins (the rest are checked as it runs). */
    routerObject: (name: string) => netObject(network.networksOfRouter(name)[0]),
    networksOfRouter: (name: string) => network.networksOfRouter(name),
  };
}

/** `net/<network>`, or the container `net` when there is no such network (the command then fails on its own). */
const netObject = (network: string | undefined): string => (network === undefined ? "net" : `net/${network}`);

/** The underlay's object: a capture of it holds every tenant's traffic (no network may be named underlay). */
export const UNDERLAY_OBJECT = `net/${UNDERLAY}`;

const KINDS = { network: { path: "net", labelled: true }, interface: {}, router: {} } as const;

export const subsystem: Subsystem<"network", VirtualNetworkManager, SavedNetworks, ReturnType<typeof networkView>, typeof KINDS> = {
  name: "network",
  kinds: KINDS,
  auditType: "network",
  needs: ["alerts", "trail"],
  offers: ["podNetwork"],
  saved: { schema: SAVED_NETWORK_SCHEMA, check: networkProblem, mayBeAbsent: true }, // states from before networks have no part
  build(context, ports) {
    const network = new VirtualNetworkManager(context.clock, context.rng, { get alerts() { return ports.alerts; }, get trail() { return ports.trail; } });
    const view = networkView(network);
    return {
      manager: network,
      view,
      provides: { podNetwork: podNetworkOf(network) },
      names: { network: view.names, interface: view.interfaceNames, router: () => network.routerNames() },
      save: () => network.toJSON(),
      restore: (saved) => network.restore(saved),
      status: () => {
        const networks = network.list();
        const failed = networks.filter((n) => n.state === "Failed").length;
        const active = networks.filter((n) => n.state === "Active").length;
        const interfaces = networks.reduce((sum, n) => sum + n.interfaces, 0);
        return [{ subsystem: "network", used: networks.length, capacity: NETWORK_COUNT_MAX, health: failed > 0 ? "degraded" : "ok", detail: `${active} active; ${countOf(interfaces, "interface")}${failed > 0 ? `; ${failed} failed` : ""}` }];
      },
    };
  },
};
