// The Kernel owns the clock, the seeded PRNG, the event bus, the syscall gate and the
// subsystem managers (only the audit trail so far). The shell reaches the managers only through
// `syscall`, which passes the gate; live panes read through `view`, which changes nothing.
//
// A kernel is built fresh from a seed, or restored from a snapshot (`toSnapshot`/`fromSnapshot`).
// Timers are not part of a snapshot: managers schedule again what their state implies.

import { AuditEventType, AuditingSystem, AuditLevel, DENIED_RESULT, type SavedAudit } from "../modules/audit/index.js";
import { DistributedStorageManager, type SavedCluster } from "../modules/cluster/index.js";
import { SecurityManager, type SavedSecurity } from "../modules/security/index.js";
import { StorageVolumeManager, type SavedStorage } from "../modules/storage/index.js";
import { Clock } from "./clock.js";
import { EventBus } from "./event-bus.js";
import { SyscallGate, type Operation, type Outcome, type OperationType, type Subject } from "./gate.js";
import { fail } from "./errors.js";
import { AUDIT_ENTRY_MAX, CLOCK_JUMP_MS_MAX, CLOCK_MS_MAX, SECURITY_RULE_MAX, STORAGE_NODE_MAX, USER_COUNT_MAX, VOLUME_COUNT_MAX } from "./limits.js";
import type { PerformanceSink } from "./ports.js";
import { Rng, type RngState } from "./rng.js";
import { countOf, formatDuration } from "./units.js";

export interface KernelOptions {
  readonly seed: number;
  readonly sealKey: Uint8Array; // the state directory's secret (audit.key): seals the audit chain; the IO token key derives from it
  readonly auditCapacity?: number;
}

/** What an operation may touch once the gate has let it through. */
export interface KernelServices {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly audit: AuditingSystem;
  readonly security: SecurityManager;
  readonly storage: StorageVolumeManager;
  readonly cluster: DistributedStorageManager;
}

export interface SubsystemStatus {
  readonly subsystem: string;
  readonly used: number;
  readonly capacity: number;
  readonly health: string;
  readonly detail: string;
}

export const SNAPSHOT_FORMAT = "kshell-state";
export const SNAPSHOT_VERSION = 1;

export interface KernelSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly seed: number;
  readonly clockMs: number;
  readonly rng: RngState;
  readonly audit: SavedAudit;
  readonly security: SavedSecurity;
  readonly storage: SavedStorage;
  readonly cluster: SavedCluster;
}

const AUDIT_TYPE_OF: Record<OperationType, AuditEventType> = {
  security: AuditEventType.Security,
  performance: AuditEventType.Performance,
  system: AuditEventType.System,
  user: AuditEventType.User,
  storage: AuditEventType.Storage,
  network: AuditEventType.Network,
};

export class Kernel {
  readonly seed: number;
  readonly events = new EventBus();
  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly audit: AuditingSystem;
  private readonly security = new SecurityManager((path) => this.objectExists(path));
  private readonly storage: StorageVolumeManager;
  private readonly cluster: DistributedStorageManager;
  private readonly gate: SyscallGate;
  private readonly services: KernelServices;

  constructor(options: KernelOptions) {
    this.seed = options.seed;
    this.clock = new Clock();
    this.rng = new Rng(options.seed);
    this.audit = new AuditingSystem(this.clock, options.sealKey, this.events, options.auditCapacity ?? AUDIT_ENTRY_MAX);
    const performance: PerformanceSink = {
      record: (event) => this.audit.append({ level: event.warning ? AuditLevel.Warning : AuditLevel.Info, type: AuditEventType.Performance, uid: 0, action: event.action, object: event.object, result: "observed", message: event.message }),
    };
    this.cluster = new DistributedStorageManager(this.clock, this.rng, options.sealKey, {
      raised: (alert) => this.recordAlert("cluster.alert.raise", alert.severity, `alert/${alert.id}`, `${alert.severity} ${alert.category} ${alert.source}: ${alert.message}`),
      resolved: (alert) => this.recordAlert("cluster.alert.resolve", "INFO", `alert/${alert.id}`, `resolved (${alert.resolvedBy}): ${alert.message}`),
    }, performance);
    this.storage = new StorageVolumeManager(this.clock, this.cluster, performance);
    this.gate = new SyscallGate(this.security, { record: (s, o, r) => this.recordOutcome(s, o, r) });
    this.services = { clock: this.clock, rng: this.rng, audit: this.audit, security: this.security, storage: this.storage, cluster: this.cluster };
  }

  /** Performs `operation` as `subject` through the gate. */
  syscall<T>(subject: Subject, operation: Operation, perform: (kernel: KernelServices) => T, describe?: (result: T) => string): T {
    return this.gate.invoke(subject, operation, () => perform(this.services), describe);
  }

