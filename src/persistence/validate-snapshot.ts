// Checks that parsed JSON has the shape of a kernel snapshot before anything is built from it,
// naming the first field that is wrong. Content that is well-formed but tampered with (an edited
// audit message, a recomputed hash) passes here on purpose: `audit verify` is what judges that.

import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, COMPLIANCE_RULES, FILTER_EFFECTS } from "../../modules/audit/index.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type KernelSnapshot } from "../kernel.js";

type Check = (value: unknown) => boolean;

const isNumber: Check = (v) => typeof v === "number" && Number.isFinite(v);
const isCount: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const isString: Check = (v) => typeof v === "string";
const isBoolean: Check = (v) => typeof v === "boolean";
const isHash: Check = (v) => typeof v === "string" && /^[0-9a-f]{64}$/.test(v);
const oneOf = (values: readonly string[]): Check => (v) => typeof v === "string" && values.includes(v);
const optional = (check: Check): Check => (v) => v === undefined || check(v);

const ENTRY_FIELDS: Record<string, Check> = {
  seq: isCount,
  timeMs: isNumber,
  level: oneOf(AUDIT_LEVEL_NAMES),
  type: oneOf(AUDIT_TYPE_NAMES),
  uid: isCount,
  action: isString,
  object: isString,
  result: isString,
  message: isString,
  alert: isBoolean,
  acked: isBoolean,
  hash: isHash,
};

const FILTER_FIELDS: Record<string, Check> = {
  id: isCount,
  effect: oneOf(FILTER_EFFECTS),
  minLevel: optional(isCount),
  maxLevel: optional(isCount),
  type: optional(isCount),
  uid: optional(isCount),
  action: optional(isString),
  hits: isCount,
};

const POLICY_FIELDS: Record<string, Check> = { name: isString, rule: oneOf(COMPLIANCE_RULES), maxAgeMs: isNumber };

const USER_FIELDS: Record<string, Check> = {
  name: isString,
  uid: isCount,
  gid: isCount,
  groups: (v) => Array.isArray(v) && v.every(isCount),
  clearance: isCount,
  capabilities: (v) => Array.isArray(v) && v.length === 2 && v.every(isCount),
  passwordHash: isString,
};
const GROUP_FIELDS: Record<string, Check> = { name: isString, gid: isCount };
const LABEL_FIELDS: Record<string, Check> = { path: isString, owner: isCount, group: isCount, mode: isCount, level: isCount };
const RULE_FIELDS: Record<string, Check> = {
  id: isCount,
  hits: isCount,
  priority: isNumber,
  subjectKind: isCount,
  subjectId: isCount,
  subjectText: isString,
  objectType: isString,
  objectGlob: isString,
  actions: isString,
  effect: oneOf(["allow", "deny", "audit"]),
};

const AUDIT_FIELDS: Record<string, Check> = {
  headSeq: isCount,
  anchorHash: isHash,
  lost: isCount,
  dropped: isCount,
  securityDeniesRecorded: isCount,
  securityDeniesDropped: isCount,
  exportedThroughSeq: isCount,
};

/** Returns the snapshot, or the path and reason of the first thing wrong with it. */
export function validateSnapshot(value: unknown): { snapshot: KernelSnapshot } | { problem: string } {
  const problem = findProblem(value);
  return problem === undefined ? { snapshot: value as KernelSnapshot } : { problem };
}

function findProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "not a JSON object";
  if (value.format !== SNAPSHOT_FORMAT) return `format is ${JSON.stringify(value.format)}, expected "${SNAPSHOT_FORMAT}"`;
  if (value.version !== SNAPSHOT_VERSION) return `version ${JSON.stringify(value.version)} is not supported (this kshell reads ${SNAPSHOT_VERSION})`;
  if (!isCount(value.seed)) return "seed: expected a whole number";
  if (!isNumber(value.clockMs) || (value.clockMs as number) < 0) return "clockMs: expected a time in milliseconds";
  if (!Array.isArray(value.rng) || value.rng.length !== 4 || !value.rng.every(isCount)) return "rng: expected four 32-bit words";
  const audit = value.audit;
  if (!isObject(audit)) return "audit: missing";
  return auditProblem(audit) ?? securityProblem(value.security) ?? storageProblem(value.storage) ?? clusterProblem(value.cluster);
}

function clusterProblem(cluster: unknown): string | undefined {
  if (!isObject(cluster)) return "cluster: missing";
  if (!isObject(cluster.tokens)) return "cluster.tokens: missing"; // the signing key is no longer saved (an older one is ignored)
  if (!isObject(cluster.chunks) || !Array.isArray(cluster.chunks.keys) || !Array.isArray(cluster.chunks.chunks)) return "cluster.chunks: expected { keys, chunks }";
  if (!isObject(cluster.health)) return "cluster.health: missing";
  if (!isObject(cluster.snapshots) || !Array.isArray(cluster.snapshots.snapshots)) return "cluster.snapshots: expected { snapshots, current }";
  for (const list of ["domains", "pools", "nodes", "clients", "shardPool", "replicas", "replicaStates", "versions", "volumes", "mappings", "seen", "pending", "io", "rebuild", "timers"]) {
    if (!Array.isArray(cluster[list])) return `cluster.${list}: expected a list`;
  }
  return isNumber(cluster.pendingTimerMs) ? undefined : "cluster.pendingTimerMs: expected a number";
}

