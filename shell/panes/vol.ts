// The volumes pane: each volume's IOPS and bandwidth over the last 20 s, the tiers' use and the
// replication sessions.

import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { bar, sparkline } from "../display/gauges.js";
import { formatDuration, formatRate, formatSize } from "../values.js";
import { pane, TABLE_HEAD, type LiveSection } from "./pane.js";

const SPARK_SECONDS = 20;

export default pane({
  group: "vol",
  title: "volumes",
  order: 10,
  watchable: true,
  mirrors: ["vol", "list"],
  data: (view) => ({
    volumes: view.storage.volumes().map((v) => ({ ...v, history: view.storage.history(v.name, SPARK_SECONDS) })),
    tiers: view.storage.tiers(),
    replication: view.storage.replication(),
  }),
  sections: (view, d) => storageSections(view, d),
});

function storageSections(view: Kernel["view"], d: Display): LiveSection[] {
  const volumes = view.storage.volumes();
  const volumeLines =
    volumes.length === 0
      ? ["(no volumes)"]
      : d.table(
          ["VOLUME", "STATE", "IOPS (20s)", "BANDWIDTH (20s)", "NOW"],
          volumes.map((v) => {
            const history = view.storage.history(v.name, SPARK_SECONDS);
            return [v.name, v.state, sparkline(history.ops), sparkline(history.bytes), `${history.ops.at(-1) ?? 0} op/s ${formatRate(history.bytes.at(-1) ?? 0)}`];
          }),
        );
  const tiers = view.storage.tiers().map((t) => `${t.tier.padEnd(4)} ${bar(t.usedBytes / t.capacityBytes)} ${formatSize(t.usedBytes)} used, ${formatSize(t.reservedBytes)} reserved of ${formatSize(t.capacityBytes)}`);
  const sessions = view.storage.replication();
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
