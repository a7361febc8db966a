// The eventual-consistency lag queue: in eventual and causal pools a write reaches the primary
// at once and each other copy REPLICA_LAG_MS later. The updates themselves wait in
// ChunkVersions' queue (chunk-versions.ts); this file owns the one clock timer that lands them
// when due and the replica states (SYNCING while a shard has updates queued, HEALTHY after).

import type { Clock } from "../../src/clock.js";
import type { ChunkVersions, DeferredUpdate } from "./chunk-versions.js";
import type { ClusterHealth } from "./health.js";
import { COPIES_MAX } from "../../src/limits.js";
import type { Topology } from "./topology.js";

export class LagQueue {
  /** When the timer for the first queued update fires; -1 when none is set. */
  timerMs = -1;

  constructor(
    private readonly clock: Clock,
    private readonly topology: Topology,
    private readonly versions: ChunkVersions,
    private readonly health: ClusterHealth,
  ) {}

  /** Queues a secondary copy's update for REPLICA_LAG_MS later (eventual and causal pools). */
  defer(update: DeferredUpdate, replica: number): void {
    this.versions.defer(update);
    this.topology.moveReplica(update.shard, replica, "defer");
    this.schedule();
  }

  /** Sets the timer for the first queued update unless one is set (also after a restore). */
  schedule(): void {
    const dueMs = this.versions.firstDueMs();
    if (dueMs < 0 || this.timerMs >= 0) return;
    this.timerMs = dueMs;
    this.clock.schedule(dueMs, () => {
      this.timerMs = -1;
      for (const shard of this.versions.applyDue(this.clock.now(), (node) => this.topology.nodes.used[node] === 1 && this.health.reachable(node))) {
        for (let replica = 0; replica < COPIES_MAX; replica++) this.topology.moveReplica(shard, replica, "catchUp");
      }
      this.schedule();
    });
  }
}
