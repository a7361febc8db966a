import { countOf } from "../../../modules/cluster/index.js";
import type { KernelServices } from "../../../src/kernel.js";
import { command } from "../../command.js";

export default command({
  path: ["cluster", "scrub"],
  summary: "check every reachable copy of every chunk against its checksum, repair bad ones from a good copy, and compare the copies byte for byte",
  args: [],
  options: [],
  examples: ["cluster scrub"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => kernel.cluster.scrub(),
  describe: (r) => `${countOf(r.chunks, "chunk")}, ${countOf(r.mismatches.length, "mismatch", "mismatches")}, ${r.unreachable} out of reach${r.repaired.length + r.unrepairable.length === 0 ? "" : `, ${r.repaired.length} repaired, ${r.unrepairable.length} unrepairable`}`,
  display: (r, d) => [
    r.chunks === 0 ? "scrubbed no chunks: nothing to compare" : `scrubbed ${r.chunks} chunk${r.chunks === 1 ? "" : "s"}: ${verdict(r)}`,
    ...(r.unreachable === 0 ? [] : [`not scrubbed: ${r.unreachable} chunk${r.unreachable === 1 ? "" : "s"} whose current copies are all out of reach (see cluster health --detail)`]),
    ...(r.mismatches.length === 0 ? [] : d.table(["CHUNK", "NODES (first is the reference)"], r.mismatches.map((m) => [m.key, m.nodes.join(",")]))),
    ...r.repaired.map((c) => `repaired ${c.key} on ${c.node} (${c.file}): its copy failed its checksum; rewritten from ${c.from}`),
    ...r.unrepairable.map((c) => `cannot repair ${c.key}: every copy fails its checksum (${c.nodes.join(", ")}); reads of it fail with EIO`),
  ],
});

/** The headline: what the comparison found, after the repairs listed under it. */
function verdict(r: ReturnType<KernelServices["cluster"]["scrub"]>): string {
  if (r.mismatches.length > 0) return `${r.mismatches.length} with differing copies`;
  if (r.unrepairable.length > 0) return `${countOf(r.unrepairable.length, "chunk")} with no good copy`;
  return r.repaired.length === 0 ? "every copy identical" : `every copy identical once ${countOf(r.repaired.length, "copy", "copies")} repaired`;
}
