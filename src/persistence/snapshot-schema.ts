// The schema of state.json, field by field, with the bounds the kernel's tables hold: every
// number an integer or finite time within its column's range, every state and level one of its
// enumeration, every list within its table's capacity and every fixed column of its exact length.
// It follows each module's saved form (toJSON/restore); a field the kernel would store in a typed
// array is bounded here so that nothing wraps (2^40 into a Uint16 mode), spins (a size of 2^60) or
// throws a RangeError while restoring. Each check carries the words of its message ("a level
// 0..3"); validate-snapshot.ts turns the first failure into `path: expected …, got …`.
// Fields the schema does not name are ignored (newer files may carry more), never written back.

import * as v from "valibot";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES, COMPLIANCE_RULES, FILTER_EFFECTS } from "../../modules/audit/index.js";
import { ALERTS_SCHEMA, CLUSTER_SNAPSHOTS_SCHEMA, CONDITIONS, COPIES_MAX, NODE_STATES, NODES_SCHEMA, POOLS_SCHEMA, REPLICA_STATES, VOLUMES_SCHEMA } from "../../modules/cluster/index.js";
import { RULE_EFFECTS, SECURITY_LEVEL_NAMES, validateObjectPath } from "../../modules/security/index.js";
import { SESSION_STATES, VOLUME_ROW_ENTRIES } from "../../modules/storage/index.js";
import { compileGlob } from "../glob.js";
import * as L from "../limits.js";

// ---- building blocks ---------------------------------------------------------------------------

const int = (min: number, max: number, what = `a whole number ${min}..${max}`) => v.pipe(v.number(what), v.integer(what), v.minValue(min, what), v.maxValue(max, what));
const count = int(0, Number.MAX_SAFE_INTEGER, "a whole number ≥ 0");
const amount = v.pipe(v.number("a number ≥ 0"), v.finite("a number ≥ 0"), v.minValue(0, "a number ≥ 0"), v.maxValue(Number.MAX_SAFE_INTEGER, "a number ≥ 0"));
const TIME = `a time 0..${L.CLOCK_MS_MAX} ms (CLOCK_MS_MAX)`;
const time = v.pipe(v.number(TIME), v.finite(TIME), v.minValue(0, TIME), v.maxValue(L.CLOCK_MS_MAX, TIME));
const TIME_OR_NONE = `-1 or ${TIME}`;
const timeOrNone = v.pipe(v.number(TIME_OR_NONE), v.finite(TIME_OR_NONE), v.check((n) => n === -1 || (n >= 0 && n <= L.CLOCK_MS_MAX), TIME_OR_NONE));
const bool = v.boolean("true or false");
const text = (max: number) => v.pipe(v.string("a string"), v.maxLength(max, `a string of at most ${max} characters`));
const name = v.pipe(v.string("a name"), v.minLength(1, "a name"), v.maxLength(L.OBJECT_NAME_LENGTH_MAX, `a name of 1..${L.OBJECT_NAME_LENGTH_MAX} characters`));
const longName = text(4 * L.OBJECT_NAME_LENGTH_MAX + 3); // pool/volume keys, snapshot keys, chunk keys
const HASH = "64 hex digits";
const hash = v.pipe(v.string(HASH), v.regex(/^[0-9a-f]{64}$/, HASH));
const message = text(L.INPUT_LINE_LENGTH_MAX * 2);
const enumIndex = (names: readonly string[], what: string) => int(0, names.length - 1, `${what} 0..${names.length - 1} (${names.join(", ")})`);
const oneOf = (names: readonly string[], what: string) => v.picklist(names, `${what}: ${names.join(", ")}`);
const level = int(0, SECURITY_LEVEL_NAMES.length - 1, `a level 0..${SECURITY_LEVEL_NAMES.length - 1}`);
const id = int(0, L.UID_MAX, `an id 0..${L.UID_MAX} (UID_MAX)`);
const slot = (capacity: number, limit: string) => int(0, capacity - 1, `a slot 0..${capacity - 1} (${limit})`);
const slotOrNone = (capacity: number, limit: string) => int(-1, capacity - 1, `-1 or a slot 0..${capacity - 1} (${limit})`);
const object = <T extends v.ObjectEntries>(entries: T) => v.object(entries, "an object");
const list = <T extends v.GenericSchema>(item: T, max: number, limit: string) => v.pipe(v.array(item, "a list"), v.maxLength(max, `a list of at most ${max} (${limit})`));
const column = <T extends v.GenericSchema>(item: T, length: number, limit: string) => v.pipe(v.array(item, "a list"), v.length(length, `a list of exactly ${length} (${limit})`));
const tuple = <T extends v.TupleItems>(items: T, what: string) => v.strictTuple(items, what);
const base64 = (bytes: number) => text(Math.ceil(bytes / 3) * 4);

