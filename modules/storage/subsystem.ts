// Storage volumes as a subsystem (src/subsystem.ts): built on the kernel's clock; needs
// `blockDevices` (distributed volumes keep their bytes in the cluster) and `performance` (QoS
// throttling and latency events); provides `mounts` (a pod's volumes, mounts.ts); owns the objects
// vol/<name>.

import { VOLUME_COUNT_MAX } from "../../src/limits.js";
import type { Subsystem } from "../../src/subsystem.js";
import { countOf } from "../../src/units.js";
import { SAVED_STORAGE_SCHEMA, storageProblem } from "./saved-schema.js";
import { StorageVolumeManager, type SavedStorage } from "./volume-manager.js";

/** What panes, completion and reports read of storage. */
export function storageView(storage: StorageVolumeManager) {
  return {
    names: () => storage.names(),
    volumes: () => storage.list(),
    history: (name: string, seconds: number) => storage.history(name, seconds),
    tiers: () => storage.tiers(),
    replication: () => storage.replicationStatus(),
    snapshotNames: (volume: string) => storage.snapshotNames(volume),
  };
}

const KINDS = { volume: { path: "vol", labelled: true }, snapshot: {} } as const;

export const subsystem: Subsystem<"storage", StorageVolumeManager, SavedStorage, ReturnType<typeof storageView>, typeof KINDS> = {
  name: "storage",
  kinds: KINDS,
  auditType: "storage",
  needs: ["blockDevices", "performance"],
  offers: ["mounts"],
  saved: { schema: SAVED_STORAGE_SCHEMA, check: storageProblem },
  build(context, ports) {
    const storage = new StorageVolumeManager(context.clock, ports.blockDevices, ports.performance, context.chunks);
    const view = storageView(storage);
    return {
      manager: storage,
      view,
      provides: { mounts: storage.mounts },
      names: { volume: view.names, snapshot: () => [] }, // a snapshot's names depend on its volume: none offered alone
      save: () => storage.toJSON(),
      restore: (saved) => storage.restore(saved),
      status: () => {
        const volumes = storage.list();
        const degraded = volumes.filter((v) => v.state === "Degraded").length;
        const snapshots = volumes.reduce((n, v) => n + v.snapshots, 0); // distributed volumes' snapshots live in the cluster, not in storage.snapshots
        const percent = (bytes: number, of: number) => Math.round((100 * bytes) / of);
        const tiers = storage.tiers().map((t) => `${t.tier} ${percent(t.usedBytes, t.capacityBytes)}%${t.reservedBytes === 0 ? "" : ` (+${percent(t.reservedBytes, t.capacityBytes)}% reserved)`}`).join(", "); // thick volumes' reservations count too
        return [{ subsystem: "storage", used: volumes.length, capacity: VOLUME_COUNT_MAX, health: degraded > 0 ? "degraded" : "ok", detail: `${countOf(snapshots, "snapshot")}; pools ${tiers}` }];
      },
    };
  },
};
