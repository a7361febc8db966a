// Every capacity in the kernel, one named constant a line (xv6 keeps these in param.h).
// Tables are allocated once at boot from these numbers and never grow.

export const VOLUME_COUNT_MAX = 32; // seed Task 1: volumes
export const CHUNK_SIZE = 64 * 1024; // bytes in one storage chunk (the unit of allocation and copy-on-write)
export const VOLUME_SIZE_MAX = 16 * 1024 ** 4; // largest volume (thin: physical chunks exist only where written)
export const VOLUME_CHUNKS_MAX = VOLUME_SIZE_MAX / CHUNK_SIZE; // chunk indexes of one volume or snapshot (its chunk map's range, not its size)
export const CHUNK_MAP_BLOCK_MAX = 32_768; // blocks of 1024 entries all chunk maps share (128 MiB at most, made as used: src/table/chunk-map.ts)
export const CHUNK_MAP_SEGMENT_BLOCKS = 256; // blocks made at once when the chunk maps need more (1 MiB)
export const SNAPSHOT_COUNT_MAX = 64; // volume snapshots, all volumes together
export const REPLICAS_PER_VOLUME_MAX = 3; // seed Task 1: replication targets per volume
export const REPLICATION_SESSION_MAX = 32; // replication sessions, all volumes together
export const REPLICATION_BANDWIDTH_DEFAULT = 50 * 1024 ** 2; // bytes per second a new replication session copies unless --bw says
export const SSD_CHUNK_MAX = (64 * 1024 ** 4) / CHUNK_SIZE; // SSD tier: 64 TiB logical, in chunks (the accounting, not a table's size)
export const HDD_CHUNK_MAX = (64 * 1024 ** 4) / CHUNK_SIZE; // HDD tier: 64 TiB logical, in chunks
export const POOL_CHUNK_IDS_MAX = 2 ** 20; // physical chunks one tier's pool may hold: sizes its tables and its chunk device's (64 GiB of 64 KiB chunks written; the logical size is SSD/HDD_CHUNK_MAX)
export const IO_LENGTH_MAX = 64 * 1024 ** 2; // bytes in one read or write command (and in a host file vol write --file reads)
export const SNAPSHOT_FILE_BYTES_MAX = 256 * 1024 ** 2; // bytes of a snapshot file `load` reads
export const VOLUME_BUSY_MIN_MS = 1000; // volume operations shorter than this finish at once (no Initializing/Snapshotting to see)
export const VOLUME_LATENCY_WARN_MS = 100; // an IO slower than this (QoS wait included) is a Performance warning
export const STATS_HISTORY_SECONDS = 60; // per-volume IOPS/bandwidth history for live panes
export const LATENCY_BUCKETS = 32; // latency histogram buckets per volume: bucket b holds latencies below 2^b microseconds
export const NETWORK_COUNT_MAX = 8; // seed Task 2: networks
export const BRIDGE_PORT_MAX = 16; // seed Task 2: interfaces per bridge
export const VLAN_ID_MAX = 4094; // IEEE 802.1Q: 0 and 4095 are reserved
export const VLAN_COUNT_MAX = 16; // seed Task 2: VLANs
export const INTERFACE_COUNT_MAX = NETWORK_COUNT_MAX * BRIDGE_PORT_MAX; // virtual interfaces, all networks together (every bridge full)
export const INTERFACE_NAME_LENGTH_MAX = 15; // IFNAMSIZ - 1, as Linux allows
export const NETWORK_CONFIGURE_MS = 1000; // simulated time a network stays Configuring (addresses and bridge coming up)
export const NETWORK_DETACH_MS = 100; // simulated time one interface takes to detach while its network is Deactivating
export const ENDPOINT_COUNT_MAX = INTERFACE_COUNT_MAX + NETWORK_COUNT_MAX; // IP stacks: every interface, and each network's gateway
export const ARP_CACHE_MAX = 16; // neighbours one IP stack remembers (the oldest goes first when full)
export const ROUTER_COUNT_MAX = 4; // routers (VirtualSwitch) between networks
export const FRAME_QUEUE_MAX = 1024; // frames in flight inside one command (a flood to 15 ports and the answers)
export const FRAME_STEPS_MAX = 1_000_000; // frames one command may move in all (a loop between routers stops here)
export const PING_COUNT_MAX = 1000; // echo requests one net ping sends
export const SEND_COUNT_MAX = 100_000; // datagrams one net send sends
export const SEND_BYTES_MAX = 1472; // UDP payload bytes in one frame: a 1500-byte IPv4 MTU
export const LINK_BITS_PER_SECOND = 1_000_000_000; // every virtual link is 1 Gbit/s: a frame takes its bytes at this rate
export const HOP_LATENCY_MS = 0.05; // one pass through a bridge (the simulated switching delay)
export const UNDERLAY_LATENCY_MS = 0.25; // one crossing of the overlay's underlay between hosts
export const FDB_ENTRY_MAX = 1024; // MAC table entries per bridge, static and learned (OVS's mac-table-size is 2048 per switch)
export const FDB_AGING_MS_DEFAULT = 300_000; // a learned entry unseen this long is forgotten (Linux ageing_time 300 s)
export const FDB_AGING_MS_MIN = 10_000; // shortest ageing time a bridge takes (Linux: 10 s)
export const FDB_AGING_MS_MAX = 1_000_000_000; // longest ageing time a bridge takes (Linux: 1,000,000 s)
export const POLICE_RATE_BPS_MAX = 100_000_000_000; // fastest ingress policing rate, bits per second (100 Gbit/s)
export const POLICE_BURST_BYTES_MAX = 1_000_000_000; // largest policing burst, bytes
export const POLICE_BURST_BYTES_DEFAULT = 1_000_000; // burst when none is given: OVS's 8000 kbit
export const CAPTURE_FRAME_MAX = 4096; // frames one capture ring holds; a full ring drops the oldest and counts them
export const CAPTURE_BYTES_MAX = 4 * 1024 * 1024; // frame bytes one capture ring holds (after snaplen), as tcpdump's -B buffer
export const CAPTURE_SNAPLEN_MAX = 262_144; // bytes of a frame a capture keeps at most: tcpdump's default snaplen
export const CAPTURE_FILTER_LENGTH_MAX = 512; // characters in a capture filter expression
export const CAPTURE_FILTER_DEPTH_MAX = 32; // nesting of not/parentheses in a capture filter (the parser recurses)
export const CONTAINER_COUNT_MAX = 128; // seed Task 3: containers
export const POD_CONTAINER_MAX = 4; // seed Task 3: containers per pod
export const POD_COUNT_MAX = 128; // issue 16: pods (each holds at least one of the CONTAINER_COUNT_MAX containers)
export const NODE_COUNT_MAX = 16; // issue 16: worker nodes
export const NODE_CPU_MILLICORES_MAX = 256_000; // largest allocatable CPU of a worker node: 256 cores
export const NODE_MEMORY_BYTES_MAX = 4 * 1024 ** 4; // largest allocatable memory of a worker node: 4 TiB
export const NODE_LABELS_LENGTH_MAX = 512; // characters of a node's or pod's labels written k=v,k=v
export const SCHEDULER_DEFAULT_CPU_MILLICORES = 100; // kube-scheduler scores a container without a CPU request as asking this much
export const SCHEDULER_DEFAULT_MEMORY_BYTES = 200 * 1024 ** 2; // ... and without a memory request as asking 200 MiB
export const NODE_EVICTION_CHECK_MS = 10_000; // kubelet's housekeeping: how often a node's memory is checked for pressure
export const NODE_EVICTION_MEMORY_BYTES = 100 * 1024 ** 2; // kubelet's hard eviction threshold memory.available<100Mi
export const POD_EVICTION_GRACE_MS = 300_000; // a pod on a NotReady node is evicted after this (the not-ready/unreachable toleration, 300 s)
export const POD_RETRY_BACKOFF_MS_MIN = 1_000; // kube-scheduler's podInitialBackoff: an unschedulable pod's first retry, doubling…
export const POD_RETRY_BACKOFF_MS_MAX = 10_000; // …up to podMaxBackoff, then every this long (so kube's 5-min flush of unschedulable pods is never the retry that fires)
export const POD_CAPABILITIES_LENGTH_MAX = 1024; // characters of a pod's capability set written CAP_X,CAP_Y (41 names fit)
export const POD_REASON_LENGTH_MAX = 512; // characters of a pod's reason kept (the scheduler's message, an eviction's)
export const CONTAINER_LOG_LINES_MAX = 128; // log lines kept per container (a ring: the oldest goes, as docker's max-file rotation)
export const CONTAINER_LOG_LINE_LENGTH_MAX = 200; // characters of one log line a workload writes
export const CONTAINER_EVENT_MESSAGE_LENGTH_MAX = 256; // characters of one event message kept
export const PROBE_TARGET_LENGTH_MAX = 128; // characters of a probe's http path or exec command
export const CONTAINER_EVENT_MAX = 1024; // container events kept (a ring, like kubectl get events; every one is in the audit trail too)
export const CONTAINER_WORKLOAD_LENGTH_MAX = 256; // characters of a workload (--cmd)
export const CONTAINER_WORKLOAD_CLAUSE_MAX = 8; // clauses of one workload ("sleep 5; serve 80; leak 1M/s")
export const CONTAINER_START_MS = 100; // simulated time Starting lasts (namespaces, cgroup, exec of PID 1)
export const CONTAINER_STOP_GRACE_MS_DEFAULT = 10_000; // docker stop: SIGTERM, then SIGKILL after this
export const CONTAINER_TERM_EXIT_MS = 100; // a workload that handles SIGTERM (serve) exits this long after it
export const CONTAINER_BACKOFF_MS_MIN = 10_000; // kubelet: first restart back-off
export const CONTAINER_BACKOFF_MS_MAX = 300_000; // kubelet: back-off cap (CrashLoopBackOff)
export const CONTAINER_BACKOFF_RESET_MS = 600_000; // kubelet: 10 min of clean running resets the back-off
export const CONTAINER_CPU_PERIOD_MS = 100; // CFS period (cpu.cfs_period_us 100000)
export const CONTAINER_CPU_MILLICORES_MAX = 64_000; // largest CPU limit or want: 64 cores
export const CONTAINER_MEMORY_BYTES_MAX = 64 * 1024 ** 3; // largest memory limit: 64 GiB
export const CONTAINER_MEMORY_BYTES_MIN = 6 * 1024 ** 2; // smallest memory limit, as Docker's "Minimum memory limit allowed is 6MB"
export const CONTAINER_HOST_MEMORY_BYTES = 8 * 1024 ** 3; // the simulated host's memory: a container without a limit is OOM-killed here
export const CONTAINER_BASE_MEMORY_BYTES = 2 * 1024 ** 2; // resident memory of a workload's PID 1 before it leaks or serves
export const CONTAINER_SERVE_MEMORY_BYTES = 6 * 1024 ** 2; // resident memory a serving workload adds (its workers and buffers)
export const CONTAINER_PIDS_MAX = 4096; // largest pids limit
export const CONTAINER_RESTART_COUNT_MAX = 1_000_000; // on-failure:N at most this; the RESTARTS count saturates here
export const POD_VOLUME_MAX = 8; // volumes one pod declares (spec.volumes)
export const POD_NETWORK_MAX = 4; // networks one pod joins (the Multus annotation)
export const POD_MOUNT_MAX = 16; // volume mounts of one container (a volume may be mounted at more than one path)
export const POD_CAPABILITY_MAX = 41; // capabilities a pod adds: Linux has 41 (CAP_LAST_CAP 40)
export const MANIFEST_BYTES_MAX = 256 * 1024; // a manifest file pod apply reads (Kubernetes' last-applied-configuration annotation is at most 256 KiB)
export const MANIFEST_DOCUMENT_MAX = 16; // documents (pods) in one manifest file
export const MANIFEST_LABEL_MAX = 32; // labels, or node selector terms, of one pod
export const MANIFEST_ERRORS_MAX = 16; // problems one error line names (the rest are left out)
export const MANIFEST_ALIAS_COUNT_MAX = 100; // YAML aliases one manifest document may expand (a "billion laughs" file is refused)
export const DNS_LABEL_LENGTH_MAX = 63; // a pod's, container's or volume's name in a manifest: an RFC 1123 label, as Kubernetes checks it
export const PROBE_PERIOD_MS_DEFAULT = 10_000; // Kubernetes periodSeconds 10
export const PROBE_TIMEOUT_MS_DEFAULT = 1000; // Kubernetes timeoutSeconds 1
export const PROBE_FAILURE_THRESHOLD_DEFAULT = 3; // Kubernetes failureThreshold 3
export const PROBE_THRESHOLD_MAX = 100; // largest success/failure threshold a probe takes
export const PROBE_PERIOD_MS_MIN = 1000; // Kubernetes: periodSeconds ≥ 1
export const PROBE_HTTP_BYTES = 180; // bytes one answered HTTP probe moves each way (request, 200 OK): counted in NET I/O
export const NAMESPACE_ID_FIRST = 4026532000; // ids of namespaces containers create, after the host's (4026531834..4026531841)
export const NAMESPACE_SERIAL_WRAP = CONTAINER_COUNT_MAX * 1024; // namespace ids come round again after this many containers created
export const CTR_SHOW_EVENTS_MAX = 10; // the latest events `ctr show` lists, as kubectl describe shows a few
export const SECURITY_RULE_MAX = 256; // seed Task 4: policy rules
export const USER_COUNT_MAX = 64; // user accounts, root included
export const GROUP_COUNT_MAX = 128; // groups: a private one per user, and as many shared
export const USER_GROUPS_MAX = 8; // supplementary groups per user
export const OBJECT_LABEL_MAX = 1024; // objects with their own owner/mode/level (the rest inherit)
export const OBJECT_LABEL_USER_MAX = 64; // labels one non-root owner may hold (a quota on the shared table)
export const OBJECT_LABEL_ROOT_RESERVE = 64; // label rows only root may take, as ext4 reserves blocks
export const OBJECT_LABEL_BOOT_MAX = 24; // container paths labelled from boot (kernel, vol, sec/rule, ..., pod, node: 16 was full once pods and nodes came)
export const UID_MAX = 65534; // highest uid or gid (nobody)
export const USER_NAME_LENGTH_MAX = 32; // as useradd allows
export const SCRYPT_N_MAX = 65_536; // largest scrypt cost N a stored password hash may ask for (bounds the time a login takes)
export const SCRYPT_R_MAX = 16; // largest scrypt block size r a stored hash may ask for
export const SCRYPT_P_MAX = 4; // largest scrypt parallelism p a stored hash may ask for
export const RULE_ACTION_CACHE_MAX = 512; // distinct actions with a cached candidate rule list; beyond it, every rule is tested
export const OBJECT_PATH_LENGTH_MAX = 128; // characters in an object path a label names
export const GLOB_LENGTH_MAX = 128; // characters in a glob (rule and filter patterns)
export const STORAGE_NODE_MAX = 16; // seed Task 5: storage nodes (SDS)
export const PROTECTION_DOMAIN_MAX = 8; // PowerFlex protection domains
export const STORAGE_POOL_MAX = 16; // storage pools, all domains together
export const CLIENT_COUNT_MAX = 32; // storage clients (SDC)
export const MAPPING_MAX = 64; // volume-to-client mappings
export const COPIES_MAX = 3; // copies of a shard a storage pool may keep (PowerFlex keeps 2 or 3)
export const CLUSTER_CHUNK_SIZE = 1024 * 1024; // bytes in one distributed chunk
export const NODE_CAPACITY_MAX = 64 * 1024 ** 4; // bytes one storage node may contribute (logical: chunks take disk only once written)
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
export const ALERT_HISTORY_MAX = 8; // the newest alert events (raised, cleared) the cluster dashboard shows
export const JOB_HISTORY_MAX = 16; // finished rebuild/rebalance/drain jobs the cluster keeps (a ring: the oldest goes)
export const CAPACITY_WARNING_PERCENT = 80; // pool capacity alert thresholds, as PowerFlex has
export const CAPACITY_CRITICAL_PERCENT = 90;
export const REBUILD_TICK_MS = 1000; // the rebuild copies in steps of this much simulated time
export const REBALANCE_MOVES_MAX = 1024; // replica moves one rebalance plans at most
export const TOKEN_CACHE_MARGIN_MS = 5_000; // a cached IO token is renewed this long before it expires
export const IO_RATE_SECONDS = 10; // seconds of IO the cluster's rates are averaged over
export const CHAOS_STEP_MS = 60_000; // simulated time one step of a chaos run covers (between yields to the event loop)
export const CHAOS_BLOCK_BYTES = 4096; // bytes of one block the chaos workload writes and checks
export const CHAOS_VOLUME_BYTES = 64 * 1024 * 1024; // size of the scratch volume a chaos run writes to
export const CHAOS_WRITE_INTERVAL_MS = 200; // simulated time between two writes of the chaos workload
export const CHAOS_NEMESIS_INTERVAL_MS = [10_000, 40_000] as const; // simulated time between two nemesis moves, shortest and longest
export const CHAOS_HEAL_LIMIT_MS = 30 * 60_000; // simulated time a chaos run waits at the end for the cluster to heal
export const CHAOS_CLIENTS = 3; // storage clients a chaos run adds for its workload
export const CHAOS_READ_EVERY = 5; // chaos writes between two reads of an acknowledged block during the run
export const SHARD_COUNT_MAX = 256; // seed Task 5: shards
export const AUDIT_ENTRY_MAX = 8192; // seed Task 6: audit ring entries
export const AUDIT_FILTER_MAX = 64; // audit filter rules
export const COMPLIANCE_POLICY_MAX = 32; // named compliance policies
export const AUDIT_LOST_RANGE_MAX = 4; // runs of unexported overwritten entries a compliance report names
export const AUDIT_STRINGS_PER_ENTRY = 3; // action, object, result (a message is held by its entry: it rarely repeats)
export const AUDIT_STRING_MAX = AUDIT_ENTRY_MAX * AUDIT_STRINGS_PER_ENTRY + 1; // interned strings, +1 for ""
export const TIMER_COUNT_MAX = 1024; // pending clock callbacks
export const EVENT_SUBSCRIBER_MAX = 32; // live panes listening to the event bus
export const HISTORY_LINE_MAX = 1000; // shell history lines kept
export const HELP_WIDTH_MAX = 100; // columns help is wrapped at on a wide terminal: longer lines tire the eye (shell/help-render.ts)
export const HELP_WIDTH_MIN = 30; // columns below which help is laid out at this width and the terminal wraps it
export const PANE_COMMAND_OUTPUT_LINES_MAX = 256; // lines of a command's output kept for the live view's output pane (`:` then a command): it shows the first few
export const PANE_FILTER_LENGTH_MAX = 64; // characters of a live pane's typed filter (`/` in watch ctr): more would not fit its summary line
export const TOP_CONTAINER_ROWS_MAX = 8; // container rows in `top`, which shares the screen with the other panes; `watch ctr` shows all that fit
export const TOP_POD_ROWS_MAX = 8; // pod rows in `top`'s pods pane (newest first); `watch pod` shows all
export const TOP_NODE_ROWS_MAX = 4; // node lines in `top`'s pods pane, after its pods; `watch pod` shows all
export const CLUSTER_RECENT_JOB_MS = 60_000; // how long watch cluster's first line names a finished rebuild/rebalance/drain (a pane of one line in top shows it)
export const CLUSTER_NODE_BAR_COLUMNS_MIN = 100; // a narrower terminal: watch cluster's node lines leave out the usage bar, keeping the heartbeat age in view
export const JOURNAL_RECORD_MAX = 1000; // journal records before it is compacted into a snapshot
export const ROLLBACK_RECORD_MAX = 65_536; // commands a session without --state keeps in memory to undo one a kernel bug stopped, before a snapshot replaces them
export const ROLLBACK_JOURNAL_BYTES_MAX = 64 * 1024 ** 2; // bytes of journaled lines and payloads kept in memory so, before a snapshot replaces them
export const JOURNAL_BYTES_MAX = 2 * 1024 ** 3; // bytes of journal (records and their payloads) before it is compacted into a snapshot: a checkpoint, as PostgreSQL's max_wal_size (the chunks written since are synced then, not per command; a replay after a crash reads at most this)
export const JOURNAL_LINE_LENGTH_MAX = 16 * 4096; // a journaled line: a typed one with passwords as hashes (a payload follows its record raw)
export const JOURNAL_HEX_LINE_LENGTH_MAX = JOURNAL_LINE_LENGTH_MAX + 2 * IO_LENGTH_MAX; // a line of an older journal, which kept vol write --file bytes as --file-hex
export const GROUP_COMMIT_RECORDS_MAX = 512; // journal records a script's batch holds before one fdatasync covers them (group commit; their output waits for it)
export const GROUP_COMMIT_BYTES_MAX = 1024 * 1024; // journal bytes a batch may write before it is synced: a vol write --file of 1 MiB or more is synced (and shown) at once, as before
export const JOURNAL_READ_BYTES = 1024 * 1024; // the piece a journal is read in at start (never the whole file: it may hold 256 MiB and more)
export const INPUT_LINE_LENGTH_MAX = 4096; // one command line, in characters
export const JOURNAL_RECORD_TEXT_BYTES_MAX = 2 * IO_LENGTH_MAX + 6 * (JOURNAL_LINE_LENGTH_MAX + INPUT_LINE_LENGTH_MAX) + 4096; // a record's JSON line in bytes: an older --file-hex line (ASCII), its other words and a failure message escaped at worst six bytes a character, its fields
export const CHUNK_CACHE_BYTES = 64 * 1024 ** 2; // chunks read back kept in memory, all devices together (the bytes themselves live in the chunk store)
export const CHUNK_DEVICE_MAX = 64; // chunk devices one kernel keeps: storage nodes, local tiers, with room to spare
export const CHUNK_DEVICE_IDS_MAX = 2 ** 22; // chunk ids one device may hold (4 Mi: 256 GiB of local 64 KiB chunks, 4 TiB of cluster chunks written)
export const PROGRESS_AFTER_MS = 1000; // work that runs longer than this (a save's sync, a journal replay) shows a progress line
export const OUTPUT_PENDING_BYTES_MAX = 1024 * 1024; // piped output queued for a slow reader before a script pauses
export const PIPED_LINES_AHEAD_MAX = 1024; // lines of a piped script read and not yet run before its input is paused (as readline's async iterator pauses)
export const ERROR_COMMAND_CHARS_MAX = 80; // characters of a command a `-c` error line repeats; past it, cut with "…"
export const OBJECT_NAME_LENGTH_MAX = 63; // names of kernel objects
export const SU_DEPTH_MAX = 16; // nested su shells
export const AUDIT_MESSAGE_WIDTH_MAX = 60; // characters of an audit message a table shows before cutting it
export const ORPHANS_NAMED_MAX = 3; // objects `user del` names of those the removed uid still owns; the rest are counted
export const DURATION_MS_MAX = 365 * 86_400_000; // longest duration a command takes (one year)
export const TICKS_PER_COMMAND_MAX = 10_000_000; // scheduler ticks one tick command may run
export const CLOCK_SPEED_MAX = 1000; // fastest the interactive clock may follow the wall
export const VOL_READ_BUFFER_BYTES = 4 * 1024 ** 2; // vol read (shown or --out) reads into one buffer kept this large (longer reads take a fresh one)
export const VOL_DUMP_LINES_MAX = 4096; // hex dump lines vol read prints; beyond this, --out is the way to see the bytes
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
check(POD_COUNT_MAX <= CONTAINER_COUNT_MAX, "every pod can hold a container");
check(NODE_COUNT_MAX < 127, "a pod's node slot fits an Int8Array with -1 for none");
check(NODE_COUNT_MAX <= 32, "the nodes a pod's selector matches fit one 32-bit mask");
check(POD_EVICTION_GRACE_MS % TICK_MS === 0 && NODE_EVICTION_CHECK_MS % TICK_MS === 0, "evictions happen on a tick");
check(POD_RETRY_BACKOFF_MS_MIN > 0 && POD_RETRY_BACKOFF_MS_MIN <= POD_RETRY_BACKOFF_MS_MAX, "a pod's retries back off from the least wait to the most");
check(CONTAINER_START_MS % TICK_MS === 0 && CONTAINER_TERM_EXIT_MS % TICK_MS === 0, "container transitions end on a tick");
check(CONTAINER_BACKOFF_MS_MIN <= CONTAINER_BACKOFF_MS_MAX && CONTAINER_BACKOFF_MS_MIN > 0, "the back-off doubles from its floor to its cap");
check(CONTAINER_BASE_MEMORY_BYTES + CONTAINER_SERVE_MEMORY_BYTES < CONTAINER_HOST_MEMORY_BYTES, "a workload fits in the host before it leaks");
check(NAMESPACE_ID_FIRST + 8 * NAMESPACE_SERIAL_WRAP < 2 ** 32, "namespace ids fit a Uint32 for many generations of containers");
check(GROUP_COUNT_MAX >= USER_COUNT_MAX + 2, "every user can have a private group besides root and users");
check(
  OBJECT_LABEL_MAX >= OBJECT_LABEL_BOOT_MAX + USER_COUNT_MAX + GROUP_COUNT_MAX + SECURITY_RULE_MAX + VOLUME_COUNT_MAX + NETWORK_COUNT_MAX + AUDIT_FILTER_MAX + COMPLIANCE_POLICY_MAX + OBJECT_LABEL_ROOT_RESERVE,
  "every object the kernel can hold carries its own label, with root's reserve to spare",
);
check(OBJECT_LABEL_USER_MAX < OBJECT_LABEL_MAX - OBJECT_LABEL_ROOT_RESERVE, "one user's share is part of the table");
check(Number.isInteger(VOLUME_CHUNKS_MAX), "volumes are whole chunks");
check(VOLUME_CHUNKS_MAX < 2 ** 31, "chunk-map entries fit an Int32");
check(HDD_CHUNK_MAX < 2 ** 31 && SSD_CHUNK_MAX < 2 ** 31, "logical chunk counts fit an Int32");
check(POOL_CHUNK_IDS_MAX <= CHUNK_DEVICE_IDS_MAX, "a tier's pool ids fit its chunk device");
check(CHUNK_MAP_BLOCK_MAX % CHUNK_MAP_SEGMENT_BLOCKS === 0, "the chunk maps' blocks are whole segments");
check(REPLICATION_SESSION_MAX >= REPLICAS_PER_VOLUME_MAX, "one volume can have all its replicas");
check(BRIDGE_PORT_MAX > 1, "a bridge joins at least two ports");
check(NETWORK_CONFIGURE_MS % TICK_MS === 0 && NETWORK_DETACH_MS % TICK_MS === 0, "network transitions end on a tick");
check(BRIDGE_PORT_MAX <= 32, "a bridge's ports fit the bits of one Uint32 mask");
check(VLAN_COUNT_MAX <= VLAN_ID_MAX && VLAN_ID_MAX < 4096, "a bridge's VLANs are 802.1Q ids (12 bits)");
check(FDB_ENTRY_MAX >= BRIDGE_PORT_MAX && FDB_ENTRY_MAX <= 2 ** 16, "every port can hold an FDB entry, and entries fit a Uint16 count");
check(FDB_AGING_MS_MIN <= FDB_AGING_MS_DEFAULT && FDB_AGING_MS_DEFAULT <= FDB_AGING_MS_MAX, "the default ageing time is within the bridge's range");
check(POLICE_BURST_BYTES_DEFAULT <= POLICE_BURST_BYTES_MAX, "the default policing burst is one a user may set");
check(CAPTURE_SNAPLEN_MAX <= CAPTURE_BYTES_MAX && CAPTURE_SNAPLEN_MAX >= 1518 + 50, "a capture ring holds one whole frame, a tagged one in VXLAN included");
check(JOURNAL_LINE_LENGTH_MAX >= 16 * INPUT_LINE_LENGTH_MAX, "a typed line of short passwords still fits the journal once each becomes a hash");
check(JOURNAL_BYTES_MAX >= IO_LENGTH_MAX && ROLLBACK_JOURNAL_BYTES_MAX >= IO_LENGTH_MAX, "a journal holds at least one command's payload before it is compacted");
check(Number.isInteger(TICK_MS) && TICK_MS > 0, "a tick is a whole number of milliseconds");
check(CLOCK_MS_MAX + CLOCK_JUMP_MS_MAX < Number.MAX_SAFE_INTEGER / 1024, "simulated times and sums of them stay exact to well under a millisecond");
check(CLOCK_JUMP_MS_MAX <= CLOCK_MS_MAX, "one jump fits in the clock's range");
check(COPIES_MAX >= 2 && COPIES_MAX <= STORAGE_NODE_MAX, "a pool can keep two copies, and never more than there are nodes");
check(SHARD_COUNT_MAX * COPIES_MAX < 2 ** 31, "replica cells fit an Int32 index");
check(TOKEN_CACHE_MARGIN_MS < TOKEN_TTL_MS, "a cached token is renewed before it expires, not after");
check(REBUILD_TICK_MS % TICK_MS === 0 && REBUILD_BANDWIDTH * (REBUILD_TICK_MS / 1000) >= CLUSTER_CHUNK_SIZE, "a rebuild step is whole ticks and copies at least one chunk");
check(CHAOS_CLIENTS <= CLIENT_COUNT_MAX && CHAOS_VOLUME_BYTES <= VOLUME_SIZE_MAX && CHAOS_VOLUME_BYTES % CHAOS_BLOCK_BYTES === 0, "a chaos run's clients and volume fit their tables");
check(CHAOS_NEMESIS_INTERVAL_MS[0] < CHAOS_NEMESIS_INTERVAL_MS[1], "the nemesis waits between a shorter and a longer interval");
check(ROLLBACK_RECORD_MAX >= JOURNAL_RECORD_MAX, "a session without --state keeps at least what a state directory's journal holds");

