import { command } from "../../command.js";
import { formatSize } from "../../values.js";

export default command({
  path: ["vol", "qos"],
  summary: "limit a volume's IOPS and bandwidth (token buckets; bursts like blkdeviotune's *-max); throttled IO waits in simulated time",
  args: [{ name: "volume", required: true, complete: "volume" }],
  options: [
    { name: "iops", kind: "count", summary: "operations per second (0 = no limit)" },
    { name: "bw", kind: "size", summary: "bytes per second, e.g. 10M (0 = no limit)" },
    { name: "iops-max", kind: "count", summary: "IOPS burst (default: one second's worth)" },
    { name: "bw-max", kind: "size", summary: "bandwidth burst" },
  ],
  examples: ["vol create db --size 1M; vol qos db --iops 100 --bw 10M"],
  gate: { action: "vol.qos", type: "storage", mutates: true, capability: "CAP_SYS_ADMIN", object: (input) => `vol/${input.args.volume}` },
  run: ({ kernel }, input) => {
    const o = input.options;
    const current = kernel.storage.show(input.args.volume!).qos;
    const limits = {
      iops: (o.iops as number | undefined) ?? current.iops,
      bandwidthBytesPerSecond: (o.bw as number | undefined) ?? current.bandwidthBytesPerSecond,
      iopsBurst: (o["iops-max"] as number | undefined) ?? 0,
      bandwidthBurst: (o["bw-max"] as number | undefined) ?? 0,
    };
    kernel.storage.setQos(input.args.volume!, limits);
    return { volume: input.args.volume!, ...kernel.storage.show(input.args.volume!).qos };
  },
  describe: (r) => `${r.iops} IOPS, ${r.bandwidthBytesPerSecond} B/s`,
  display: (r) => [`${r.volume}: ${r.iops > 0 ? `${r.iops} IOPS (burst ${r.iopsBurst})` : "no IOPS limit"}, ${r.bandwidthBytesPerSecond > 0 ? `${formatSize(r.bandwidthBytesPerSecond)}/s (burst ${formatSize(r.bandwidthBurst)})` : "no bandwidth limit"}`],
});
