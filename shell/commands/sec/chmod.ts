import { modeText, parseMode } from "../../../modules/security/index.js";
import { command } from "../../command.js";

export default command({
  path: ["sec", "chmod"],
  summary: "set an object's mode bits, in octal (its owner may, or CAP_FOWNER)",
  args: [
    { name: "object", required: true, kind: "object" },
    { name: "mode", required: true },
  ],
  options: [],
  examples: ["sec chmod clock 644", "sec chmod audit 0640"],
  gate: { type: "security", mutates: true, access: "owner" },
  run: ({ kernel }, input) => {
    const mode = parseMode(input.args.mode);
    kernel.security.labels.set(input.args.object, { mode });
    return { object: input.args.object, mode: modeText(mode) };
  },
  describe: (r) => r.mode,
  display: (r) => [`${r.object}: ${r.mode}`],
});
