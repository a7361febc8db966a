import { command } from "../../../command.js";
import { capturedGate, requireUnderlayRights } from "./tapped.js";
import { countOf } from "../../../../src/units.js";

export default command({
  path: ["net", "capture", "stop"],
  summary: "stop the running capture; what it holds stays for show and save",
  args: [],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net capture start lan; net capture stop"],
  gate: capturedGate(true),
  run: ({ kernel, session }) => {
    requireUnderlayRights(session, "net.capture.stop");
    return kernel.network.captureStop();
  },
  describe: (s) => `${countOf(s.frames, "frame")} held, ${s.dropped} dropped`,
  display: (s) => [`capture on ${s.target} stopped: ${countOf(s.matched, "frame")} matched${s.filter === null ? "" : ` of ${s.seen} seen`}, ${s.frames} held${s.dropped > 0 ? `, ${s.dropped} oldest dropped (the ring was full)` : ""}`],
});
