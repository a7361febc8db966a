import { fail } from "../../../../src/errors.js";
import { command } from "../../../command.js";

export default command({
  path: ["cluster", "token", "cache"],
  summary: "turn the client-side token cache on or off: cached tokens cover a volume and are reused until near expiry (faster, no single-use check)",
  args: [{ name: "setting", required: true }],
  options: [],
  examples: ["cluster token cache on", "cluster token cache off"],
  gate: { type: "security", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const setting = input.args.setting;
    if (setting !== "on" && setting !== "off") fail("EINVAL", `bad setting '${setting}'`, "on or off");
    kernel.cluster.setTokenCache(setting === "on");
    return { cache: setting };
  },
  describe: (r) => r.cache,
  display: (r) => [r.cache === "on" ? "token cache on: clients reuse a token per volume and operation until 5 s before it expires" : "token cache off: every IO carries a fresh single-use token"],
});