const VOLUME_FIELDS: Record<string, Check> = {
  slot: isCount,
  name: isString,
  type: isCount,
  tier: isCount,
  state: isCount,
  thin: isCount,
  sizeBytes: isCount,
  reservedLeft: isCount,
  createdMs: isNumber,
  currentParent: isNumber,
  attachedTo: isString,
  chunks: (v) => Array.isArray(v) && v.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every(isCount)),
};

function storageProblem(storage: unknown): string | undefined {
  if (!isObject(storage) || !isObject(storage.pools)) return "storage: missing";
  for (const tier of ["ssd", "hdd"]) {
    const pool = storage.pools[tier];
    if (!isObject(pool) || !isCount(pool.reserved) || !Array.isArray(pool.chunks)) return `storage.pools.${tier}: expected { reserved, chunks }`;
    const bad = pool.chunks.findIndex((c: unknown) => !Array.isArray(c) || c.length !== 3 || !isCount(c[0]) || !isCount(c[1]) || !isString(c[2]));
    if (bad >= 0) return `storage.pools.${tier}.chunks[${bad}]: expected [id, references, base64]`;
  }
  return (
    listProblem("storage.volumes", storage.volumes, VOLUME_FIELDS) ??
    (Array.isArray(storage.snapshots) ? undefined : "storage.snapshots: expected a list") ??
    (Array.isArray(storage.replication) ? undefined : "storage.replication: expected a list") ??
    (isNumber(storage.replicationTickMs) ? undefined : "storage.replicationTickMs: expected a number")
  );
}

function securityProblem(security: unknown): string | undefined {
  if (!isObject(security) || !isObject(security.accounts) || !isObject(security.rules)) return "security: missing";
  return (
    listProblem("security.accounts.groups", security.accounts.groups, GROUP_FIELDS) ??
    listProblem("security.accounts.users", security.accounts.users, USER_FIELDS) ??
    listProblem("security.labels", security.labels, LABEL_FIELDS) ??
    (isCount(security.rules.nextId) ? undefined : "security.rules.nextId: expected a whole number") ??
    listProblem("security.rules.rules", security.rules.rules, RULE_FIELDS)
  );
}

function auditProblem(audit: Record<string, unknown>): string | undefined {
  return (
    fieldsProblem("audit", audit, AUDIT_FIELDS) ??
    sealProblem(audit.seal) ??
    listProblem("audit.entries", audit.entries, ENTRY_FIELDS) ??
    (isObject(audit.filters) && isCount(audit.filters.nextId) ? undefined : "audit.filters: expected { nextId, filters }") ??
    listProblem("audit.filters.filters", (audit.filters as Record<string, unknown>).filters, FILTER_FIELDS) ??
    listProblem("audit.compliance", audit.compliance, POLICY_FIELDS) ??
    lossesProblem(audit.lostUnexported)
  );
}

/** Absent in snapshots from before it was kept; otherwise { count, ranges: [[first, last], ...] }. */
function lossesProblem(losses: unknown): string | undefined {
  if (losses === undefined) return undefined;
  const rangesOk = (v: unknown) => Array.isArray(v) && v.every((r) => Array.isArray(r) && r.length === 2 && r.every(isCount) && r[0] <= r[1]);
  return isObject(losses) && isCount(losses.count) && rangesOk(losses.ranges) ? undefined : "audit.lostUnexported: expected { count, ranges: [[first, last], ...] }";
}

function sealProblem(seal: unknown): string | undefined {
  if (!isObject(seal)) return "audit.seal: missing";
  return fieldsProblem("audit.seal", seal, { seq: isCount, hash: isHash, mac: isHash });
}

function listProblem(path: string, list: unknown, fields: Record<string, Check>): string | undefined {
  if (!Array.isArray(list)) return `${path}: expected a list`;
  for (let index = 0; index < list.length; index++) {
    const item: unknown = list[index];
    if (!isObject(item)) return `${path}[${index}]: expected an object`;
    const problem = fieldsProblem(`${path}[${index}]`, item, fields);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function fieldsProblem(path: string, object: Record<string, unknown>, fields: Record<string, Check>): string | undefined {
  for (const [name, check] of Object.entries(fields)) {
    if (!check(object[name])) return `${path}.${name}: unexpected value ${JSON.stringify(object[name]) ?? "(missing)"}`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
