// Every capacity in the kernel, one named constant a line (xv6 keeps these in param.h).
// Tables are allocated once at boot from these numbers and never grow.

export const VOLUME_COUNT_MAX = 32; // seed Task 1: volumes
export const CHUNK_SIZE = 64 * 1024; // bytes in one storage chunk (the unit of allocation and copy-on-write)
export const VOLUME_SIZE_MAX = 2 * 1024 ** 3; // largest volume
export const VOLUME_CHUNKS_MAX = VOLUME_SIZE_MAX / CHUNK_SIZE; // chunk-map entries per volume or snapshot
export const SNAPSHOT_COUNT_MAX = 64; // volume snapshots, all volumes together
export const REPLICAS_PER_VOLUME_MAX = 3; // seed Task 1: replication targets per volume
export const REPLICATION_SESSION_MAX = 32; // replication sessions, all volumes together
export const SSD_CHUNK_MAX = 16_384; // SSD pool: 1 GiB of chunks
export const HDD_CHUNK_MAX = 65_536; // HDD pool: 4 GiB of chunks
export const IO_LENGTH_MAX = 64 * 1024 ** 2; // bytes in one read or write command (and in a host file vol write --file reads)
export const SNAPSHOT_FILE_BYTES_MAX = 256 * 1024 ** 2; // bytes of a snapshot file `load` reads
export const VOLUME_BUSY_MIN_MS = 1000; // volume operations shorter than this finish at once (no Initializing/Snapshotting to see)
export const VOLUME_LATENCY_WARN_MS = 100; // an IO slower than this (QoS wait included) is a Performance warning
export const STATS_HISTORY_SECONDS = 60; // per-volume IOPS/bandwidth history for live panes
export const NETWORK_COUNT_MAX = 8; // seed Task 2: networks
export const BRIDGE_PORT_MAX = 16; // seed Task 2: interfaces per bridge
export const VLAN_COUNT_MAX = 16; // seed Task 2: VLANs
export const CONTAINER_COUNT_MAX = 128; // seed Task 3: containers
export const POD_CONTAINER_MAX = 4; // seed Task 3: containers per pod
export const SECURITY_RULE_MAX = 256; // seed Task 4: policy rules
export const USER_COUNT_MAX = 64; // user accounts, root included
export const GROUP_COUNT_MAX = 128; // groups: a private one per user, and as many shared
export const USER_GROUPS_MAX = 8; // supplementary groups per user
export const OBJECT_LABEL_MAX = 1024; // objects with their own owner/mode/level (the rest inherit)
export const OBJECT_LABEL_USER_MAX = 64; // labels one non-root owner may hold (a quota on the shared table)
export const OBJECT_LABEL_ROOT_RESERVE = 64; // label rows only root may take, as ext4 reserves blocks
export const OBJECT_LABEL_BOOT_MAX = 16; // container paths labelled from boot (kernel, vol, sec/rule, ...)
export const UID_MAX = 65534; // highest uid or gid (nobody)
export const USER_NAME_LENGTH_MAX = 32; // as useradd allows
export const STORAGE_NODE_MAX = 16; // seed Task 5: storage nodes (SDS)
export const PROTECTION_DOMAIN_MAX = 8; // PowerFlex protection domains
export const STORAGE_POOL_MAX = 16; // storage pools, all domains together
export const CLIENT_COUNT_MAX = 32; // storage clients (SDC)
export const MAPPING_MAX = 64; // volume-to-client mappings
export const CLUSTER_CHUNK_SIZE = 1024 * 1024; // bytes in one distributed chunk
export const NODE_CAPACITY_MAX = 4 * 1024 ** 3; // bytes one storage node may contribute
export const TOKEN_TTL_MS = 60_000; // seed: IO tokens live 60 s of simulated time
export const SPENT_NONCE_MAX = 65_536; // single-use token nonces the MDM remembers until they expire (IO rate x TTL)
export const REPLICA_LAG_MS = 500; // eventual/causal: how long secondary copies trail the primary
export const PENDING_UPDATE_MAX = 4096; // secondary-copy updates waiting to be applied
export const HEARTBEAT_MS = 10_000; // seed 003: nodes and clients heartbeat every 10 s
export const STALE_AFTER_MS = 30_000; // seed 003: no heartbeat for 30 s -> STALE
export const DOWN_AFTER_MS = 60_000; // and for 60 s -> DOWN
export const REBUILD_AFTER_MS = 120_000; // DOWN this long -> forward rebuild elsewhere (sooner: backward resync)
export const REBUILD_BANDWIDTH = 64 * 1024 ** 2; // bytes per second a rebuild copies
export const ALERT_MAX = 512; // alerts kept, active and resolved (the oldest resolved go first)
export const CAPACITY_WARNING_PERCENT = 80; // pool capacity alert thresholds, as PowerFlex has
export const CAPACITY_CRITICAL_PERCENT = 90;
export const SHARD_COUNT_MAX = 256; // seed Task 5: shards
export const AUDIT_ENTRY_MAX = 8192; // seed Task 6: audit ring entries
export const AUDIT_FILTER_MAX = 64; // audit filter rules
export const COMPLIANCE_POLICY_MAX = 32; // named compliance policies
export const AUDIT_LOST_RANGE_MAX = 4; // runs of unexported overwritten entries a compliance report names
export const AUDIT_STRINGS_PER_ENTRY = 4; // action, object, result, message
export const AUDIT_STRING_MAX = AUDIT_ENTRY_MAX * AUDIT_STRINGS_PER_ENTRY + 1; // interned strings, +1 for ""
export const TIMER_COUNT_MAX = 1024; // pending clock callbacks
export const EVENT_SUBSCRIBER_MAX = 32; // live panes listening to the event bus
export const HISTORY_LINE_MAX = 1000; // shell history lines kept
export const JOURNAL_RECORD_MAX = 1000; // journal records before it is compacted into a snapshot
export const JOURNAL_LINE_LENGTH_MAX = 16 * 4096 + 2 * IO_LENGTH_MAX; // a journaled line: a typed one with passwords as hashes, or vol write --file as hex
export const INPUT_LINE_LENGTH_MAX = 4096; // one command line, in characters
export const OUTPUT_PENDING_BYTES_MAX = 1024 * 1024; // piped output queued for a slow reader before a script pauses
export const OBJECT_NAME_LENGTH_MAX = 63; // names of kernel objects
export const TICK_MS = 100; // one scheduler tick of simulated time
export const CLOCK_MS_MAX = 100 * 365 * 86_400_000; // simulated time a kernel may reach: 100 years, far inside exact milliseconds
export const CLOCK_JUMP_MS_MAX = 366 * 86_400_000; // one move of the clock outside sleep/tick (a journal record's time, the wall clock followed)

