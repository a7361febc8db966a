// Display helpers the net commands and the network pane share: a network's state coloured, one
// line per network, `ip -s link`-style counter blocks.

import type { NetworkInfo, PacketStats } from "../../modules/network/index.js";
import type { Display } from "../command.js";
import { formatDuration, formatSize } from "../values.js";
import { countOf } from "../../src/units.js";
import { WHOLE, type TableFit } from "./table.js";

/** On a narrow terminal the addresses and the state stay whole; AGING, VLANS, GATEWAY, IFS are left out first. */
const NETWORK_FIT: TableFit = { narrowest: { STATE: "Configuring…".length, TYPE: "overlay…".length, CIDR: WHOLE, GATEWAY: WHOLE }, leaveOut: ["AGING", "VLANS", "GATEWAY", "IFS"] };

export function stateText(state: string, d: Display): string {
  if (state === "Active") return d.chalk.green(state);
  if (state === "Failed") return d.chalk.red(state);
  if (state === "Suspended" || state === "Destroyed") return d.chalk.gray(state);
  return d.chalk.yellow(state); // Created, Configuring, Deactivating: not passing traffic
}

export function networkRows(networks: readonly NetworkInfo[], d: Display): string[] {
  if (networks.length === 0) return ["(no networks: net create <name> --type isolated --cidr 10.0.0.0/24)"];
  return d.table(
    ["NAME", "STATE", "TYPE", "CIDR", "GATEWAY", "IFS", "VLANS", "AGING"],
    networks.map((n) => [n.name, `${stateText(n.state, d)}${n.stateDetail !== undefined ? ` (${n.stateDetail})` : ""}`, n.type + (n.vni > 0 ? ` vni ${n.vni}` : ""), n.cidr, n.gateway, n.interfaces, n.vlans.join(","), formatDuration(n.agingMs)]),
    NETWORK_FIT,
  );
}

/** "network lan: Configuring until T+00:00:01.0" */
export function networkLine(n: NetworkInfo): string {
  return `network ${n.name}: ${n.state}${n.stateDetail !== undefined ? ` ${n.stateDetail}` : ""}`;
}

/** Counters as `ip -s link` prints them: RX and TX lines, then drops by reason. */
export function statsLines(name: string, s: PacketStats): string[] {
  const drops = Object.entries(s.drops).filter(([, count]) => count > 0).map(([reason, count]) => `${reason} ${count}`);
  return [
    `${name}:`,
    `    RX: ${countOf(s.rxPackets, "packet")} ${formatSize(s.rxBytes)} (${countOf(s.rxBytes, "byte")})`,
    `    TX: ${countOf(s.txPackets, "packet")} ${formatSize(s.txBytes)} (${countOf(s.txBytes, "byte")})   broadcasts ${s.broadcasts}   floods ${s.floods}`,
    `    dropped: ${drops.length === 0 ? "0" : drops.join(", ")}`,
  ];
}
