// The network pane: each network's state (coloured), each interface's rx/tx bytes over the last
// 20 s as sparklines, and drops by reason. `watch net` shows it alone; `top` places it after the
// volumes.

import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { sparkline } from "../display/gauges.js";
import { networkRows } from "../display/net.js";
import { formatSize } from "../values.js";
import { pane, type LiveSection } from "./pane.js";

const SPARK_SECONDS = 20;

export default pane({
  group: "net",
  title: "networks",
  order: 15,
  watchable: true,
  mirrors: ["net", "list"],
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
  const drops = stats.flatMap((s) => Object.entries(s.drops).filter(([, count]) => count > 0).map(([reason, count]) => `${s.name}: ${reason} ${count}`));
  return [
    { title: "networks", lines: networkRows(view.network.networks(), d) },
    { title: "interfaces", lines: interfaceLines },
    { title: "drops", lines: drops.length === 0 ? ["(no drops)"] : drops },
  ];
}