  /** A syscall performed in steps (a long sleep, a chaos run): the gate decides now; `syscallEnd` records how it ended. */
  syscallBegin(subject: Subject, operation: Operation): KernelServices {
    this.gate.admit(subject, operation);
    return this.services;
  }

  syscallEnd(subject: Subject, operation: Operation, ending: { readonly error: unknown } | { readonly message: string }): void {
    this.gate.settle(subject, operation, ending);
  }

  /** Read-only figures for live panes, the prompt and completion; never changes state. */
  readonly view = {
    kernel: this as Kernel,
    get nowMs(): number {
      return this.kernel.clock.now();
    },
    auditTail(limit: number) {
      return this.kernel.audit.tail(limit);
    },
    auditStats() {
      return this.kernel.audit.stats();
    },
    auditLoadProblem() {
      return this.kernel.audit.loadProblem;
    },
    auditFilterIds() {
      return this.kernel.audit.filters.list().map((row) => String(row.id));
    },
    compliancePolicyNames() {
      return this.kernel.audit.compliance.names();
    },
    status() {
      return this.kernel.status();
    },
    userNames() {
      return this.kernel.security.accounts.userNames();
    },
    volumeNames() {
      return this.kernel.storage.names();
    },
    volumes() {
      return this.kernel.storage.list();
    },
    volumeHistory(name: string, seconds: number) {
      return this.kernel.storage.history(name, seconds);
    },
    tiers() {
      return this.kernel.storage.tiers();
    },
    replication() {
      return this.kernel.storage.replicationStatus();
    },
    snapshotNames(volume: string) {
      return this.kernel.storage.snapshotList(volume).map((row) => row.name);
    },
    clusterNames(kind: "pd" | "pool" | "sds" | "sdc") {
      const t = this.kernel.cluster.topology;
      const table = { pd: t.domains, pool: t.pools, sds: t.nodes, sdc: t.clients }[kind];
      return table.slots().map((slot) => table.nameOf(slot));
    },
    /** Everything the cluster dashboard draws, as plain data. */
    clusterDashboard() {
      const c = this.kernel.cluster;
      const t = c.topology;
      return {
        health: c.healthReport(),
        io: c.ioStats(),
        ioHistory: c.ioHistory(),
        rebuild: c.rebuildStatus(),
        alerts: c.health.alerts.filter((a) => a.resolvedMs < 0).map((a) => ({ ...a })),
        shards: c.shardSummary(),
        volumes: c.volumeNames().map((name) => ({ name, chunks: c.chunkLocations(name).length })),
        domains: t.domains.slots().map((d) => ({
          name: t.domains.nameOf(d),
          pools: t.pools.slots().filter((p) => t.poolDomain[p] === d).map((p) => ({
            name: t.pools.nameOf(p),
            copies: t.copies[p]!,
            nodes: t.nodesOf(p).map((n) => ({ name: t.nodes.nameOf(n), state: c.health.nodes.stateText(n), active: c.health.states[n] === 0 && c.health.reachable(n), down: c.health.states[n] === 2, capacity: t.capacity[n]!, used: c.nodeUsage(n) })),
          })),
        })),
      };
    },
    objectPaths() {
      return this.kernel.security.labels.list().map((label) => label.path);
    },
    ruleIds() {
      return this.kernel.security.rules.ruleIds().map(String);
    },
    /** The user a uid names, for the prompt and for replaying the journal. */
    subjectOf(name: string): Subject {
      const uid = this.kernel.security.accounts.uidOf(name);
      return { name, uid, gid: this.kernel.security.accounts.credentials(uid).gid };
    },
  };

  /** Moves simulated time to `targetMs` (the interactive shell follows the wall clock this way). */
  advanceClockTo(targetMs: number): void {
    const jumpMs = targetMs - this.clock.now();
    // One jump fires every timer on the way (heartbeats every 10 s): bounded, so no time given can spin for hours.
    if (jumpMs > CLOCK_JUMP_MS_MAX) fail("EINVAL", `cannot move the clock to ${targetMs} ms at once: more than ${formatDuration(CLOCK_JUMP_MS_MAX)} ahead (CLOCK_JUMP_MS_MAX)`, "sleep moves it further, in steps");
    if (jumpMs > 0) this.clock.advanceTo(targetMs);
  }

  /**
   * The interactive shell's clock following the wall (times its speed): it moves at most
   * CLOCK_JUMP_MS_MAX at once and stops at CLOCK_MS_MAX, so a shell left open for days at 1000x
   * loses the excess instead of failing every command. The journal records where it got to.
   */
  followClockTo(targetMs: number): void {
    this.advanceClockTo(Math.min(targetMs, this.clock.now() + CLOCK_JUMP_MS_MAX, CLOCK_MS_MAX));
  }

  /** Writes a System entry for a kernel that was just booted, reset or loaded. */
  recordBoot(subject: Subject, message: string): void {
    this.audit.append({ level: AuditLevel.Info, type: AuditEventType.System, uid: subject.uid, action: "kernel.boot", object: "kernel", result: "success", message });
  }

