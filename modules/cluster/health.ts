// Health as the MDM sees it (seed 003). Every storage node and client heartbeats every
// HEARTBEAT_MS of simulated time while it runs and can reach the MDM; the MDM marks it STALE after
// STALE_AFTER_MS without one and DOWN after DOWN_AFTER_MS, and ACTIVE again when heartbeats
// resume. What the component itself is doing is its condition: running, crashed (`sds fail`: its
// copies vanish from the data path, its disks keep what they had) or partitioned (running but
// cut off: `sds partition`, `sdc disconnect`). Alerts are raised and resolved as states change
// (alert-table.ts holds them).
//
// Both are state machines declared as data (src/state-machine.ts):
//   state      join -> ACTIVE; miss: ACTIVE -> STALE; lose: ACTIVE|STALE -> DOWN; resume: STALE|DOWN -> ACTIVE
//   condition  join -> running; crash, partition: running -> crashed, partitioned; recover: back to running

import { at } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CLIENT_COUNT_MAX, DOWN_AFTER_MS, HEARTBEAT_MS, STALE_AFTER_MS, STORAGE_NODE_MAX } from "../../src/limits.js";
import { defineMachine, transition, type StateMachine } from "../../src/state-machine.js";
import { AlertTable, SEVERITIES, type Alert, type Severity } from "./alert-table.js";
export { SEVERITIES, type Alert, type Severity };

export const NODE_STATES = ["ACTIVE", "STALE", "DOWN"] as const;
export const NodeState = { Active: 0, Stale: 1, Down: 2 } as const;
export const CONDITIONS = ["running", "crashed", "partitioned"] as const;
export const Condition = { Running: 0, Crashed: 1, Partitioned: 2 } as const;

const ANY_STATE = [NodeState.Active, NodeState.Stale, NodeState.Down];
const HEARTBEAT_ACTIONS = {
  join: { from: ANY_STATE, to: NodeState.Active },
  miss: { from: [NodeState.Active], to: NodeState.Stale },
  lose: { from: [NodeState.Active, NodeState.Stale], to: NodeState.Down },
  resume: { from: [NodeState.Stale, NodeState.Down], to: NodeState.Active },
};
type HeartbeatAction = keyof typeof HEARTBEAT_ACTIONS;
const BEAT_ACTION: readonly HeartbeatAction[] = ["resume", "miss", "lose"]; // by the state a heartbeat round finds: ACTIVE, STALE, DOWN

const CONDITION_ACTIONS = {
  join: { from: [Condition.Running, Condition.Crashed, Condition.Partitioned], to: Condition.Running },
  crash: { from: [Condition.Running], to: Condition.Crashed },
  partition: { from: [Condition.Running], to: Condition.Partitioned },
  recover: { from: [Condition.Crashed, Condition.Partitioned], to: Condition.Running },
};
type ConditionAction = keyof typeof CONDITION_ACTIONS;
const CONDITION_ACTION: readonly ConditionAction[] = ["recover", "crash", "partition"]; // by the condition asked for

/** Where alert changes go besides the table: the audit trail, through the Kernel. */
export interface AlertSink {
  raised(alert: Alert): void;
  resolved(alert: Alert): void;
}

/**
 * One kind of component's heartbeats (storage nodes, or clients): MDM state, the component's own
 * condition, when it was last heard from and since when it is DOWN; transitions raise and
 * resolve alerts through the owning ClusterHealth.
 */
export class Heartbeats {
  readonly states: Uint8Array;
  readonly conditions: Uint8Array;
  readonly lastHeartbeatMs: Float64Array;
  readonly downSinceMs: Float64Array;
  private readonly stateMachine: StateMachine<HeartbeatAction>;
  private readonly conditionMachine: StateMachine<ConditionAction>;

  constructor(
    capacity: number,
    private readonly category: string, // the alert category: node, client
    private readonly noun: string, // for messages: "storage node", "client"
    private readonly health: ClusterHealth,
  ) {
    this.states = new Uint8Array(capacity);
    this.conditions = new Uint8Array(capacity);
    this.lastHeartbeatMs = new Float64Array(capacity);
    this.downSinceMs = new Float64Array(capacity).fill(-1);
    this.stateMachine = defineMachine(noun, NODE_STATES, HEARTBEAT_ACTIONS);
    this.conditionMachine = defineMachine(`${noun} condition`, CONDITIONS, CONDITION_ACTIONS);
  }

  reachable(slot: number): boolean {
    return this.conditions[slot] === Condition.Running;
  }

  /** "ACTIVE", or with the condition when it is not running: "STALE/crashed". */
  stateText(slot: number): string {
    return `${NODE_STATES[this.states[slot]!]}${this.reachable(slot) ? "" : `/${CONDITIONS[this.conditions[slot]!]}`}`;
  }

  join(slot: number, nowMs: number, name: string): void {
    this.states[slot] = transition(this.stateMachine, name, this.states[slot]!, "join");
    this.conditions[slot] = transition(this.conditionMachine, name, this.conditions[slot]!, "join");
    this.lastHeartbeatMs[slot] = nowMs;
    this.downSinceMs[slot] = -1;
  }

  setCondition(slot: number, condition: number, name: string, recoverHint: string): void {
    if (condition !== Condition.Running && this.conditions[slot] !== Condition.Running) fail("EBUSY", `${this.noun} ${name} is already ${CONDITIONS[this.conditions[slot]!]}`, recoverHint);
    if (condition === Condition.Running && this.conditions[slot] === Condition.Running) fail("EINVAL", `${this.noun} ${name} is running`);
    this.conditions[slot] = transition(this.conditionMachine, name, this.conditions[slot]!, at(CONDITION_ACTION, condition, "the conditions"));
  }