const compiles = (pattern: string): boolean => {
  try {
    compileGlob(pattern);
    return true;
  } catch {
    return false;
  }
};
const GLOB = `a glob of 1..128 characters`;
const glob = v.pipe(v.string(GLOB), v.check(compiles, GLOB));
const globs = v.pipe(v.string("comma-separated globs"), v.check((s) => s.split(",").every(compiles), "comma-separated globs of 1..128 characters"));
const objectPath = v.pipe(v.string("an object path"), v.check((path) => {
  try {
    validateObjectPath("object", path);
    return true;
  } catch {
    return false;
  }
}, "an object path such as vol/db"));

// ---- audit ---------------------------------------------------------------------------------------

const auditLevel = enumIndex(AUDIT_LEVEL_NAMES, "an audit level");
const auditEntry = object({
  seq: count,
  timeMs: time,
  level: oneOf(AUDIT_LEVEL_NAMES, "an audit level"),
  type: oneOf(AUDIT_TYPE_NAMES, "an audit type"),
  uid: id,
  action: message,
  object: message,
  result: message,
  message,
  alert: bool,
  acked: bool,
  hash,
});
const auditFilter = object({
  id: count,
  effect: oneOf(FILTER_EFFECTS, "a filter effect"),
  minLevel: v.optional(auditLevel),
  maxLevel: v.optional(auditLevel),
  type: v.optional(enumIndex(AUDIT_TYPE_NAMES, "an audit type")),
  uid: v.optional(id),
  action: v.optional(glob),
  hits: count,
});
const audit = object({
  headSeq: count,
  anchorHash: hash,
  lost: count,
  dropped: count,
  securityDeniesRecorded: count,
  securityDeniesDropped: count,
  exportedThroughSeq: count,
  lostUnexported: v.optional(object({ count, ranges: list(tuple([count, count], "[first, last]"), L.AUDIT_LOST_RANGE_MAX, "AUDIT_LOST_RANGE_MAX") })),
  seal: object({ seq: count, hash, mac: hash }),
  entries: list(auditEntry, L.AUDIT_ENTRY_MAX, "AUDIT_ENTRY_MAX"),
  filters: object({ nextId: count, filters: list(auditFilter, L.AUDIT_FILTER_MAX, "AUDIT_FILTER_MAX") }),
  compliance: list(object({ name, rule: oneOf(COMPLIANCE_RULES, "a compliance rule"), maxAgeMs: time }), L.COMPLIANCE_POLICY_MAX, "COMPLIANCE_POLICY_MAX"),
});

// ---- security ------------------------------------------------------------------------------------

const user = object({
  name: v.pipe(v.string("a user name"), v.minLength(1, "a user name"), v.maxLength(L.USER_NAME_LENGTH_MAX, `a user name of 1..${L.USER_NAME_LENGTH_MAX} characters`)),
  uid: id,
  gid: id,
  groups: list(id, L.USER_GROUPS_MAX, "USER_GROUPS_MAX"),
  clearance: level,
  capabilities: tuple([int(0, 0xffffffff, "a 32-bit word"), int(0, 0xffffffff, "a 32-bit word")], "two 32-bit capability words"),
  // "" (no password), salted scrypt (modules/security/passwords.ts), or an older kshell's SHA-256
  passwordHash: v.pipe(v.string("a password hash"), v.regex(/^(|[0-9a-f]{64}|scrypt\$\d{1,6}\$\d{1,2}\$\d\$[0-9a-f]{32}\$[0-9a-f]{64})$/, `"", scrypt$N$r$p$salt$key or ${HASH}`)),
  umask: v.optional(int(0, 0o777, "a umask 0..0777")),
});
const label = object({ path: objectPath, owner: id, group: id, mode: int(0, 0o7777, "a mode 0..07777"), level });
const rule = object({
  id: int(1, Number.MAX_SAFE_INTEGER, "a rule id ≥ 1"),
  hits: count,
  priority: int(-1_000_000, 1_000_000),
  subjectKind: int(0, 2, "a subject kind 0..2 (any, uid, gid)"),
  subjectId: id,
  subjectText: name,
  objectType: name,
  objectGlob: glob,
  actions: globs,
  effect: oneOf(RULE_EFFECTS, "a rule effect"),
});
const security = object({
  accounts: object({
    groups: list(object({ name, gid: id }), L.GROUP_COUNT_MAX, "GROUP_COUNT_MAX"),
    users: list(user, L.USER_COUNT_MAX, "USER_COUNT_MAX"),
  }),
  labels: list(label, L.OBJECT_LABEL_MAX, "OBJECT_LABEL_MAX"),
  rules: object({ nextId: count, rules: list(rule, L.SECURITY_RULE_MAX, "SECURITY_RULE_MAX") }),
});

