// The distributed block store as a subsystem (src/subsystem.ts): built on the kernel's clock,
// rng and seal key (the IO token key derives from it); needs `alerts` (the MDM's alerts go to
// the trail) and `performance`; provides `blockDevices`, the one seam through which storage's
// distributed volumes reach it (src/block.ts).

import { STORAGE_NODE_MAX } from "../../src/limits.js";
import type { Subsystem } from "../../src/subsystem.js";
import { countOf } from "../../src/units.js";
import { DistributedStorageManager } from "./cluster-manager.js";
import { clusterProblem, SAVED_CLUSTER_SCHEMA } from "./saved-schema.js";
import type { SavedCluster } from "./saved-cluster.js";
import { ClusterView } from "./views.js";

const KINDS = { pd: {}, pool: {}, sds: {}, sdc: {}, alert: { path: "cluster/alert", numbered: true } } as const;

export const subsystem: Subsystem<"cluster", DistributedStorageManager, SavedCluster, ClusterView, typeof KINDS> = {
  name: "cluster",
  kinds: KINDS,
  auditType: "storage",
  needs: ["alerts", "performance"],
  offers: ["blockDevices"],
  saved: { schema: SAVED_CLUSTER_SCHEMA, check: clusterProblem },
  build(context, ports) {
    const cluster = new DistributedStorageManager(context.clock, context.rng, context.sealKey, ports.alerts, ports.performance, context.chunks);
    const view = new ClusterView(cluster);
    return {
      manager: cluster,
      view,
      provides: { blockDevices: cluster },
      names: { sds: () => view.names("sds"), sdc: () => view.names("sdc"), pd: () => view.names("pd"), pool: () => view.names("pool"), alert: () => view.alerts().map((a) => String(a.id)) },
      save: () => cluster.toJSON(),
      restore: (saved) => cluster.restore(saved),
      status: () => {
        const t = cluster.topology;
        const detail = `${countOf(t.pools.count(), "pool")}, ${countOf(t.clients.count(), "client")}, ${countOf(cluster.volumeNames().length, "volume")}`;
        return [{ subsystem: "cluster", used: t.nodes.count(), capacity: STORAGE_NODE_MAX, health: cluster.healthReport().status.toLowerCase(), detail }];
      },
    };
  },
};