// The cluster's integer-addressed tables (modules/cluster/chunk-address.ts).
export const CLUSTER_VOLUME_CHUNKS_MAX = VOLUME_SIZE_MAX / CLUSTER_CHUNK_SIZE; // chunk indexes of one distributed volume or snapshot
export const CLUSTER_STORED_CHUNK_MAX = 2 ** 19; // distinct stored chunks on all storage nodes (shared with snapshots once): 512 GiB of copies, 256 GiB written at two copies; also each node's chunk device ids. Not 1 TiB written: at that size the cluster's tables, when all were allocated whole on first use, cost each kernel ~350 MB of address space and every test cluster a GC (the copy and version maps now grow as keys come; the stored chunks' columns, node-store.ts, are still allocated whole with the first chunk)
export const CLUSTER_CHUNK_KEY_MAX = 2 ** 20; // (node, chunk) copies the storage nodes hold together: volume and snapshot chunks, archived copies (two per stored chunk)
export const CLUSTER_WRITTEN_CHUNK_MAX = 2 ** 18; // written chunks of distributed volumes and snapshots the MDM keeps a committed version of: 256 GiB
export const CLUSTER_SEEN_MAX = 65_536; // causal consistency: (client, chunk) versions the clients have seen
check(Number.isInteger(CLUSTER_VOLUME_CHUNKS_MAX), "distributed volumes are whole chunks");
// Physical bytes exist only where written, so the stored-chunk table bounds what is written, not what is provisioned.
check(CLUSTER_STORED_CHUNK_MAX >= 2 * CLUSTER_WRITTEN_CHUNK_MAX && CLUSTER_CHUNK_KEY_MAX >= 2 * CLUSTER_STORED_CHUNK_MAX, "every written chunk can have two copies, and every copy a snapshot's or an archived key beside it");
check(CLUSTER_STORED_CHUNK_MAX <= CHUNK_DEVICE_IDS_MAX, "a storage node's chunk device can hold every stored chunk id");
check((SNAPSHOT_COUNT_MAX + 1) * VOLUME_COUNT_MAX * CLUSTER_VOLUME_CHUNKS_MAX * 2 * Math.max(STORAGE_NODE_MAX, CLIENT_COUNT_MAX) < Number.MAX_SAFE_INTEGER, "chunk addresses keyed by node or client (archived ones included) stay exact integers");

// Container images (modules/containers/images/).
export const IMAGE_COUNT_MAX = 64; // image references (repository:tag, the rows of `image list`); images, each named by at least one, are as many at most
export const LAYER_COUNT_MAX = 256; // distinct layers the image store holds, a layer shared by several images once
export const IMAGE_REFERENCE_LENGTH_MAX = 255; // characters in an image reference (Docker's NameTotalLengthMax)
export const IMAGE_TAG_LENGTH_MAX = 128; // characters in a tag, as Docker allows
export const LAYER_PIECE_BYTES = 64 * 1024; // a layer's bytes are generated and hashed in pieces this large, never held whole
check(IMAGE_COUNT_MAX < 2 ** 8 && LAYER_COUNT_MAX <= 2 ** 16, "image slots fit a Uint8, layer reference counts a Uint16");
check(LAYER_PIECE_BYTES % 4 === 0, "a layer piece is whole 32-bit words of noise");
