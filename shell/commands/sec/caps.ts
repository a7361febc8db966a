import { capabilityList, capabilityNumber, capabilityText, withCapability } from "../../../modules/security/index.js";
import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";

export default command({
  path: ["sec", "caps"],
  summary: "show a user's capabilities, or change them with +CAP_X / -CAP_Y (needs CAP_SETPCAP, and each capability you grant or drop: you may change only what you hold)",
  args: [
    { name: "user", required: true, kind: "user" },
    { name: "changes", required: false, variadic: true },
  ],
  options: [],
  examples: ["sec caps root", "user add bob; sec caps bob +CAP_NET_ADMIN +CAP_AUDIT_READ -CAP_NET_ADMIN"],
  gate: {
    type: "security",
    mutates: true,
    access: "read",
    capability: (input) => (input.rest.length > 0 ? "CAP_SETPCAP" : undefined),
    inputCapabilities: (input) => input.rest.flatMap((change) => (/^[+-]/.test(change) ? [change.slice(1)] : [])), // a change without a sign fails in run
  },
  run: ({ kernel }, input) => {
    const name = input.args.user;
    let words = kernel.security.accounts.capabilities(name);
    for (const change of input.rest) {
      if (!/^[+-]/.test(change)) fail("EINVAL", `bad capability change '${change}'`, "write +CAP_NAME to grant, -CAP_NAME to drop");
      words = withCapability(words, capabilityNumber(change.slice(1)), change.startsWith("+")); // the gate checked you hold it
    }
    if (input.rest.length > 0) kernel.security.accounts.setCapabilities(name, words);
    return { user: name, capabilities: capabilityList(words[0], words[1]), text: capabilityText(words[0], words[1]) };
  },
  describe: (r) => `${r.user}: ${r.text}`,
  display: (r) => [`${r.user}: ${r.text}`],
});
