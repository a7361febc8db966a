// The network pane: each network's state (coloured), each interface's rx/tx bytes over the last
// 20 s as sparklines, the FDB with ages, drops by reason and the capture's status. `watch net` shows it alone; `top` places it after the
// volumes.

import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { sparkline } from "../display/gauges.js";
import { networkRows } from "../display/net.js";
import { formatSize, formatWholeSeconds } from "../values.js";
import { pane, TABLE_HEAD, type LiveSection } from "./pane.js";

const SPARK_SECONDS = 20;

export default pane({
  group: "net",
  title: "networks",
  order: 15,
  watchable: true,
  mirrors: ["net", "list"],
  data: (view) => {
    const stats = view.network.interfaceStats();
    const networks = view.network.networks();
    return {
      networks,
      interfaces: view.network.interfaces().map((i, at) => ({ ...i, ...stats[at], history: view.network.history(i.name, view.nowMs, SPARK_SECONDS) })),
      fdb: networks.flatMap((n) => view.network.fdb(n.name).map((entry) => ({ network: n.name, ...entry }))),
      capture: view.network.capture(),
    };
  },
  sections: (view, d) => networkSections(view, d),
});

function networkSections(view: Kernel["view"], d: Display): LiveSection[] {
  const stats = view.network.interfaceStats();
  const interfaces = view.network.interfaces();
  const interfaceLines =
    interfaces.length === 0
      ? ["(no interfaces)"]
      : d.table(
          ["IF", "NETWORK", "STATE", "RX (20s)", "TX (20s)", "RX", "TX"],
          interfaces.map((i, at) => {
            const history = view.network.history(i.name, view.nowMs, SPARK_SECONDS);
            const s = stats[at]!;
            return [i.name, i.network, i.operstate === "up" ? d.chalk.green("UP") : d.chalk.red("DOWN"), sparkline(history.rx), sparkline(history.tx), `${s.rxPackets} pkts ${formatSize(s.rxBytes)}`, `${s.txPackets} pkts ${formatSize(s.txBytes)}`];
          }),
        );
  const networks = view.network.networks();
  const fdb = networks.flatMap((n) => view.network.fdb(n.name).map((e) => [n.name, e.mac, e.vlan, e.interface, e.static ? "static" : "dynamic", e.static ? "-" : formatWholeSeconds(e.ageMs)]));
  const capture = view.network.capture();
  const drops = stats.flatMap((s) => Object.entries(s.drops).filter(([, count]) => count > 0).map(([reason, count]) => `${s.name}: ${reason} ${count}`));
  return [
    { title: "networks", lines: networkRows(networks, d), head: TABLE_HEAD },
    { title: "interfaces", lines: interfaceLines, head: TABLE_HEAD },
    { title: "fdb", lines: fdb.length === 0 ? ["(nothing learned)"] : d.table(["NETWORK", "MAC", "VLAN", "INTERFACE", "TYPE", "AGE"], fdb), head: TABLE_HEAD },
    { title: "drops", lines: drops.length === 0 ? ["(no drops)"] : drops },
    { title: "capture", lines: [capture.target === null ? "(no capture: net capture start <network|interface|underlay>)" : `${capture.running ? d.chalk.green("capturing") : "stopped"} on ${capture.target}${capture.filter !== null ? ` (${capture.filter})` : ""}: ${capture.frames} frames held, ${capture.dropped} dropped`] },
  ];
}