  status(): SubsystemStatus[] {
    const audit = this.audit.stats();
    const users = this.security.accounts.userNames().length;
    const rules = this.security.rules.count();
    const volumes = this.storage.list();
    const degraded = volumes.filter((v) => v.state === "Degraded").length;
    const tiers = this.storage.tiers().map((t) => `${t.tier} ${Math.round((100 * t.usedBytes) / t.capacityBytes)}%`).join(", ");
    return [
      { subsystem: "storage", used: volumes.length, capacity: VOLUME_COUNT_MAX, health: degraded > 0 ? "degraded" : "ok", detail: `${countOf(this.storage.snapshots.count(), "snapshot")}; pools ${tiers}` },
      { subsystem: "cluster", used: this.cluster.topology.nodes.count(), capacity: STORAGE_NODE_MAX, health: this.cluster.healthReport().status.toLowerCase(), detail: `${countOf(this.cluster.topology.pools.count(), "pool")}, ${countOf(this.cluster.topology.clients.count(), "client")}, ${countOf(this.cluster.volumeNames().length, "volume")}` },
      { subsystem: "security/users", used: users, capacity: USER_COUNT_MAX, health: "ok", detail: `${this.security.accounts.groups().length} groups` },
      { subsystem: "security/rules", used: rules, capacity: SECURITY_RULE_MAX, health: "ok", detail: "deny-overrides" },
      {
        subsystem: "audit",
        used: audit.retained,
        capacity: audit.capacity,
        health: audit.unackedCritical > 0 ? "attention" : "ok",
        detail: `${audit.recorded} recorded, ${audit.lost} lost, ${audit.dropped} dropped, ${audit.filters} filters`,
      },
    ];
  }

  toSnapshot(): KernelSnapshot {
    return {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      seed: this.seed,
      clockMs: this.clock.now(),
      rng: this.rng.state(),
      audit: this.audit.toJSON(),
      security: this.security.toJSON(),
      storage: this.storage.toJSON(),
      cluster: this.cluster.toJSON(),
    };
  }

  static fromSnapshot(snapshot: KernelSnapshot, options: Omit<KernelOptions, "seed">): Kernel {
    const kernel = new Kernel({ ...options, seed: snapshot.seed });
    kernel.clock.advanceTo(snapshot.clockMs);
    kernel.rng.restore(snapshot.rng);
    kernel.audit.restore(snapshot.audit);
    kernel.security.restore(snapshot.security);
    kernel.cluster.restore(snapshot.cluster);
    kernel.storage.restore(snapshot.storage);
    kernel.security.labels.prune(); // once every object is back: a label for none is left from before issue 10
    return kernel;
  }

  /** Whether `path` names an object outside security's own (a volume, an audit filter or policy): only those carry labels. */
  private objectExists(path: string): boolean {
    const parts = path.split("/");
    if (parts[0] === "vol" && parts.length === 2) return this.storage.names().includes(parts[1]!);
    if (parts[0] !== "audit" || parts.length !== 3) return false;
    if (parts[1] === "filter") return this.audit.filters.list().some((row) => String(row.id) === parts[2]);
    return parts[1] === "compliance" && this.audit.compliance.names().includes(parts[2]!);
  }

  /** Alerts the MDM raises and resolves go to the trail as storage events from the kernel (uid 0). */
  private recordAlert(action: string, severity: string, object: string, message: string): void {
    const level = { INFO: AuditLevel.Info, WARNING: AuditLevel.Warning, ERROR: AuditLevel.Error, CRITICAL: AuditLevel.Critical }[severity] ?? AuditLevel.Info;
    this.audit.append({ level, type: AuditEventType.Storage, uid: 0, action, object, result: action.endsWith("raise") ? "raised" : "resolved", message });
  }

  private recordOutcome(subject: Subject, operation: Operation, outcome: Outcome): void {
    const base = { uid: subject.uid, action: operation.action, object: operation.object };
    if (outcome.kind === "decided") {
      const { allowed, audit, layer, reason } = outcome.decision;
      const level = !allowed || audit ? AuditLevel.Warning : AuditLevel.Debug;
      const result = !allowed ? DENIED_RESULT : audit ? "audited" : "allowed";
      this.audit.append({ ...base, level, type: AuditEventType.Security, result, message: `${layer}: ${reason}` });
    } else if (outcome.kind === "failed") {
      this.audit.append({ ...base, level: AuditLevel.Error, type: AUDIT_TYPE_OF[operation.type], result: outcome.error.code, message: outcome.error.message });
    } else {
      const level = operation.mutates ? AuditLevel.Info : AuditLevel.Debug;
      this.audit.append({ ...base, level, type: AUDIT_TYPE_OF[operation.type], result: "success", message: outcome.message });
    }
  }
}