  /** One heartbeat round at `nowMs`: running components report; returns those whose state changed. */
  beat(slots: readonly number[], nowMs: number, nameOf: (slot: number) => string): number[] {
    const changed: number[] = [];
    for (const slot of slots) {
      if (this.reachable(slot)) this.lastHeartbeatMs[slot] = nowMs;
      const silentMs = nowMs - this.lastHeartbeatMs[slot]!;
      const state = silentMs >= DOWN_AFTER_MS ? NodeState.Down : silentMs >= STALE_AFTER_MS ? NodeState.Stale : NodeState.Active;
      if (state === this.states[slot]) continue;
      this.transition(slot, state, nowMs, nameOf(slot));
      changed.push(slot);
    }
    return changed;
  }

  private transition(slot: number, state: number, nowMs: number, name: string): void {
    const before = this.states[slot];
    const ours = (a: Alert) => a.category === this.category && a.source === name && a.severity !== "INFO"; // notices stay until acknowledged
    this.states[slot] = transition(this.stateMachine, name, at(this.states, slot, "node states"), at(BEAT_ACTION, state, "the heartbeat states"));
    if (state === NodeState.Down) this.downSinceMs[slot] = nowMs;
    if (state === NodeState.Active) {
      this.downSinceMs[slot] = -1;
      this.health.resolveWhere(ours, "auto", nowMs);
      return;
    }
    if (state === NodeState.Stale && before === NodeState.Active) this.health.raise("WARNING", this.category, name, `${this.noun} ${name} missed heartbeats for ${STALE_AFTER_MS / 1000} s (STALE)`, nowMs);
    if (state === NodeState.Down) {
      this.health.resolveWhere((a) => ours(a) && a.severity === "WARNING", "auto", nowMs);
      this.health.raise("ERROR", this.category, name, `${this.noun} ${name} is DOWN: no heartbeat for ${DOWN_AFTER_MS / 1000} s`, nowMs);
    }
  }

  toJSON() {
    return { states: Array.from(this.states), conditions: Array.from(this.conditions), lastHeartbeatMs: Array.from(this.lastHeartbeatMs), downSinceMs: Array.from(this.downSinceMs) };
  }

  restore(saved: ReturnType<Heartbeats["toJSON"]>): void {
    this.states.set(saved.states);
    this.conditions.set(saved.conditions);
    this.lastHeartbeatMs.set(saved.lastHeartbeatMs);
    this.downSinceMs.set(saved.downSinceMs);
  }
}

export class ClusterHealth {
  readonly nodes = new Heartbeats(STORAGE_NODE_MAX, "node", "storage node", this);
  readonly clients = new Heartbeats(CLIENT_COUNT_MAX, "client", "client", this);
  private readonly alertTable = new AlertTable();
  private nextAlertId = 1;

  constructor(private readonly sink: AlertSink | undefined) {}

  // Storage nodes, the common case
  get states(): Uint8Array {
    return this.nodes.states;
  }

  get conditions(): Uint8Array {
    return this.nodes.conditions;
  }

  get downSinceMs(): Float64Array {
    return this.nodes.downSinceMs;
  }

  reachable(node: number): boolean {
    return this.nodes.reachable(node);
  }

  /** Every alert, active and resolved, oldest first: copies, for reports and views. */
  get alerts(): Alert[] {
    return this.alertTable.all();
  }

  /** Raises an alert unless an active one with the same category, source and message exists. */
  raise(severity: Severity, category: string, source: string, message: string, nowMs: number): void {
    if (this.alertTable.findActive(category, source, message) >= 0) return;
    const alert: Alert = { id: this.nextAlertId++, severity, category, source, message, raisedMs: nowMs, resolvedMs: -1, resolvedBy: "" };
    this.alertTable.add(alert);
    this.sink?.raised(alert);
  }

  resolveWhere(matches: (alert: Alert) => boolean, by: string, nowMs: number): number {
    let count = 0;
    for (let i = 0; i < this.alertTable.length; i++) {
      if (!this.alertTable.activeAt(i)) continue;
      const alert = this.alertTable.at(i);
      if (!matches(alert)) continue;
      this.alertTable.resolveAt(i, by, nowMs);
      this.sink?.resolved({ ...alert, resolvedMs: nowMs, resolvedBy: by });
      count++;
    }
    return count;
  }

  resolve(id: number, by: string, nowMs: number): void {
    const at = this.alertTable.findIndex((a) => a.id === id);
    const alert = at < 0 ? undefined : this.alertTable.at(at);
    if (alert === undefined) fail("ENOENT", `no alert #${id}`, "see cluster alerts --all");
    if (alert.resolvedMs >= 0) fail("EINVAL", `alert #${id} was already resolved (${alert.resolvedBy})`);
    this.resolveWhere((a) => a.id === id, by, nowMs);
  }

  /** Time of the next heartbeat round after `nowMs`. */
  static nextBeat(nowMs: number): number {
    return (Math.floor(nowMs / HEARTBEAT_MS) + 1) * HEARTBEAT_MS;
  }

  toJSON() {
    return { nodes: this.nodes.toJSON(), clients: this.clients.toJSON(), alerts: this.alertTable.toJSON(), nextAlertId: this.nextAlertId };
  }

  restore(saved: ReturnType<ClusterHealth["toJSON"]>): void {
    this.nodes.restore(saved.nodes);
    this.clients.restore(saved.clients);
    this.alertTable.restore(saved.alerts);
    this.nextAlertId = saved.nextAlertId;
  }
}
