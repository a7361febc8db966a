// The check that keeps the fast reports honest: the kept counters (shard-counters.ts) against a
// recount from scratch, and, when the cluster is standing or settled (settled.ts), every report that reads them against the
// same report done the slow way (a survey of every chunk); when copies are behind and the mask
// counts tell (copy-masks.ts), the replica states, summaries and the rebuild's pending copies
// against the survey's. Tests run it after random operation sequences; it changes nothing.

import type { ClusterParts } from "./cluster-parts.js";

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What disagrees, one line each (empty: the counters and the fast reports tell the truth). */
export function counterDrift(parts: ClusterParts): string[] {
  const { counters, reports, rebuilder, snapshots, table } = parts;
  const problems: string[] = [];
  const kept = counters.snapshot();
  const recounted = counters.recount();
  for (const field of ["present", "current", "volumeChunks", "volumeShardWritten", "newest", "snapshotOwn", "masks", "ownMasks", "ahead", "uncounted"] as const) {
    if (!same(kept[field], recounted[field])) problems.push(`counter ${field} drifted from its recount`);
  }
  if (!reports.standing()) return [...problems, ...maskDrift(parts), ...(reports.masksTell() ? [...table.volumes.slots().flatMap((slot) => snapshots.exclusiveDrift(slot)), ...volumeDrift(parts)] : [])];
  if (!same(reports.shardRows(), reports.surveyedRows())) problems.push(`${reports.settled() ? "settled" : "standing"} shard rows differ from the surveyed ones`);
  if (rebuilder.pending().length > 0) problems.push("standing, yet the rebuild has copies to make");
  if (reports.unreachableChunks().length > 0) problems.push("standing, yet some chunk is out of reach");
  for (const slot of table.volumes.slots()) problems.push(...snapshots.exclusiveDrift(slot));
  return [...problems, ...volumeDrift(parts)];
}

/** Each volume's counted data state, allocated bytes and chunk count against the walk over its chunks. */
function volumeDrift({ table, volumes }: ClusterParts): string[] {
  const problems: string[] = [];
  for (const slot of table.volumes.slots()) {
    const name = table.volumes.nameOf(slot);
    if (volumes.dataState(name) !== volumes.surveyedDataState(name)) problems.push(`${name}: data state ${volumes.dataState(name)}, surveyed ${volumes.surveyedDataState(name)}`);
    const surveyed = volumes.surveyedRanges(name);
    if (!same(volumes.allocatedRanges(name), surveyed)) problems.push(`${name}: allocated ranges counted differ from those walked`);
    const ranges = surveyed.reduce((sum, [start, end]) => sum + end - start, 0);
    if (volumes.allocatedBytes(name) !== ranges) problems.push(`${name}: allocated ${volumes.allocatedBytes(name)} bytes counted, ${ranges} walked`);
    if (volumes.chunkCount(name) !== volumes.chunkLocations(name).length) problems.push(`${name}: ${volumes.chunkCount(name)} chunks counted, ${volumes.chunkLocations(name).length} located`);
  }
  return problems;
}

/** With copies behind, what the mask counts tell against the survey (nothing when they do not tell). */
function maskDrift({ reports, rebuilder, topology }: ClusterParts): string[] {
  if (!reports.masksTell()) return [];
  const problems: string[] = [];
  const surveyed = reports.surveyedRows();
  const masked = reports.maskedRows();
  const placedOnly = surveyed.map((row) => ({ shard: row.shard, pool: row.pool, replicas: row.replicas.slice(0, topology.replicasOf(row.shard).length).map(({ node, state }) => ({ node, state })), chunks: row.chunks, bytes: row.bytes }));
  if (surveyed.some((row, i) => row.replicas.length !== masked[i]?.replicas.length)) problems.push("with copies behind, the surveyed rows list replicas out of placement");
  if (!same(masked, placedOnly)) problems.push("with copies behind, the replica states counted by mask differ from the surveyed ones");
  if (!same(reports.summaryOf(masked), reports.summaryOf(surveyed))) problems.push("with copies behind, the shard summary counted by mask differs from the surveyed one");
  const surveyedCopies = rebuilder.chunksToCopy(rebuilder.pending());
  if (reports.maskedPendingCopies() !== surveyedCopies) problems.push(`with copies behind, ${reports.maskedPendingCopies()} pending copies counted by mask, ${surveyedCopies} surveyed`);
  if (reports.unreachableChunks().length > 0) problems.push("the mask counts tell, yet some chunk is out of reach");
  return problems;
}
