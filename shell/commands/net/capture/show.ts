import { CAPTURE_FRAME_MAX } from "../../../../src/limits.js";
import { command } from "../../../command.js";
import { capturedGate, requireUnderlayRights } from "./tapped.js";
import { countOf } from "../../../../src/units.js";

export default command({
  path: ["net", "capture", "show"],
  summary: "the captured frames, one tcpdump-style line each (simulated seconds, then the decode), and the ring's counts",
  args: [],
  options: [{ name: "limit", kind: "count", min: 1, max: CAPTURE_FRAME_MAX, summary: "show only the last N frames (default all)" }],
  examples: ["net create lan --cidr 10.0.0.0/24; net capture start lan; net capture show"],
  gate: capturedGate(false),
  run: ({ kernel, session }, input) => {
    requireUnderlayRights(session, "net.capture.show");
    return { status: kernel.network.captureStatus(), lines: kernel.network.captureLines(input.options.limit ?? CAPTURE_FRAME_MAX) };
  },
  display: (r) => [
    ...r.lines,
    `${r.status.running ? "capturing" : "stopped"} on ${r.status.target ?? "-"}: ${countOf(r.status.frames, "frame")} held, ${countOf(r.status.bytes, "byte")}${r.status.dropped > 0 ? `, ${r.status.dropped} oldest dropped (the ring was full)` : ""}`,
  ],
});
