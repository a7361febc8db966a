// Volume lifecycle: the state column, changed only through VOLUME_MACHINE, kept true in two ways.
//
// Transient states take simulated time. An operation that lasts at least VOLUME_BUSY_MIN_MS (a
// thick create zeroing its reservation at the tier's bandwidth, a snapshot recording a reference
// to each allocated chunk at the tier's latency) leaves the volume Initializing or Snapshotting
// until the kernel clock passes its end; a timer on the clock completes it, and a restored kernel
// schedules that timer again from the saved end time. Shorter operations pass through at once.
// While a volume is in a transient state every other action fails naming the state, when it ends
// and what it becomes (`sleep` past it). A detach has no IO in flight to wait for (no IO outlives
// its command here), so Detaching always passes at once.
//
// Degraded follows the data; it is settled each time the state is read or an action checked, so
// `vol list`, `vol show`, `status` and `watch vol` agree. A distributed volume is Degraded while
// the cluster reports its data degraded or unreadable. A local volume is Degraded after a write
// failed for lack of space (ENOSPC changes nothing, but the volume could not take the write) until
// that write would fit again (space was freed: the shortfall is kept per volume) or a write
// succeeds in full. A local volume is also Degraded once a read found stored bytes that fail their
// checksum (the read fails with EIO), until a write covers that chunk again. An Attached volume
// stays Attached (its user sees the IO errors) and settles once detached.
//
// Interface: move (every change) -> hold (after entering a transient state) / finish; require
// (IO and other non-transitions); noteShortfall / noteWritten (local writes); noteCorrupt (a read
// failed its checksum); state (read).

