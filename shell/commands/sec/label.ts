import { levelNumber, validateObjectPath } from "../../../modules/security/index.js";
import { command } from "../../command.js";

export default command({
  path: ["sec", "label"],
  summary: "set an object's MAC level (public < internal < private < isolated); objects below it inherit",
  args: [
    { name: "object", required: true, kind: "object" },
    { name: "level", required: true, kind: "level" },
  ],
  options: [],
  examples: ["sec label audit private", "sec label clock public"],
  gate: { type: "security", mutates: true, access: "read", capability: "CAP_MAC_ADMIN" },
  run: ({ kernel }, input) => {
    validateObjectPath("object", input.args.object);
    kernel.security.labels.set(input.args.object, { level: levelNumber(input.args.level) });
    return { object: input.args.object, level: input.args.level.toLowerCase() };
  },
  describe: (r) => `labelled ${r.level}`,
  display: (r) => [`${r.object}: level ${r.level}`],
});
