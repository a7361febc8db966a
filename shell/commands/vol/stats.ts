import { command } from "../../command.js";
import { formatDuration, formatSize } from "../../values.js";
import { noneReadable, readableRows } from "../../display/readable-rows.js";
import { readableVolume } from "./readable.js";

export default command({
  path: ["vol", "stats"],
  summary: "IO per volume (each you may read): reads, writes, bytes, simulated latency percentiles, throttle events",
  args: [{ name: "volume", required: false, kind: "volume" }],
  options: [],
  examples: ["vol stats"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel, session }, input) => {
    const { rows: names, unreadable } = input.args.volume === undefined ? readableRows(kernel.storage.names(), readableVolume(kernel, session, "vol.stats")) : { rows: [input.args.volume], unreadable: 0 }; // without a name: those `vol stats <name>` would show
    return { volumes: names.map((name) => ({ name, ...kernel.storage.stats(name) })), unreadable, tiers: kernel.storage.tiers() };
  },
  display: (r, d) => [
    ...(r.volumes.length === 0
      ? [r.unreadable === 0 ? "(no volumes)" : noneReadable("volume", r.unreadable)]
      : d.table(
          ["VOLUME", "READS", "WRITES", "READ", "WRITTEN", "P50", "P99", "MAX", "THROTTLED"], // latencies with their units ("0.1 ms", "1.2 s"); --json has the ms
          r.volumes.map((v) => [v.name, v.reads, v.writes, formatSize(v.bytesRead), formatSize(v.bytesWritten), ...(v.reads + v.writes === 0 ? ["-", "-", "-"] : [formatDuration(v.latencyMsP50), formatDuration(v.latencyMsP99), formatDuration(v.latencyMsMax)]), v.throttled]),
        )),
    ...d.table(["TIER", "CAPACITY", "USED", "RESERVED"], r.tiers.map((t) => [t.tier, formatSize(t.capacityBytes), formatSize(t.usedBytes), formatSize(t.reservedBytes)])),
  ],
});
