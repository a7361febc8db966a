import { command } from "../../../command.js";
import { capturedGate, requireUnderlayRights } from "./tapped.js";
import { countOf } from "../../../../src/units.js";

export default command({
  path: ["net", "capture", "clear"],
  summary: "discard a stopped capture and the frames it holds (save them first to keep them); decided as stop is",
  args: [],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net capture start lan; net capture stop; net capture clear"],
  gate: capturedGate(true),
  run: ({ kernel, session }) => {
    requireUnderlayRights(session, "net.capture.clear");
    return kernel.network.captureClear();
  },
  describe: (s) => `${s.target ?? "-"}: ${countOf(s.frames, "frame")} discarded`,
  display: (s) => [`cleared the capture of ${s.target ?? "-"}: ${countOf(s.frames, "frame")} discarded`],
});
