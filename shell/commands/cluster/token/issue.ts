import { fail } from "../../../../src/errors.js";
import { formatBytes, formatOffset } from "../../../../src/units.js";
import { command } from "../../../command.js";
import { formatDuration, parseSize } from "../../../values.js";

// The token's text carries its signature, which depends on the state directory's secret key:
// it is printed only when asked (--text), so transcripts stay the same on every machine.
export default command({
  path: ["cluster", "token", "issue"],
  summary: "ask the MDM for an IO token (HMAC-SHA256, 60 s TTL, single use), as every IO does; shows its fields (--text prints the token itself)",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "op", required: true },
    { name: "offset", required: true },
    { name: "length", required: true },
  ],
  options: [
    { name: "sdc", kind: "string", placeholder: "client", summary: "the client it is issued to (required)" },
    { name: "text", kind: "flag", summary: "print the token's text, to present with cluster token verify (it differs between state directories: the key is theirs)" },
  ],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sdc add h1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h1; cluster token issue dv write 0 4K --sdc h1"],
  gate: { type: "security", mutates: true, access: (input) => (input.args.op === "read" ? "read" : "write"), capability: "CAP_SYS_ADMIN" }, // a read token asks only read access to the volume, as the read it allows
  run: ({ kernel }, input) => {
    const op = input.args.op;
    if (op !== "read" && op !== "write") fail("EINVAL", `bad operation '${op}'`, "read or write");
    if (input.options.sdc === undefined) fail("EINVAL", "cluster token issue: --sdc is required");
    const token = kernel.cluster.issueToken({ volume: input.args.volume, op, offset: parseSize(input.args.offset, "offset"), length: parseSize(input.args.length, "length"), client: input.options.sdc });
    const text = kernel.cluster.encode(token);
    const { volume, offset, length, client, nonce } = token;
    return { volume, op, offset, length, client, ttlMs: Math.round(token.expiresMs - kernel.clock.now()), nonce, ...(input.options.text === true ? { token: text } : {}) };
  },
  describe: (r) => `nonce ${r.nonce}`,
  display: (r) => [
    `token for ${r.op} of ${formatBytes(r.length)} at ${formatOffset(r.offset)} on ${r.volume} by ${r.client}: nonce ${r.nonce}, expires in ${formatDuration(r.ttlMs)}, single use`,
    ...(r.token === undefined ? [] : [r.token]),
  ],
});
