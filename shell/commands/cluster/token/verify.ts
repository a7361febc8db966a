import { command } from "../../../command.js";

export default command({
  path: ["cluster", "token", "verify"],
  summary: "present a token (or `last`, the last one issued) to a storage node as an IO would: forged, expired, replayed or mismatched tokens are refused and audited",
  args: [{ name: "token", required: true }],
  options: [{ name: "sds", kind: "string", placeholder: "node", summary: "the node to present it to (default: the primary of its first chunk)" }],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sdc add h1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h1; cluster token issue dv write 0 4K --sdc h1; cluster token verify last --sds a"],
  gate: { type: "security", mutates: true },
  run: ({ kernel }, input) => {
    const { node, token } = kernel.cluster.presentToken(input.args.token, input.options.sds);
    return { node, volume: token.volume, op: token.op, nonce: token.nonce };
  },
  describe: (r) => `accepted by ${r.node}`,
  display: (r) => [`accepted by ${r.node}: ${r.op} on ${r.volume} (nonce ${r.nonce} is now spent)`],
});
