import { command } from "../../command.js";
import { formatBytes } from "../../../src/units.js";

export default command({
  path: ["vol", "qos"],
  summary: "limit a volume's IOPS and bandwidth (token buckets; bursts like blkdeviotune's *-max); throttled IO waits in simulated time; no options: show the limits",
  args: [{ name: "volume", required: true, kind: "volume" }],
  options: [
    { name: "iops", kind: "count", summary: "operations per second (0 = no limit)" },
    { name: "bw", kind: "size", summary: "bytes per second, e.g. 10M (0 = no limit)" },
    { name: "iops-max", kind: "count", summary: "IOPS burst (default: one second's worth)" },
    { name: "bw-max", kind: "size", summary: "bandwidth burst" },
  ],
  examples: ["vol create db --size 1M; vol qos db --iops 100 --bw 10M", "vol create db --size 1M; vol qos db"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const o = input.options;
    const volume = input.args.volume;
    const current = kernel.storage.show(volume).qos;
    if ((["iops", "bw", "iops-max", "bw-max"] as const).every((name) => o[name] === undefined)) return { volume, changed: false, ...current }; // as blkdeviotune with no values
    // A burst not given keeps its value unless its rate changes (then: one second's worth).
    const limits = {
      iops: o.iops ?? current.iops,
      bandwidthBytesPerSecond: o.bw ?? current.bandwidthBytesPerSecond,
      iopsBurst: o["iops-max"] ?? (o.iops === undefined ? current.iopsBurst : 0),
      bandwidthBurst: o["bw-max"] ?? (o.bw === undefined ? current.bandwidthBurst : 0),
    };
    kernel.storage.setQos(volume, limits);
    return { volume, changed: true, ...kernel.storage.show(volume).qos };
  },
  describe: (r) => `${r.changed ? "" : "shown: "}${r.iops} IOPS, ${formatBytes(r.bandwidthBytesPerSecond)}/s`,
  display: (r) => [`${r.volume}: ${qosText(r)}`],
});

/** Limits in the units they were typed in: "10 IOPS (burst 50), 1M/s (burst 4M)"; vol show says the same. */
export function qosText(q: { readonly iops: number; readonly iopsBurst: number; readonly bandwidthBytesPerSecond: number; readonly bandwidthBurst: number }): string {
  return `${q.iops > 0 ? `${q.iops} IOPS (burst ${q.iopsBurst})` : "no IOPS limit"}, ${q.bandwidthBytesPerSecond > 0 ? `${formatBytes(q.bandwidthBytesPerSecond)}/s (burst ${formatBytes(q.bandwidthBurst)})` : "no bandwidth limit"}`;
}
