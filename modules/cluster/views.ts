// The cluster's read-only view: what `cluster status`, `cluster sds list`, `cluster sdc list`,
// `cluster pool list`, `cluster tree`, `cluster alerts`, the live dashboard and completion read,
// as plain data. The shell reads the cluster only through here, never its columns (node states,
// heartbeats, topology arrays), so those can change shape without touching the shell.

import { ALERT_HISTORY_MAX, REBUILD_TICK_MS } from "../../src/limits.js";
import type { DistributedStorageManager } from "./cluster-manager.js";
import { NODE_STATES, NodeState, SEVERITIES, type Alert } from "./health.js";
import { CONSISTENCY_LEVELS, MEDIA } from "./topology.js";

export type ClusterObjectKind = "pd" | "pool" | "sds" | "sdc";

/** An alert as readers get it: null, not the table's -1 and "", where an active alert has no resolution yet. */
export type AlertView = Omit<Alert, "resolvedMs" | "resolvedBy"> & { readonly resolvedMs: number | null; readonly resolvedBy: string | null };
const alertView = (a: Alert): AlertView => (a.resolvedMs < 0 ? { ...a, resolvedMs: null, resolvedBy: null } : { ...a });

/** Which alerts `alerts` returns: the active ones unless `all`, at or above `severity`, of one category or source. */
export interface AlertSelection {
  readonly all?: boolean;
  readonly severity?: string;
  readonly category?: string;
  readonly source?: string;
}

/** Read-only: every method returns fresh plain data and changes nothing. */
export class ClusterView {
  constructor(private readonly c: DistributedStorageManager) {}

  names(kind: ClusterObjectKind): string[] {
    const t = this.c.topology;
    const table = { pd: t.domains, pool: t.pools, sds: t.nodes, sdc: t.clients }[kind];
    return table.slots().map((slot) => table.nameOf(slot));
  }

  /** One storage node: its pool, size, use and heartbeat state. */
  node(n: number) {
    const { c } = this;
    const t = c.topology;
    return {
      name: t.nodes.nameOf(n),
      pool: t.pools.nameOf(t.nodePool[n]!),
      media: MEDIA[t.media[n]!]!,
      faultSet: t.faultSets[n] || null, // null: the node is a fault domain of its own
      capacityBytes: t.capacity[n]!,
      usedBytes: c.nodeUsage(n),
      state: c.health.nodes.stateText(n),
      draining: c.isDraining(n),
      active: c.health.states[n] === NodeState.Active && c.health.reachable(n),
      down: c.health.states[n] === NodeState.Down,
      heartbeatAgeMs: Math.round(c.now() - c.health.nodes.lastHeartbeatMs[n]!), // whole ms: IO times make the clock fractional
    };
  }

  /** Every storage node, with how many shard replicas it holds. */
  nodes() {
    const t = this.c.topology;
    return t.nodes.slots().map((n) => {
      let replicas = 0;
      for (const pool of t.pools.slots()) for (const shard of t.shardsOf(pool)) if (t.replicasOf(shard).includes(n)) replicas++;
      return { ...this.node(n), replicas };
    });
  }

  /**
   * One storage node in full (`cluster sds show`): what `nodes` lists, the chunks it holds and
   * its chunk device ("sds/sds1"): the kernel does not know where the device's files are; the shell
   * does (SessionControl.chunkFolder).
   */
  nodeDetail(name: string) {
    const node = this.c.topology.nodes.find(name);
    const { chunks, files, device } = this.c.nodeChunks(node);
    const row = this.nodes().find((n) => n.name === name)!;
    return { ...row, chunks, chunkFiles: files, chunkDevice: device };
  }

  /** Every client with its heartbeat state and mapped volumes ("dv(rw)"). */
  clients() {
    const all = this.c.mappings();
    return this.c.topology.clients.slots().map((slot) => {
      const { mappings, ...client } = this.client(slot, all);
      return { ...client, volumes: mappings.map((m) => `${m.volume}(${m.access})`) };
    });
  }

  /** One client: its heartbeat state, how long since its last heartbeat, and the volumes mapped to it. */
  private client(slot: number, mappings = this.c.mappings()) {
    const { c } = this;
    const beats = c.health.clients;
    const name = c.topology.clients.nameOf(slot);
    const state = `${NODE_STATES[beats.states[slot]!]}${beats.reachable(slot) ? "" : "/disconnected"}`;
    return { name, state, heartbeatAgeMs: Math.round(c.now() - beats.lastHeartbeatMs[slot]!), mappings: mappings.filter((m) => m.client === name).map(({ volume, access }) => ({ volume, access })) };
  }

  pools() {
    const t = this.c.topology;
    return t.pools.slots().map((p) => {
      const nodes = t.nodesOf(p);
      const consistency = CONSISTENCY_LEVELS[t.consistency[p]!]!;
      return { pool: t.pools.nameOf(p), copies: t.copies[p]!, minCopies: t.minCopies[p]!, consistency, shards: t.shardsOf(p).length, nodes: nodes.length, capacityBytes: this.capacityOf(nodes), usedBytes: this.usedOf(nodes) };
    });
  }

  /** Protection domains, their pools and the pools' nodes, in slot order. */
  domains() {
    const t = this.c.topology;
    return t.domains.slots().map((d) => ({
      name: t.domains.nameOf(d),
      pools: t.pools.slots().filter((p) => t.poolDomain[p] === d).map((p) => ({ name: t.pools.nameOf(p), copies: t.copies[p]!, nodes: t.nodesOf(p).map((n) => this.node(n)) })),
    }));
  }

