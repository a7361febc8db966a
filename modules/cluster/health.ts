// Health as the MDM sees it (seed 003). Every storage node heartbeats every HEARTBEAT_MS of
// simulated time while it runs and can reach the MDM; the MDM marks it STALE after
// STALE_AFTER_MS without one and DOWN after DOWN_AFTER_MS, and ACTIVE again when heartbeats
// resume. What the node itself is doing is its condition: running, crashed (`sds fail`: its
// copies vanish from the data path, its disks keep what they had) or partitioned (running but
// cut off from the MDM and clients). Alerts are raised and resolved as states change.

import { fail } from "../../src/errors.js";
import { ALERT_MAX, DOWN_AFTER_MS, HEARTBEAT_MS, STALE_AFTER_MS, STORAGE_NODE_MAX } from "../../src/limits.js";

export const NODE_STATES = ["ACTIVE", "STALE", "DOWN"] as const;
export const NodeState = { Active: 0, Stale: 1, Down: 2 } as const;
export const CONDITIONS = ["running", "crashed", "partitioned"] as const;
export const Condition = { Running: 0, Crashed: 1, Partitioned: 2 } as const;
export const SEVERITIES = ["INFO", "WARNING", "ERROR", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Alert {
  readonly id: number;
  readonly severity: Severity;
  readonly category: string; // node, data, capacity
  readonly source: string; // the node or pool it is about
  readonly message: string;
  readonly raisedMs: number;
  resolvedMs: number; // -1 while active
  resolvedBy: string; // "auto", or the user who resolved it
}

/** Where alert changes go besides the table: the audit trail, through the Kernel. */
export interface AlertSink {
  raised(alert: Alert): void;
  resolved(alert: Alert): void;
}

export class ClusterHealth {
  readonly states = new Uint8Array(STORAGE_NODE_MAX);
  readonly conditions = new Uint8Array(STORAGE_NODE_MAX);
  readonly lastHeartbeatMs = new Float64Array(STORAGE_NODE_MAX);
  readonly downSinceMs = new Float64Array(STORAGE_NODE_MAX).fill(-1);
  readonly alerts: Alert[] = []; // at most ALERT_MAX
  private nextAlertId = 1;

  constructor(private readonly sink: AlertSink | undefined) {}

  reachable(node: number): boolean {
    return this.conditions[node] === Condition.Running;
  }

  join(node: number, nowMs: number): void {
    this.states[node] = NodeState.Active;
    this.conditions[node] = Condition.Running;
    this.lastHeartbeatMs[node] = nowMs;
    this.downSinceMs[node] = -1;
  }

  setCondition(node: number, condition: number, name: string): void {
    if (condition !== Condition.Running && this.conditions[node] !== Condition.Running) fail("EBUSY", `node ${name} is already ${CONDITIONS[this.conditions[node]!]}`, `cluster sds recover ${name}`);
    if (condition === Condition.Running && this.conditions[node] === Condition.Running) fail("EINVAL", `node ${name} is running`);
    this.conditions[node] = condition;
  }

  /** One heartbeat round at `nowMs`: running nodes report; returns nodes whose state changed. */
  beat(nodes: readonly number[], nowMs: number, nameOf: (node: number) => string): number[] {
    const changed: number[] = [];
    for (const node of nodes) {
      if (this.reachable(node)) this.lastHeartbeatMs[node] = nowMs;
      const silentMs = nowMs - this.lastHeartbeatMs[node]!;
      const state = silentMs >= DOWN_AFTER_MS ? NodeState.Down : silentMs >= STALE_AFTER_MS ? NodeState.Stale : NodeState.Active;
      if (state === this.states[node]) continue;
      this.transition(node, state, nowMs, nameOf(node));
      changed.push(node);
    }
    return changed;
  }

  private transition(node: number, state: number, nowMs: number, name: string): void {
    const before = this.states[node];
    this.states[node] = state;
    if (state === NodeState.Down) this.downSinceMs[node] = nowMs;
    if (state === NodeState.Active) {
      this.downSinceMs[node] = -1;
      this.resolveWhere((a) => a.category === "node" && a.source === name, "auto", nowMs);
      return;
    }
    if (state === NodeState.Stale && before === NodeState.Active) this.raise("WARNING", "node", name, `storage node ${name} missed heartbeats for ${STALE_AFTER_MS / 1000} s (STALE)`, nowMs);
    if (state === NodeState.Down) {
      this.resolveWhere((a) => a.category === "node" && a.source === name && a.severity === "WARNING", "auto", nowMs);
      this.raise("ERROR", "node", name, `storage node ${name} is DOWN: no heartbeat for ${DOWN_AFTER_MS / 1000} s`, nowMs);
    }
  }

  /** Raises an alert unless an active one with the same category, source and message exists. */
  raise(severity: Severity, category: string, source: string, message: string, nowMs: number): void {
    if (this.alerts.some((a) => a.resolvedMs < 0 && a.category === category && a.source === source && a.message === message)) return;
    if (this.alerts.length === ALERT_MAX) {
      const oldest = this.alerts.findIndex((a) => a.resolvedMs >= 0);
      this.alerts.splice(oldest < 0 ? 0 : oldest, 1);
    }
    const alert: Alert = { id: this.nextAlertId++, severity, category, source, message, raisedMs: nowMs, resolvedMs: -1, resolvedBy: "" };
    this.alerts.push(alert);
    this.sink?.raised(alert);
  }

  resolveWhere(matches: (alert: Alert) => boolean, by: string, nowMs: number): number {
    let count = 0;
    for (const alert of this.alerts) {
      if (alert.resolvedMs >= 0 || !matches(alert)) continue;
      alert.resolvedMs = nowMs;
      alert.resolvedBy = by;
      this.sink?.resolved(alert);
      count++;
    }
    return count;
  }

  resolve(id: number, by: string, nowMs: number): void {
    const alert = this.alerts.find((a) => a.id === id);
    if (alert === undefined) fail("ENOENT", `no alert #${id}`, "see cluster alerts --all");
    if (alert.resolvedMs >= 0) fail("EINVAL", `alert #${id} was already resolved (${alert.resolvedBy})`);
    this.resolveWhere((a) => a.id === id, by, nowMs);
  }

  /** Time of the next heartbeat round after `nowMs`. */
  static nextBeat(nowMs: number): number {
    return (Math.floor(nowMs / HEARTBEAT_MS) + 1) * HEARTBEAT_MS;
  }

  toJSON() {
    return {
      states: Array.from(this.states),
      conditions: Array.from(this.conditions),
      lastHeartbeatMs: Array.from(this.lastHeartbeatMs),
      downSinceMs: Array.from(this.downSinceMs),
      alerts: this.alerts.map((a) => ({ ...a })),
      nextAlertId: this.nextAlertId,
    };
  }

  restore(saved: ReturnType<ClusterHealth["toJSON"]>): void {
    this.states.set(saved.states);
    this.conditions.set(saved.conditions);
    this.lastHeartbeatMs.set(saved.lastHeartbeatMs);
    this.downSinceMs.set(saved.downSinceMs);
    this.alerts.push(...saved.alerts);
    this.nextAlertId = saved.nextAlertId;
  }
}
