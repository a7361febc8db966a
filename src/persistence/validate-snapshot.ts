// Checks parsed JSON against the snapshot schema (snapshot-schema.ts, valibot) before anything is
// built from it, then the relations between fields that one field alone cannot show (a volume's
// chunk must be in its tier's pool, a node's pool must exist). The answer is the snapshot, or one
// line naming the first bad field by its path: `security.accounts.users[2].clearance: expected a
// level 0..3, got 99`. Content that is well-formed but tampered with (an edited audit message, a
// deleted or reordered entry, a recomputed hash) passes here on purpose: the audit chain and the
// seals judge that, and name the entry.

import * as v from "valibot";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type KernelSnapshot } from "../kernel.js";
import { CHUNK_SIZE, HDD_CHUNK_MAX, SSD_CHUNK_MAX } from "../limits.js";
import { SNAPSHOT_SCHEMA } from "./snapshot-schema.js";

type Checked = { snapshot: KernelSnapshot } | { problem: string };

/** Returns the snapshot, or the path and reason of the first thing wrong with it. */
export function validateSnapshot(value: unknown): Checked {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: `expected a kernel snapshot (a JSON object), got ${shown(value)}` };
  const top = value as Record<string, unknown>;
  if (top.format !== SNAPSHOT_FORMAT) return { problem: `format is ${shown(top.format)}, expected "${SNAPSHOT_FORMAT}"` };
  if (top.version !== SNAPSHOT_VERSION) return { problem: `version ${shown(top.version)} is not supported (this kshell reads ${SNAPSHOT_VERSION})` };
  const result = v.safeParse(SNAPSHOT_SCHEMA, value, { abortEarly: true });
  if (!result.success) return { problem: issueLine(result.issues[0]) };
  const snapshot = value as KernelSnapshot;
  const problem = securityProblem(snapshot) ?? storageProblem(snapshot) ?? clusterProblem(snapshot);
  return problem === undefined ? { snapshot } : { problem };
}

/** `a.b[2].c: expected …, got …` from valibot's first issue (its message is the `expected` part). */
function issueLine(issue: v.BaseIssue<unknown>): string {
  let path = "";
  for (const step of issue.path ?? []) path += typeof step.key === "number" ? `[${step.key}]` : `${path === "" ? "" : "."}${String(step.key)}`;
  return `${path === "" ? "snapshot" : path}: expected ${issue.message}, got ${shown(issue.input)}`;
}

/** A value as a message shows it: short, one line. */
function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object" && value !== null) return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function duplicate<T>(items: readonly T[], key: (item: T) => unknown): number {
  const seen = new Set<unknown>();
  for (let index = 0; index < items.length; index++) {
    const k = key(items[index]!);
    if (seen.has(k)) return index;
    seen.add(k);
  }
  return -1;
}

function securityProblem(s: KernelSnapshot): string | undefined {
  const { users, groups } = s.security.accounts;
  let at = duplicate(users, (u) => u.uid);
  if (at >= 0) return `security.accounts.users[${at}].uid: uid ${users[at]!.uid} is used twice`;
  at = duplicate(users, (u) => u.name);
  if (at >= 0) return `security.accounts.users[${at}].name: '${users[at]!.name}' is used twice`;
  if (!users.some((u) => u.uid === 0 && u.name === "root")) return "security.accounts.users: expected root (uid 0), got none";
  at = duplicate(groups, (g) => g.gid);
  if (at >= 0) return `security.accounts.groups[${at}].gid: gid ${groups[at]!.gid} is used twice`;
  at = duplicate(s.security.labels, (l) => l.path);
  if (at >= 0) return `security.labels[${at}].path: '${s.security.labels[at]!.path}' is labelled twice`;
  at = duplicate(s.security.rules.rules, (r) => r.id);
  return at >= 0 ? `security.rules.rules[${at}].id: rule #${s.security.rules.rules[at]!.id} is used twice` : undefined;
}

