// The volumes pane: each volume's IOPS and bandwidth over the last 20 s, the tiers' use and the
// replication sessions — of the volumes the viewer may read, as `vol stats <name>` would show them.

import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { bar, sparkline } from "../display/gauges.js";
import { formatDuration, formatRate, formatSize } from "../values.js";
import { readableSession, volumeRead } from "../commands/vol/readable.js";
import { pane, TABLE_HEAD, type LiveSection, type PaneOptions } from "./pane.js";

const SPARK_SECONDS = 20;

export default pane({
  group: "vol",
  title: "volumes",
  order: 10,
  watchable: true,
  mirrors: ["vol", "list"],
  data: (view, options) => {
    const { volumes, readable, replication } = readableParts(view, options);
    return { volumes: volumes.map((v) => ({ ...v, history: readable(v.name) ? view.storage.history(v.name, SPARK_SECONDS) : null })), tiers: view.storage.tiers(), replication }; // history null: not the viewer's to read
  },
  sections: (view, d, options) => storageSections(view, d, options),
});

/**
 * Every volume (`vol list` names them all), and which of them the viewer may read the IO figures
 * and sessions of, as `vol stats <name>` and `vol replicate status <name>` decide (all when the
 * pane is drawn alone, as in a test).
 */
function readableParts(view: Kernel["view"], options: PaneOptions) {
  const readable = (name: string) => options.mayRead?.(volumeRead(name, "vol.stats")) ?? true;
  return { volumes: view.storage.volumes(), readable, replication: view.storage.replication().filter(readableSession(readable)) };
}

function storageSections(view: Kernel["view"], d: Display, options: PaneOptions): LiveSection[] {
  const { volumes, readable, replication: sessions } = readableParts(view, options);
  const volumeLines =
    volumes.length === 0
      ? ["(no volumes)"]
      : d.table(
          ["VOLUME", "STATE", "IOPS (20s)", "BANDWIDTH (20s)", "NOW"],
          volumes.map((v) => {
            if (!readable(v.name)) return [v.name, v.state, "-", "-", "-"];
            const history = view.storage.history(v.name, SPARK_SECONDS);
            return [v.name, v.state, sparkline(history.ops), sparkline(history.bytes), `${history.ops.at(-1) ?? 0} op/s ${formatRate(history.bytes.at(-1) ?? 0)}`];
          }),
        );
  const tiers = view.storage.tiers().map((t) => `${t.tier.padEnd(4)} ${bar(t.usedBytes / t.capacityBytes)} ${formatSize(t.usedBytes)} used, ${formatSize(t.reservedBytes)} reserved of ${formatSize(t.capacityBytes)}`);
  const replication =
    sessions.length === 0
      ? ["(no replication)"]
      : d.table(["SOURCE", "TARGET", "STATE", "LAG", "LAG-TIME", "COPIED"], sessions.map((s) => [s.source, s.target, s.state, formatSize(s.lagBytes), s.lagMs === 0 ? "0" : formatDuration(s.lagMs), formatSize(s.bytesCopied)]));
  return [
    { title: "volumes", lines: volumeLines, head: TABLE_HEAD },
    { title: "tiers", lines: tiers },
    { title: "replication", lines: replication, head: TABLE_HEAD },
  ];
}
