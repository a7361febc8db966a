import { writeRegularFile } from "../../../../src/persistence/user-file.js";
import { command } from "../../../command.js";
import { capturedGate, requireUnderlayRights } from "./tapped.js";
import { countOf } from "../../../../src/units.js";

export default command({
  path: ["net", "capture", "save"],
  summary: "write the captured frames to a classic pcap file (magic a1b2c3d4, Ethernet, simulated timestamps): tshark -r and Wireshark open it",
  args: [{ name: "file", required: true, kind: "file" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net capture start lan; net capture stop"],
  gate: capturedGate(false),
  run: ({ kernel, session }, input) => {
    requireUnderlayRights(session, "net.capture.save");
    const bytes = kernel.network.capturePcap();
    session.userFile("write", input.args.file, "write", () => writeRegularFile(input.args.file, bytes));
    return { file: input.args.file, bytes: bytes.length, frames: kernel.network.captureStatus().frames };
  },
  describe: (r) => `${countOf(r.frames, "frame")}, ${countOf(r.bytes, "byte")} to ${r.file}`,
  display: (r) => [`saved ${countOf(r.frames, "frame")} to ${r.file} (${countOf(r.bytes, "byte")}, pcap): tshark -r ${r.file}`],
});
