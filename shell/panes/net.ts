// The network pane: each network's state (coloured), each interface's rx/tx bytes over the last
// 20 s as sparklines, the FDB with ages, drops by reason and the capture's status — the figures of
// networks the viewer may read only, as `net stats <name>` would show them. `watch net` shows it
// alone; `top` places it after the volumes.

import type { Operation } from "../../src/gate.js";
import type { Kernel } from "../../src/kernel.js";
import { captureReads, networkRead } from "../commands/net/readable.js";
import type { Display } from "../command.js";
import { sparkline } from "../display/gauges.js";
import { networkRows } from "../display/net.js";
import { formatSize, formatWholeSeconds } from "../values.js";
import { pane, TABLE_HEAD, type LiveSection, type PaneOptions } from "./pane.js";

const SPARK_SECONDS = 20;

export default pane({
  group: "net",
  title: "networks",
  order: 15,
  watchable: true,
  mirrors: ["net", "list"],
  data: (view, options) => {
    const { networks, interfaces, fdb, capture } = readableParts(view, options);
    return {
      networks,
      interfaces: interfaces.map((i) => ({ ...i, history: view.network.history(i.name, view.nowMs, SPARK_SECONDS) })),
      fdb,
      capture: capture ?? null, // null: none the viewer may read
    };
  },
  sections: (view, d, options) => networkSections(view, d, options),
});

/**
 * What the viewer may read (every row when the pane is drawn alone, as in a test): every network's
 * row (`net list` names them all), and only the counters, learned MACs and capture of networks
 * `net stats <name>`, `net fdb <name>` and `net capture show` would show them (net/readable.ts).
 */
function readableParts(view: Kernel["view"], options: PaneOptions) {
  const may = (operation: Operation) => options.mayRead?.(operation) ?? true;
  const stats = view.network.interfaceStats();
  const networks = view.network.networks();
  return {
    networks,
    interfaces: view.network.interfaces().flatMap((i, at) => (may(networkRead(i.network, "net.stats")) ? [{ ...i, ...stats[at]! }] : [])),
    fdb: networks.filter((n) => may(networkRead(n.name, "net.fdb"))).flatMap((n) => view.network.fdb(n.name).map((entry) => ({ network: n.name, ...entry }))),
    capture: captureReads(view).every(may) ? view.network.capture() : undefined,
  };
}

function networkSections(view: Kernel["view"], d: Display, options: PaneOptions): LiveSection[] {
  const { networks, interfaces, fdb: entries, capture } = readableParts(view, options);
  const interfaceLines =
    interfaces.length === 0
      ? [view.network.interfaces().length === 0 ? "(no interfaces)" : "(no interfaces on a network you may read)"]
      : d.table(
          ["IF", "NETWORK", "STATE", "RX (20s)", "TX (20s)", "RX", "TX"],
          interfaces.map((s) => {
            const history = view.network.history(s.name, view.nowMs, SPARK_SECONDS);
            return [s.name, s.network, s.operstate === "up" ? d.chalk.green("UP") : d.chalk.red("DOWN"), sparkline(history.rx), sparkline(history.tx), `${s.rxPackets} pkts ${formatSize(s.rxBytes)}`, `${s.txPackets} pkts ${formatSize(s.txBytes)}`];
          }),
        );
  const fdb = entries.map((e) => [e.network, e.mac, e.vlan, e.interface, e.static ? "static" : "dynamic", e.static ? "-" : formatWholeSeconds(e.ageMs)]);
  const drops = interfaces.flatMap((s) => Object.entries(s.drops).filter(([, count]) => count > 0).map(([reason, count]) => `${s.name}: ${reason} ${count}`));
  return [
    { title: "networks", lines: networkRows(networks, d), head: TABLE_HEAD },
    { title: "interfaces", lines: interfaceLines, head: TABLE_HEAD },
    { title: "fdb", lines: fdb.length === 0 ? ["(nothing learned)"] : d.table(["NETWORK", "MAC", "VLAN", "INTERFACE", "TYPE", "AGE"], fdb), head: TABLE_HEAD },
    { title: "drops", lines: drops.length === 0 ? ["(no drops)"] : drops },
    { title: "capture", lines: [capture === undefined ? "(the capture is of a network you may not read)" : capture.target === null ? "(no capture: net capture start <network|interface|underlay>)" : `${capture.running ? d.chalk.green("capturing") : "stopped"} on ${capture.target}${capture.filter !== null ? ` (${capture.filter})` : ""}: ${capture.frames} frames held, ${capture.dropped} dropped`] },
  ];
}