// ---- storage -------------------------------------------------------------------------------------

const volumeSize = int(1, L.VOLUME_SIZE_MAX, `a size 1..${L.VOLUME_SIZE_MAX} bytes (VOLUME_SIZE_MAX)`);
const chunkMap = list(tuple([int(0, L.VOLUME_CHUNKS_MAX - 1, `a chunk index 0..${L.VOLUME_CHUNKS_MAX - 1}`), int(1, L.HDD_CHUNK_MAX, `a chunk id 1..${L.HDD_CHUNK_MAX}`)], "[index, chunk id]"), L.VOLUME_CHUNKS_MAX, "VOLUME_CHUNKS_MAX");
const volume = object({
  ...VOLUME_ROW_ENTRIES, // slot, name and the volume table's declared columns (modules/storage/volume-table.ts)
  chunks: chunkMap,
  qos: object({ iops: amount, bandwidthBytesPerSecond: amount, iopsBurst: amount, bandwidthBurst: amount }),
  metrics: object({ counters: list(amount, 6, "six counters"), latency: list(amount, 32, "32 latency buckets") }),
  busyUntilMs: v.optional(time),
  shortChunks: v.optional(int(0, L.VOLUME_CHUNKS_MAX)),
  performanceFlags: v.optional(int(0, 255)),
});
const pool = (capacity: number, limit: string) =>
  object({ reserved: int(0, capacity), chunks: list(tuple([int(1, capacity, `a chunk id 1..${capacity} (${limit})`), int(1, 0xffff, "a reference count 1..65535"), base64(L.CHUNK_SIZE)], "[id, references, base64]"), capacity, limit) });
