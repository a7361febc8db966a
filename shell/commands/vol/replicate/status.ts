import { formatSimTime } from "../../../../src/clock.js";
import { command } from "../../../command.js";
import { readableSession, readableVolume } from "../readable.js";
import { formatDuration, formatRate, formatSize } from "../../../values.js";

export default command({
  path: ["vol", "replicate", "status"],
  summary: "replication sessions: state, lag in bytes and time, last sync, bytes copied",
  args: [{ name: "volume", required: false, kind: "volume" }],
  options: [],
  examples: ["vol replicate status"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel, session }, input) => {
    const sessions = kernel.storage.replicationStatus(input.args.volume);
    return { sessions: input.args.volume === undefined ? sessions.filter(readableSession(readableVolume(kernel, session, "vol.replicate.status"))) : sessions }; // without a name: those of volumes you may read
  },
  display: (r, d) =>
    r.sessions.length === 0
      ? ["(no replication sessions)"]
      : d.table(
          ["SOURCE", "TARGET", "STATE", "LAG", "LAG-TIME", "LAST-SYNC", "COPIED", "BW"],
          r.sessions.map((s) => [s.source, s.target, s.state, formatSize(s.lagBytes), s.lagMs === 0 ? "0" : formatDuration(s.lagMs), s.lastSyncMs === undefined ? "never" : formatSimTime(s.lastSyncMs), formatSize(s.bytesCopied), formatRate(s.bandwidthBytesPerSecond)]),
        ),
});
