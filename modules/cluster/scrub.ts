// `cluster scrub`: every reachable current copy of every chunk read back against its checksum,
// a bad copy rewritten from a good one, and the good copies compared byte for byte, with two
// chunk buffers for the whole scrub. It changes bytes only where a copy fails its checksum.

import { CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import { copyFile } from "./copy-names.js";
import type { FailedCopies } from "./failed-copies.js";
import type { ClusterHealth } from "./health.js";
import type { NodeStores } from "./node-store.js";
import type { Rebuilder } from "./rebuild.js";
import type { ReportParts } from "./reports.js";

/** What `cluster scrub` found and did. */
export interface ScrubReport {
  chunks: number; // chunks with a current copy in reach, checked
  unreachable: number;
  mismatches: { key: string; nodes: string[] }[]; // good copies whose bytes differ (the first is the reference)
  repaired: { key: string; node: string; from: string; file: string }[]; // copies that failed their checksum, rewritten from a good one (file: on the node's chunk device)
  unrepairable: { key: string; nodes: string[] }[]; // chunks none of whose copies reads back good
}

/**
 * Verifies every reachable current copy of every chunk against its checksum and rewrites a bad
 * one from a good copy (listed in `repaired`; `unrepairable` when no copy is good), then
 * compares the good copies byte for byte and lists copies that differ.
 */
export function scrubChunks(survey: ReturnType<Rebuilder["survey"]>, stores: NodeStores, health: ClusterHealth, failed: FailedCopies, name: (node: number) => string, parts: Pick<ReportParts, "keyText" | "now">): ScrubReport {
  const report: ScrubReport = { chunks: 0, unreachable: 0, mismatches: [], repaired: [], unrepairable: [] };
  const reference = new Uint8Array(CLUSTER_CHUNK_SIZE); // two chunk buffers for the whole scrub
  const other = new Uint8Array(CLUSTER_CHUNK_SIZE);
  for (const [key, entry] of survey) {
    if (entry.holders.length === 0) {
      report.unreachable++; // no current copy in reach to compare with
      continue;
    }
    report.chunks++;
    const good = entry.holders.filter((node) => stores.verify(node, key));
    const [first, ...others] = good;
    if (first === undefined) {
      report.unrepairable.push({ key: parts.keyText(key), nodes: entry.holders.map(name) });
      continue;
    }
    for (const node of good) failed.clear(node, key);
    for (const node of entry.holders.filter((n) => !good.includes(n))) {
      stores.repair(node, key, first);
      failed.clear(node, key);
      report.repaired.push({ key: parts.keyText(key), node: name(node), from: name(first), file: copyFile(stores, node, key) });
    }
    stores.read(first, key, 0, CLUSTER_CHUNK_SIZE, reference, 0);
    const differing = others.filter((node) => (stores.read(node, key, 0, CLUSTER_CHUNK_SIZE, other, 0), Buffer.compare(reference, other) !== 0));
    if (differing.length > 0) report.mismatches.push({ key: parts.keyText(key), nodes: [first, ...differing].map(name) });
  }
  failed.prune();
  const stillBad = new Set(report.unrepairable.flatMap((c) => c.nodes)); // local to one scrub
  const repairedOn = new Set(report.repaired.map((c) => c.node).filter((node) => !stillBad.has(node)));
  health.resolveWhere((a) => a.category === "data" && repairedOn.has(a.source) && a.message.includes("fails its checksum"), "scrub", parts.now());
  return report;
}