function check(condition: boolean, relation: string): void {
  if (!condition) throw new Error(`limits.ts: broken relation: ${relation}`);
}

// The relations between limits, checked when the module loads (TigerBeetle's comptime asserts).
check(AUDIT_STRING_MAX > AUDIT_ENTRY_MAX * AUDIT_STRINGS_PER_ENTRY, "every retained entry's strings fit the intern table");
check(AUDIT_ENTRY_MAX < 2 ** 16, "audit slots fit a Uint16 index");
check(AUDIT_STRING_MAX < 2 ** 16, "interned string ids fit a Uint16");
check(POD_CONTAINER_MAX <= CONTAINER_COUNT_MAX, "a pod fits in the container table");
check(GROUP_COUNT_MAX >= USER_COUNT_MAX + 2, "every user can have a private group besides root and users");
check(
  OBJECT_LABEL_MAX >= OBJECT_LABEL_BOOT_MAX + USER_COUNT_MAX + GROUP_COUNT_MAX + SECURITY_RULE_MAX + VOLUME_COUNT_MAX + AUDIT_FILTER_MAX + COMPLIANCE_POLICY_MAX + OBJECT_LABEL_ROOT_RESERVE,
  "every object the kernel can hold carries its own label, with root's reserve to spare",
);
check(OBJECT_LABEL_USER_MAX < OBJECT_LABEL_MAX - OBJECT_LABEL_ROOT_RESERVE, "one user's share is part of the table");
check(Number.isInteger(VOLUME_CHUNKS_MAX), "volumes are whole chunks");
check(VOLUME_CHUNKS_MAX < 2 ** 31, "chunk-map entries fit an Int32");
check(HDD_CHUNK_MAX < 2 ** 31 && SSD_CHUNK_MAX < 2 ** 31, "chunk ids fit an Int32");
check(REPLICATION_SESSION_MAX >= REPLICAS_PER_VOLUME_MAX, "one volume can have all its replicas");
check(BRIDGE_PORT_MAX > 1, "a bridge joins at least two ports");
check(JOURNAL_LINE_LENGTH_MAX >= 16 * INPUT_LINE_LENGTH_MAX + 2 * IO_LENGTH_MAX, "a typed line of short passwords still fits the journal once each becomes a hash");
check(Number.isInteger(TICK_MS) && TICK_MS > 0, "a tick is a whole number of milliseconds");
check(CLOCK_MS_MAX + CLOCK_JUMP_MS_MAX < Number.MAX_SAFE_INTEGER / 1024, "simulated times and sums of them stay exact to well under a millisecond");
check(CLOCK_JUMP_MS_MAX <= CLOCK_MS_MAX, "one jump fits in the clock's range");

// The cluster's integer-addressed tables (modules/cluster/chunk-address.ts).
export const CLUSTER_VOLUME_CHUNKS_MAX = VOLUME_SIZE_MAX / CLUSTER_CHUNK_SIZE; // chunk indexes of one distributed volume or snapshot
export const CLUSTER_CHUNK_KEY_MAX = 131_072; // (node, chunk) copies the storage nodes hold together: volume and snapshot chunks, archived copies (two per chunk the nodes can hold)
export const CLUSTER_STORED_CHUNK_MAX = 131_072; // distinct chunk buffers on all storage nodes (copies shared with snapshots once)
export const CLUSTER_WRITTEN_CHUNK_MAX = 65_536; // written chunks of distributed volumes and snapshots the MDM keeps a committed version of
export const CLUSTER_SEEN_MAX = 65_536; // causal consistency: (client, chunk) versions the clients have seen
check(Number.isInteger(CLUSTER_VOLUME_CHUNKS_MAX), "distributed volumes are whole chunks");
check(CLUSTER_STORED_CHUNK_MAX >= (STORAGE_NODE_MAX * NODE_CAPACITY_MAX) / CLUSTER_CHUNK_SIZE, "every node can fill its capacity");
