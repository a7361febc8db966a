// Network lifecycle: the state column, changed only through NETWORK_MACHINE (types.ts).
//
// Three states last simulated time and end by themselves, on a timer of the kernel clock:
// Configuring (NETWORK_CONFIGURE_MS after `net create`, `net up` or `net recover`) ends Active;
// Deactivating (NETWORK_DETACH_MS per interface after `net down` or `net delete`) ends Created,
// or Destroyed for a delete; Destroyed lasts one tick and then frees the slot. A restored kernel
// schedules the end again from the saved busyUntilMs. A timer checks the slot's handle and end
// time, so one left from a network since deleted, or from an earlier end, does nothing.
//
// Interface: move (a person's action) -> hold (enter a timed state); require (the network must be
// in one of some states); detail; restore.

import { assert } from "../../src/assert.js";
import { formatSimTime, type Clock } from "../../src/clock.js";
import { fail } from "../../src/errors.js";
import { TICK_MS } from "../../src/limits.js";
import { legalActions, transition } from "../../src/state-machine.js";
import type { NetworkTable } from "./network-table.js";
import { INTERNAL_NETWORK_ACTIONS, NETWORK_MACHINE, NETWORK_STATE_NAMES, NETWORK_VERBS, NetworkState, type NetworkAction } from "./types.js";

/** What the lifecycle tells the manager when a timed state ends. */
export interface LifecycleHooks {
  /** Deactivating ended: the interfaces are detached (their ports freed, FDB entries flushed). */
  detached(slot: number): void;
  /** Destroyed ended: the row and everything of it go. */
  reap(slot: number): void;
  /** A timed state ended on the clock (no command did it): `to` is undefined when the network is gone. */
  ended(slot: number, from: number, to: number | undefined): void; // NetworkState codes
}

export class NetworkLifecycle {
  constructor(
    private readonly networks: NetworkTable,
    private readonly clock: Clock,
    private readonly hooks: LifecycleHooks,
  ) {}

  state(slot: number): number {
    return this.networks.states[slot]!;
  }

  stateName(slot: number): string {
    return NETWORK_STATE_NAMES[this.state(slot)]!;
  }

  /** The verbs a person may use from the network's state (`net up`, `net delete`, ...). */
  legalVerbs(slot: number): string[] {
    const state = this.state(slot);
    const verbs = legalActions(NETWORK_MACHINE, state).filter((a) => !INTERNAL_NETWORK_ACTIONS.includes(a)).map((a) => NETWORK_VERBS[a] ?? a);
    if (state !== NetworkState.Destroyed) verbs.push("delete");
    return verbs;
  }

  /** A person's action; an illegal one names the state and what is legal from it. */
  move(slot: number, action: NetworkAction): void {
    const state = this.state(slot);
    if (!NETWORK_MACHINE.actions[action].from.includes(state)) {
      const name = this.networks.slots.nameOf(slot);
      fail("EBUSY", `cannot ${NETWORK_VERBS[action] ?? action} network '${name}': it is ${NETWORK_STATE_NAMES[state]}${this.until(slot)}`, `legal from ${NETWORK_STATE_NAMES[state]}: ${this.legalVerbs(slot).join(", ")}`);
    }
    this.networks.states[slot] = transition(NETWORK_MACHINE, this.networks.slots.nameOf(slot), state, action);
  }

  /** Fails unless the network is in one of `states`, naming what `what` needs. */
  require(slot: number, states: readonly number[], what: string): void {
    const state = this.state(slot);
    if (states.includes(state)) return;
    const wanted = states.map((s) => NETWORK_STATE_NAMES[s]).join(" or ");
    const wait = this.networks.busyUntilMs[slot]! > 0 ? ` (sleep past ${formatSimTime(this.networks.busyUntilMs[slot]!)})` : "";
    fail("EBUSY", `cannot ${what}: network '${this.networks.slots.nameOf(slot)}' is ${NETWORK_STATE_NAMES[state]}${this.until(slot)}`, `it must be ${wanted}${wait}; legal from ${NETWORK_STATE_NAMES[state]}: ${this.legalVerbs(slot).join(", ")}`);
  }

  /** Stays in the timed state just entered for `durationMs` (whole ticks, at least one). */
  hold(slot: number, durationMs: number): void {
    assert(this.isTimed(this.state(slot)), "hold follows a move into a timed state");
    this.networks.busyUntilMs[slot] = this.clock.now() + Math.max(TICK_MS, Math.ceil(durationMs / TICK_MS) * TICK_MS);
    this.schedule(slot);
  }

  /** "until T+00:00:01.0" while in a timed state. */
  detail(slot: number): string | undefined {
    return this.isTimed(this.state(slot)) ? `until ${formatSimTime(this.networks.busyUntilMs[slot]!)}` : undefined;
  }

  restore(slot: number): void {
    if (!this.isTimed(this.state(slot))) return;
    if (this.networks.busyUntilMs[slot] === 0) this.networks.busyUntilMs[slot] = this.clock.now(); // no end saved: it ends now
    this.schedule(slot);
  }

  private until(slot: number): string {
    const detail = this.detail(slot);
    return detail === undefined ? "" : ` ${detail}`;
  }

  private isTimed(state: number): boolean {
    return state === NetworkState.Configuring || state === NetworkState.Deactivating || state === NetworkState.Destroyed;
  }

  private schedule(slot: number): void {
    const dueMs = this.networks.busyUntilMs[slot]!;
    const handle = this.networks.slots.handle(slot);
    this.clock.schedule(dueMs, () => {
      if (this.networks.slots.slotIfLive(handle) === slot && this.networks.busyUntilMs[slot] === dueMs) this.finish(slot);
    });
  }

  /** Ends the timed state the network is in. */
  private finish(slot: number): void {
    const state = this.state(slot);
    const name = this.networks.slots.nameOf(slot);
    this.networks.busyUntilMs[slot] = 0;
    if (state === NetworkState.Configuring) {
      this.networks.states[slot] = transition(NETWORK_MACHINE, name, state, "configured");
    } else if (state === NetworkState.Deactivating) {
      this.hooks.detached(slot);
      const deleting = this.networks.deleting[slot] === 1;
      this.networks.states[slot] = transition(NETWORK_MACHINE, name, state, deleting ? "destroy" : "deactivated");
      if (deleting) this.hold(slot, TICK_MS);
    } else {
      assert(state === NetworkState.Destroyed, "a timed state ends");
      transition(NETWORK_MACHINE, name, state, "reap");
      this.hooks.ended(slot, state, undefined);
      this.hooks.reap(slot);
      return;
    }
    this.hooks.ended(slot, state, this.networks.states[slot]!);
  }
}
