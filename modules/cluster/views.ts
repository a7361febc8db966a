// The cluster's read-only view: what `cluster status`, `cluster sds list`, `cluster sdc list`,
// `cluster pool list`, `cluster tree`, `cluster alerts`, the live dashboard and completion read,
// as plain data. The shell reads the cluster only through here, never its columns (node states,
// heartbeats, topology arrays), so those can change shape without touching the shell.

import type { DistributedStorageManager } from "./cluster-manager.js";
import { NODE_STATES, SEVERITIES, type Alert } from "./health.js";
import { CONSISTENCY_LEVELS, MEDIA } from "./topology.js";

const NODE_ACTIVE = 0; // NODE_STATES[0]
const NODE_DOWN = 2; // NODE_STATES[2]

export type ClusterObjectKind = "pd" | "pool" | "sds" | "sdc";

/** Which alerts `alerts` returns: the active ones unless `all`, at or above `severity`, of one category or source. */
export interface AlertSelection {
  readonly all?: boolean;
  readonly severity?: string;
  readonly category?: string;
  readonly source?: string;
}

export function clusterView(c: DistributedStorageManager) {
  const t = c.topology;
  const node = (n: number) => ({
    name: t.nodes.nameOf(n),
    pool: t.pools.nameOf(t.nodePool[n]!),
    media: MEDIA[t.media[n]!]!,
    faultSet: t.faultSets[n]!,
    capacityBytes: t.capacity[n]!,
    usedBytes: c.nodeUsage(n),
    state: c.health.nodes.stateText(n),
    draining: c.isDraining(n),
    active: c.health.states[n] === NODE_ACTIVE && c.health.reachable(n),
    down: c.health.states[n] === NODE_DOWN,
  });
  const capacityOf = (nodes: readonly number[]) => nodes.reduce((sum, n) => sum + t.capacity[n]!, 0);
  const usedOf = (nodes: readonly number[]) => nodes.reduce((sum, n) => sum + c.nodeUsage(n), 0);
  const activeAlerts = () => c.health.alerts.filter((a) => a.resolvedMs < 0).map((a): Alert => ({ ...a }));
  const view = {
    names(kind: ClusterObjectKind): string[] {
      const table = { pd: t.domains, pool: t.pools, sds: t.nodes, sdc: t.clients }[kind];
      return table.slots().map((slot) => table.nameOf(slot));
    },
    /** Every storage node with its pool, size, use, state and how many shard replicas it holds. */
    nodes() {
      return t.nodes.slots().map((n) => {
        let replicas = 0;
        for (const pool of t.pools.slots()) for (const shard of t.shardsOf(pool)) if (t.replicasOf(shard).includes(n)) replicas++;
        return { ...node(n), replicas };
      });
    },
    /** Every client with its heartbeat state and mapped volumes. */
    clients() {
      const beats = c.health.clients;
      const mappings = c.mappings();
      return t.clients.slots().map((slot) => {
        const name = t.clients.nameOf(slot);
        return { name, state: `${NODE_STATES[beats.states[slot]!]}${beats.reachable(slot) ? "" : "/disconnected"}`, volumes: mappings.filter((m) => m.client === name).map((m) => `${m.volume}(${m.access})`) };
      });
    },
    pools() {
      return t.pools.slots().map((p) => {
        const nodes = t.nodesOf(p);
        const consistency = CONSISTENCY_LEVELS[t.consistency[p]!]!;
        return { pool: t.pools.nameOf(p), copies: t.copies[p]!, minCopies: t.minCopies[p]!, consistency, shards: t.shardsOf(p).length, nodes: nodes.length, capacityBytes: capacityOf(nodes), usedBytes: usedOf(nodes) };
      });
    },
    /** Protection domains, their pools and the pools' nodes, in slot order. */
    domains() {
      return t.domains.slots().map((d) => ({
        name: t.domains.nameOf(d),
        pools: t.pools.slots().filter((p) => t.poolDomain[p] === d).map((p) => ({ name: t.pools.nameOf(p), copies: t.copies[p]!, nodes: t.nodesOf(p).map(node) })),
      }));
    },
    alerts(selection: AlertSelection = {}): Alert[] {
      const minimum = selection.severity === undefined ? 0 : SEVERITIES.indexOf(selection.severity.toUpperCase() as (typeof SEVERITIES)[number]);
      return c.health.alerts
        .filter((a) => (selection.all === true || a.resolvedMs < 0) && SEVERITIES.indexOf(a.severity) >= minimum && (selection.category === undefined || a.category === selection.category) && (selection.source === undefined || a.source === selection.source))
        .map((a) => ({ ...a }));
    },
    /** What `cluster status` shows. */
    status() {
      const nodes = t.nodes.slots();
      return {
        health: c.healthReport().status,
        nodesUp: nodes.filter((n) => node(n).active).length,
        alerts: activeAlerts().map((a) => ({ severity: a.severity })),
        rebuild: c.rebuildStatus(),
        nodes: nodes.length,
        clients: t.clients.count(),
        domains: t.domains.count(),
        pools: t.pools.count(),
        capacityBytes: capacityOf(nodes),
        usedBytes: usedOf(nodes),
        shards: c.shardSummary(),
        volumes: c.volumeNames().length,
        mappings: c.mappings().length,
        io: c.ioStats(),
        tokens: c.tokenCacheEnabled() ? "cached (reused per volume and operation)" : "single-use",
      };
    },
    /** Everything the cluster dashboard draws. */
    dashboard() {
      return {
        health: c.healthReport(),
        io: c.ioStats(),
        ioHistory: c.ioHistory(),
        rebuild: c.rebuildStatus(),
        alerts: activeAlerts(),
        shards: c.shardSummary(),
        volumes: c.volumeNames().map((name) => ({ name, chunks: c.chunkLocations(name).length })),
        domains: view.domains(),
      };
    },
  };
  return view;
}

export type ClusterView = ReturnType<typeof clusterView>;