  /** The alerts `selection` asks for, as copies. */
  alerts(selection: AlertSelection = {}): AlertView[] {
    const minimum = selection.severity === undefined ? 0 : SEVERITIES.indexOf(selection.severity.toUpperCase() as (typeof SEVERITIES)[number]);
    const wanted = (a: Alert) => (selection.all === true || a.resolvedMs < 0) && SEVERITIES.indexOf(a.severity) >= minimum && (selection.category === undefined || a.category === selection.category) && (selection.source === undefined || a.source === selection.source);
    return this.c.health.alerts.filter(wanted).map(alertView);
  }

  /** The newest ALERT_HISTORY_MAX alert events, newest first. */
  alertHistory() {
    return this.alertEvents().slice(0, ALERT_HISTORY_MAX);
  }

  /** Every alert event, newest first: each alert's raising and, once resolved, its clearing. */
  private alertEvents() {
    const events = this.c.health.alerts.flatMap((a) => {
      const raised = { atMs: a.raisedMs, event: "raised" as "raised" | "cleared", id: a.id, severity: a.severity, category: a.category, source: a.source, message: a.message, by: null as string | null };
      return a.resolvedMs < 0 ? [raised] : [raised, { ...raised, atMs: a.resolvedMs, event: "cleared" as const, by: a.resolvedBy }];
    });
    events.sort((a, b) => b.atMs - a.atMs || b.id - a.id || (a.event === "cleared" ? -1 : 1)); // at one moment: the later alert, a clearing after its raising
    return events;
  }

  /** The copying under way as a job (a rebuild, drain or rebalance: job-history.ts) with its progress, or null when none is. */
  job() {
    const c = this.c;
    return c.oneMoment(() => {
      const r = c.rebuildStatus();
      if (r.startedMs === null) return null; // in sync: nothing pending
      const totalBytes = r.copiedBytes + r.pendingBytes;
      const startedMs = r.copiedBytes === 0 ? r.startedMs : r.startedMs - REBUILD_TICK_MS; // each step copies the second before it, as the finished job counts
      const steppedMs = (Math.floor((c.now() - r.startedMs) / REBUILD_TICK_MS) + 1) * REBUILD_TICK_MS; // to the last step: between steps the rate holds, not a sawtooth
      const rateBytesPerSecond = r.copiedBytes === 0 ? null : Math.round((r.copiedBytes * 1000) / steppedMs);
      return { kind: c.jobs().running ?? "rebuild", percent: Math.floor((100 * r.copiedBytes) / totalBytes), doneBytes: r.copiedBytes, totalBytes, rateBytesPerSecond, etaMs: Math.ceil(r.etaMs), startedMs };
    });
  }

  /** The finished jobs (newest first), the one under way, and drains that wait (nodes being removed that keep copies): `cluster jobs`. */
  jobs() {
    return this.c.oneMoment(() => ({ running: this.job(), waiting: this.c.rebuildStatus().draining, finished: this.c.jobs().finished }));
  }

  /** What `cluster status` shows: health, rebuild and shards from one survey when not settled. */
  status() {
    return this.c.oneMoment(() => this.statusNow());
  }

  private statusNow() {
    const { c } = this;
    const t = c.topology;
    const nodes = t.nodes.slots();
    return {
      health: c.healthReport().status,
      nodesUp: nodes.filter((n) => this.node(n).active).length,
      alerts: this.alerts().map((a) => ({ severity: a.severity })),
      rebuild: c.rebuildStatus(),
      job: this.job(),
      jobs: c.jobs().finished,
      nodes: nodes.length,
      clients: t.clients.count(),
      domains: t.domains.count(),
      pools: t.pools.count(),
      capacityBytes: this.capacityOf(nodes),
      usedBytes: this.usedOf(nodes),
      shards: c.shardSummary(),
      volumes: c.volumeNames().length,
      mappings: c.mappings().length,
      io: c.ioStats(),
      tokens: c.tokenCacheEnabled() ? "cached (reused per volume and operation)" : "single-use",
    };
  }

  /** Everything the cluster dashboard draws. */
  dashboard() {
    return this.c.oneMoment(() => this.dashboardNow());
  }

  private dashboardNow() {
    const { c } = this;
    const mappings = c.mappings();
    const events = this.alertEvents();
    return {
      health: c.healthReport(),
      io: c.ioStats(),
      ioHistory: c.ioHistory(),
      rebuild: c.rebuildStatus(),
      alerts: this.alerts(),
      shards: c.shardSummary(),
      alertHistory: events.slice(0, ALERT_HISTORY_MAX), // the newest ALERT_HISTORY_MAX
      alertEvents: events.length,
      job: this.job(),
      jobs: c.jobs().finished,
      volumes: c.volumeNames().map((name) => ({ name, ...c.volumePlace(name), chunks: c.chunkCount(name), state: c.dataState(name), mappings: mappings.filter((m) => m.volume === name).map(({ client, access }) => ({ client, access })) })),
      domains: this.domains(),
      clients: c.topology.clients.slots().map((slot) => this.client(slot, mappings)),
    };
  }

  private capacityOf(nodes: readonly number[]): number {
    return nodes.reduce((sum, n) => sum + this.c.topology.capacity[n]!, 0);
  }

  private usedOf(nodes: readonly number[]): number {
    return nodes.reduce((sum, n) => sum + this.c.nodeUsage(n), 0);
  }
}