const snapshot = object({ slot: slot(L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), name, volume: name, parent: slotOrNone(L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), createdMs: time, sizeBytes: volumeSize, chunks: chunkMap });
const session = object({
  session: slot(L.REPLICATION_SESSION_MAX, "REPLICATION_SESSION_MAX"),
  source: name,
  target: name,
  state: enumIndex(SESSION_STATES, "a replication state"),
  bandwidth: amount,
  credit: v.pipe(v.number("a number"), v.finite("a finite number")),
  dirtySinceMs: timeOrNone,
  lastSyncMs: timeOrNone,
  bytesCopied: amount,
  dirty: list(int(0, L.VOLUME_CHUNKS_MAX - 1, `a chunk index 0..${L.VOLUME_CHUNKS_MAX - 1}`), L.VOLUME_CHUNKS_MAX, "VOLUME_CHUNKS_MAX"),
});
const storage = object({
  volumes: list(volume, L.VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX"),
  pools: object({ ssd: pool(L.SSD_CHUNK_MAX, "SSD_CHUNK_MAX"), hdd: pool(L.HDD_CHUNK_MAX, "HDD_CHUNK_MAX") }),
  snapshots: list(snapshot, L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"),
  replication: list(session, L.REPLICATION_SESSION_MAX, "REPLICATION_SESSION_MAX"),
  replicationTickMs: timeOrNone,
});

// ---- cluster -------------------------------------------------------------------------------------

const nodeSlot = slot(L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX");
const clientSlot = slot(L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX");
const volumeSlot = slot(L.VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX");
const version = count;
const keyVersion = tuple([longName, version], "[chunk key, version]");
const spentNonce = tuple([text(64), time], "[nonce, expires]");
const ioToken = object({ reusable: bool, volume: name, op: oneOf(["read", "write"], "an operation"), offset: count, length: count, client: name, expiresMs: time, nonce: text(64), mac: text(128) });
const heartbeats = (capacity: number, limit: string) =>
  object({
    states: column(enumIndex(NODE_STATES, "a node state"), capacity, limit),
    conditions: column(enumIndex(CONDITIONS, "a condition"), capacity, limit),
    lastHeartbeatMs: column(time, capacity, limit),
    downSinceMs: column(timeOrNone, capacity, limit),
  });
const cluster = object({
  tokens: object({
    lastIssued: text(L.INPUT_LINE_LENGTH_MAX),
    cache: bool,
    cached: list(tuple([longName, ioToken], "[key, token]"), L.VOLUME_COUNT_MAX * 2 * L.CLIENT_COUNT_MAX, "volumes x 2 x clients"),
    spent: v.optional(list(spentNonce, L.SPENT_NONCE_MAX, "SPENT_NONCE_MAX")),
    nonces: v.optional(list(list(spentNonce, L.SPENT_NONCE_MAX, "SPENT_NONCE_MAX"), L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX")), // older snapshots: per node
  }),
  domains: list(tuple([slot(L.PROTECTION_DOMAIN_MAX, "PROTECTION_DOMAIN_MAX"), name], "[slot, name]"), L.PROTECTION_DOMAIN_MAX, "PROTECTION_DOMAIN_MAX"),
  pools: POOLS_SCHEMA, // generated from the tables' declared columns (modules/cluster/topology.ts)
  nodes: NODES_SCHEMA,
  clients: list(tuple([clientSlot, name], "[slot, name]"), L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"),
  shardPool: column(slotOrNone(L.STORAGE_POOL_MAX, "STORAGE_POOL_MAX"), L.SHARD_COUNT_MAX, "SHARD_COUNT_MAX"),
  replicas: column(slotOrNone(L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX"), L.SHARD_COUNT_MAX * COPIES_MAX, "SHARD_COUNT_MAX x 3 copies"),
  replicaStates: column(enumIndex(REPLICA_STATES, "a replica state"), L.SHARD_COUNT_MAX * COPIES_MAX, "SHARD_COUNT_MAX x 3 copies"),
  versions: column(version, L.SHARD_COUNT_MAX, "SHARD_COUNT_MAX"),
  volumes: VOLUMES_SCHEMA, // generated (modules/cluster/volume-table.ts)
  snapshots: object({
    snapshots: CLUSTER_SNAPSHOTS_SCHEMA, // generated (modules/cluster/distributed-snapshots.ts)
    current: column(slotOrNone(L.SNAPSHOT_COUNT_MAX, "SNAPSHOT_COUNT_MAX"), L.VOLUME_COUNT_MAX, "VOLUME_COUNT_MAX"),
  }),
  mappings: list(tuple([slot(L.MAPPING_MAX, "MAPPING_MAX"), volumeSlot, clientSlot, int(0, 1)], "[mapping, volume, client, read-only]"), L.MAPPING_MAX, "MAPPING_MAX"),
  chunks: object({
    keys: v.array(tuple([nodeSlot, longName, count], "[node, chunk key, chunk]"), "a list"),
    chunks: v.array(tuple([nodeSlot, count, version, base64(L.CLUSTER_CHUNK_SIZE)], "[node, chunk, version, base64]"), "a list"),
  }),
  seen: list(v.array(keyVersion, "a list"), L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"),
  pending: list(object({ dueMs: time, node: nodeSlot, key: longName, shard: slot(L.SHARD_COUNT_MAX, "SHARD_COUNT_MAX"), inner: count, data: base64(L.CLUSTER_CHUNK_SIZE), version, base: v.optional(version) }), L.PENDING_UPDATE_MAX, "PENDING_UPDATE_MAX"),
  committed: v.optional(v.array(keyVersion, "a list")),
  pendingTimerMs: timeOrNone,
  io: list(amount, 25, "the IO meter's 25 figures"),
  health: object({ nodes: heartbeats(L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX"), clients: heartbeats(L.CLIENT_COUNT_MAX, "CLIENT_COUNT_MAX"), alerts: ALERTS_SCHEMA, nextAlertId: count }),
  rebuild: tuple([amount, timeOrNone, v.pipe(v.number("a number"), v.finite("a finite number"))], "[copied bytes, started, credit]"),
  timers: tuple([timeOrNone, timeOrNone], "[heartbeat due, rebuild due]"),
  draining: column(int(0, 1), L.STORAGE_NODE_MAX, "STORAGE_NODE_MAX"),
});

// ---- the whole snapshot ----------------------------------------------------------------------------

export const SNAPSHOT_SCHEMA = object({
  seed: int(0, 0xffffffff, "a seed 0..4294967295"),
  clockMs: time,
  rng: tuple([int(0, 0xffffffff, "a 32-bit word"), int(0, 0xffffffff, "a 32-bit word"), int(0, 0xffffffff, "a 32-bit word"), int(0, 0xffffffff, "a 32-bit word")], "four 32-bit words"),
  audit,
  security,
  storage,
  cluster,
});
