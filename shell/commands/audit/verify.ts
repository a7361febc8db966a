import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";

export default command({
  path: ["audit", "verify"],
  summary: "recompute the SHA-256 chain over the retained entries and check the HMAC seal; names the first bad entry",
  args: [],
  options: [],
  examples: ["audit verify"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }) => {
    const report = kernel.audit.verify();
    if (!report.ok) fail("EIO", `audit trail verification failed at #${report.badSeq}: ${report.problem}`);
    return report;
  },
  describe: (r) => `verified #${r.firstSeq}..#${r.lastSeq}`,
  display: (r) => [
    r.checked === 0
      ? "audit trail verified: no entries retained"
      : `audit trail verified: ${r.checked} entr${r.checked === 1 ? "y" : "ies"} #${r.firstSeq}..#${r.lastSeq}, chain intact${r.sealed ? ", seal valid" : ", not yet sealed (save seals it)"}`,
  ],
});