import { assert } from "../../src/assert.js";
import type { VolumeDataState } from "../../src/block.js";
import { formatSimTime, type Clock } from "../../src/clock.js";
import { fail } from "../../src/errors.js";
import { CHUNK_SIZE, TICK_MS, VOLUME_BUSY_MIN_MS, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { legalActions, transition } from "../../src/state-machine.js";
import { VOLUME_MACHINE, VOLUME_STATE_NAMES, VolumeState } from "./types.js";
import type { VolumeTable } from "./volume-table.js";

export type VolumeAction = keyof typeof VOLUME_MACHINE.actions;

/** The action that ends each transient state, given whether the volume is attached. */
const COMPLETIONS: Readonly<Partial<Record<number, (attached: boolean) => VolumeAction>>> = {
  [VolumeState.Initializing]: () => "ready",
  [VolumeState.Snapshotting]: (attached) => (attached ? "snapshotDoneAttached" : "snapshotDoneAvailable"),
  [VolumeState.Detaching]: () => "detached",
};

/** Actions the kernel takes by itself (ends of transient states, settling): never offered in a hint. */
const INTERNAL_ACTIONS: readonly VolumeAction[] = ["initialize", "ready", "detached", "snapshotDoneAvailable", "snapshotDoneAttached", "degrade", "recover"];

/** What the lifecycle asks of the manager to settle Degraded. */
export interface DataProbe {
  /** The cluster's verdict for a distributed volume; undefined for a local one. */
  distributedState(slot: number): VolumeDataState | undefined;
  /** Chunks a local volume could still take (its pool's unreserved ones plus its reservation). */
  freeChunks(slot: number): number;
}

export interface SavedLifecycle {
  readonly busyUntilMs?: number; // end of the transient state, 0 when none
  readonly shortChunks?: number; // chunks the last failed write lacked, 0 when none
  readonly corruptAt?: number; // byte offset a read found failing its checksum, -1 (or absent) when none
}

const NOT_CORRUPT = -1;

export class VolumeLifecycle {
  private readonly busyUntilMs = new Float64Array(VOLUME_COUNT_MAX);
  private readonly shortChunks = new Int32Array(VOLUME_COUNT_MAX);
  private readonly corruptAt = new Float64Array(VOLUME_COUNT_MAX).fill(NOT_CORRUPT);

  constructor(
    private readonly volumes: VolumeTable,
    private readonly clock: Clock,
    private readonly probe: DataProbe,
  ) {}

  /** The state, with Available/Degraded settled from the data first. */
  state(slot: number): number {
    this.settle(slot);
    return this.volumes.states[slot]!;
  }

  move(slot: number, action: VolumeAction): void {
    this.require(slot, action);
    const state = this.state(slot);
    if (!VOLUME_MACHINE.actions[action].from.includes(state)) {
      const legal = legalActions(VOLUME_MACHINE, state).filter((a) => !INTERNAL_ACTIONS.includes(a)); // what a person can ask for
      fail("EBUSY", `cannot ${action} volume '${this.volumes.slots.nameOf(slot)}': it is ${VOLUME_STATE_NAMES[state]}`, `legal from ${VOLUME_STATE_NAMES[state]}: ${legal.join(", ")}`);
    }
    this.volumes.states[slot] = transition(VOLUME_MACHINE, this.volumes.slots.nameOf(slot), state, action);
  }

  /** Why the volume is where it is, for vol show: a transient state's end, or what is not whole. `state`: as `state(slot)` just gave it (settling twice asks the data twice). */
  detail(slot: number, state = this.state(slot)): string | undefined {
    if (COMPLETIONS[state] !== undefined) return `until ${formatSimTime(this.busyUntilMs[slot]!)}`;
    if (state !== VolumeState.Degraded) return undefined;
    const distributed = this.probe.distributedState(slot);
    if (distributed === "unreadable") return "some data has no reachable copy: reads of it fail with EIO";
    if (distributed === "degraded") return "some data is below its pool's copies";
    if (this.corruptAt[slot]! !== NOT_CORRUPT) return `stored bytes at offset ${this.corruptAt[slot]} failed their checksum: reads of that chunk fail with EIO until it is written again`;
    return `a write needed ${this.shortChunks[slot]} chunk(s), ${this.probe.freeChunks(slot)} free: ENOSPC`;
  }

  /** Fails, naming the state and its end, while the volume is in a transient state. On the IO
   * path: reads the column without settling (no transient state is settled). */
  require(slot: number, action: string): void {
    const state = this.volumes.states[slot]!;
    const complete = COMPLETIONS[state];
    if (complete === undefined || (state === VolumeState.Initializing && action === "delete")) return; // deleting a volume still zeroing cancels that
    const untilMs = this.busyUntilMs[slot]!;
    const next = VOLUME_STATE_NAMES[this.settledState(slot, VOLUME_MACHINE.actions[complete(this.volumes.attachedTo[slot] !== "")].to)];
    const waitSeconds = Math.ceil(Math.max(0, untilMs - this.clock.now()) / 100) / 10;
    fail(
      "EBUSY",
      `cannot ${action} volume '${this.volumes.slots.nameOf(slot)}': it is ${VOLUME_STATE_NAMES[state]} until ${formatSimTime(untilMs)}`,
      `it becomes ${next} then (sleep ${waitSeconds}s); until then only vol show, list, stats and snap list work${state === VolumeState.Initializing ? ", and vol delete (it cancels the zeroing)" : ""}`,
    );
  }

  /** Stays in the transient state just entered for `durationMs`, or leaves it now if that is short. */
  hold(slot: number, durationMs: number): void {
    assert(COMPLETIONS[this.volumes.states[slot]!] !== undefined, "hold follows a move into a transient state");
    if (durationMs < VOLUME_BUSY_MIN_MS) return this.finish(slot);
    this.busyUntilMs[slot] = Math.ceil((this.clock.now() + durationMs) / TICK_MS) * TICK_MS; // ends on a tick, as shown
    this.schedule(slot);
  }

  /** Ends the transient state the volume is in. */
  finish(slot: number): void {
    const state = this.volumes.states[slot]!;
    const complete = COMPLETIONS[state];
    assert(complete !== undefined, "finish ends a transient state");
    this.volumes.states[slot] = transition(VOLUME_MACHINE, this.volumes.slots.nameOf(slot), state, complete(this.volumes.attachedTo[slot] !== ""));
    this.busyUntilMs[slot] = 0;
  }

  private schedule(slot: number): void {
    const dueMs = this.busyUntilMs[slot]!;
    // Only an Initializing volume may be deleted while busy; delete clears its busy time, so its
    // timer finds another time (or a new volume due at this very time, which it ends as its own would).
    this.clock.schedule(dueMs, () => {
      if (this.busyUntilMs[slot] === dueMs) this.finish(slot);
    });
  }

  noteShortfall(slot: number, chunks: number): void {
    assert(chunks > 0, "a failed write lacked at least one chunk");
    this.shortChunks[slot] = chunks;
  }

  /** A write of [offset, offset + length) succeeded: no shortfall, and a corrupt chunk it covered whole is good again. */
  noteWritten(slot: number, offset: number, length: number): void {
    this.shortChunks[slot] = 0;
    const corrupt = this.corruptAt[slot]!;
    if (corrupt === NOT_CORRUPT) return;
    const chunkStart = Math.floor(corrupt / CHUNK_SIZE) * CHUNK_SIZE;
    if (offset <= chunkStart && offset + length >= Math.min(chunkStart + CHUNK_SIZE, this.volumes.sizes[slot]!)) this.corruptAt[slot] = NOT_CORRUPT;
  }

  /** A read found the stored bytes at `offset` failing their checksum: Degraded until they are written again. */
  noteCorrupt(slot: number, offset: number): void {
    this.corruptAt[slot] = offset;
    this.settle(slot);
  }

  private whole(slot: number): boolean {
    const distributed = this.probe.distributedState(slot);
    if (distributed !== undefined) return distributed === "whole";
    if (this.corruptAt[slot]! !== NOT_CORRUPT) return false;
    return this.shortChunks[slot] === 0 || this.probe.freeChunks(slot) >= this.shortChunks[slot]!;
  }

  /** What `state` settles to for this volume's data: Available comes back Degraded if it is not whole. */
  private settledState(slot: number, state: number): number {
    return state === VolumeState.Available && !this.whole(slot) ? VolumeState.Degraded : state;
  }

  private settle(slot: number): void {
    const state = this.volumes.states[slot]!;
    if (state !== VolumeState.Available && state !== VolumeState.Degraded) return;
    const whole = this.whole(slot);
    if (whole === (state === VolumeState.Available)) return;
    this.volumes.states[slot] = transition(VOLUME_MACHINE, this.volumes.slots.nameOf(slot), state, whole ? "recover" : "degrade");
  }

  clear(slot: number): void {
    this.busyUntilMs[slot] = 0;
    this.shortChunks[slot] = 0;
    this.corruptAt[slot] = NOT_CORRUPT;
  }

  toJSON(slot: number): SavedLifecycle {
    const saved = { busyUntilMs: this.busyUntilMs[slot]!, shortChunks: this.shortChunks[slot]! };
    return this.corruptAt[slot] === NOT_CORRUPT ? saved : { ...saved, corruptAt: this.corruptAt[slot]! };
  }

  /** Loads a row's fields (absent in older state files) and schedules its transient state's end. */
  restore(slot: number, saved: SavedLifecycle): void {
    this.busyUntilMs[slot] = saved.busyUntilMs ?? 0;
    this.shortChunks[slot] = saved.shortChunks ?? 0;
    this.corruptAt[slot] = saved.corruptAt ?? NOT_CORRUPT;
    if (COMPLETIONS[this.volumes.states[slot]!] === undefined) return;
    if (this.busyUntilMs[slot] === 0) this.busyUntilMs[slot] = this.clock.now(); // a file without the end: it ends now
    this.schedule(slot);
  }
}