function storageProblem(s: KernelSnapshot): string | undefined {
  const { volumes, pools, snapshots, replication } = s.storage;
  const stored = [new Set(pools.ssd.chunks.map((c) => c[0])), new Set(pools.hdd.chunks.map((c) => c[0]))];
  const capacity = [SSD_CHUNK_MAX, HDD_CHUNK_MAX];
  for (const [tier, pool] of [pools.ssd, pools.hdd].entries()) {
    const at = duplicate(pool.chunks, (c) => c[0]);
    if (at >= 0) return `storage.pools.${tier === 0 ? "ssd" : "hdd"}.chunks[${at}]: chunk ${pool.chunks[at]![0]} is stored twice`;
  }
  let at = duplicate(volumes, (row) => row.slot);
  if (at < 0) at = duplicate(volumes, (row) => row.name);
  if (at >= 0) return `storage.volumes[${at}]: slot ${volumes[at]!.slot} or name '${volumes[at]!.name}' is used twice`;
  const tierOf = new Map(volumes.map((row) => [row.name, row.tier]));
  const mapProblem = (path: string, tier: number, sizeBytes: number, chunks: readonly [number, number][]): string | undefined => {
    const length = Math.ceil(sizeBytes / CHUNK_SIZE);
    for (const [index, [chunkIndex, chunk]] of chunks.entries()) {
      if (chunkIndex >= length) return `${path}.chunks[${index}]: chunk index ${chunkIndex} is past the end (${length} chunks)`;
      if (chunk > capacity[tier]! || !stored[tier]!.has(chunk)) return `${path}.chunks[${index}]: chunk ${chunk} is not in the ${tier === 0 ? "ssd" : "hdd"} pool`;
    }
    return undefined;
  };
  for (const [index, row] of volumes.entries()) {
    const problem = mapProblem(`storage.volumes[${index}]`, row.tier, row.sizeBytes, row.chunks);
    if (problem !== undefined) return problem;
  }
  for (const [index, row] of snapshots.entries()) {
    const tier = tierOf.get(row.volume);
    if (tier === undefined) return `storage.snapshots[${index}].volume: no volume '${row.volume}'`;
    const problem = mapProblem(`storage.snapshots[${index}]`, tier, row.sizeBytes, row.chunks);
    if (problem !== undefined) return problem;
  }
  for (const [index, row] of replication.entries()) {
    for (const end of ["source", "target"] as const) if (!tierOf.has(row[end])) return `storage.replication[${index}].${end}: no volume '${row[end]}'`;
  }
  return undefined;
}

function clusterProblem(s: KernelSnapshot): string | undefined {
  const c = s.cluster;
  const domains = new Set(c.domains.map(([slot]) => slot));
  const pools = new Set(c.pools.map((p) => p.slot));
  const volumes = new Set(c.volumes.map((row) => row.slot));
  const clients = new Set(c.clients.map(([slot]) => slot));
  const twice = [["domains", duplicate(c.domains, (d) => d[0])], ["pools", duplicate(c.pools, (p) => p.slot)], ["nodes", duplicate(c.nodes, (n) => n.slot)], ["clients", duplicate(c.clients, (d) => d[0])], ["volumes", duplicate(c.volumes, (row) => row.slot)]] as const;
  for (const [table, at] of twice) if (at >= 0) return `cluster.${table}[${at}].slot: the slot is used twice`;
  for (const [index, p] of c.pools.entries()) {
    if (!domains.has(p.domain)) return `cluster.pools[${index}].domain: no protection domain in slot ${p.domain}`;
    if (p.minCopies > p.copies) return `cluster.pools[${index}].minCopies: ${p.minCopies} is more than its ${p.copies} copies`;
  }
  for (const [index, n] of c.nodes.entries()) if (!pools.has(n.pool)) return `cluster.nodes[${index}].pool: no storage pool in slot ${n.pool}`;
  for (const [index, row] of c.volumes.entries()) if (!pools.has(row.pool)) return `cluster.volumes[${index}].pool: no storage pool in slot ${row.pool}`;
  for (const [index, [, volume, client]] of c.mappings.entries()) {
    if (!volumes.has(volume) || !clients.has(client)) return `cluster.mappings[${index}]: volume slot ${volume} or client slot ${client} does not exist`;
  }
  const chunkIds = new Set(c.chunks.chunks.map(([node, chunk]) => node * 2 ** 32 + chunk));
  for (const [index, [node, , chunk]] of c.chunks.keys.entries()) {
    if (!chunkIds.has(node * 2 ** 32 + chunk)) return `cluster.chunks.keys[${index}]: chunk ${chunk} is not stored on node slot ${node}`;
  }
  return undefined;
}
