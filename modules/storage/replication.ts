// Asynchronous replication (ReplicationSession): a source volume copies its changed chunks to up
// to REPLICAS_PER_VOLUME_MAX target volumes as simulated time passes, at a bandwidth.
//
// Each session keeps a dirty set over the source's chunks (a chunk map: it costs the chunks
// marked, never the volume's size). Starting marks every chunk either volume has written dirty
// (the initial sync: an unwritten chunk of both is already the same); every later write marks
// what it touched. A clock timer every tick moves dirty chunks, lowest index first, as far as
// the session's bandwidth allows. With no dirty chunk left the target holds exactly the source's
// bytes and the session is in sync. Stopping pauses the copying but keeps the dirty set (writes
// still mark it), so starting again resumes from what changed. Targets refuse writes from anyone
// else while a session feeds them, paused or not (a resumed session would copy over them);
// `stop --remove` ends the session and frees the target. A volume in a session is not deleted
// without --force, which ends its sessions.
//
// States: syncing (initial copy), in-sync, lagging (changes pending), paused; declared as data
// (SESSION_MACHINE): start -> syncing; sync: syncing|lagging -> in-sync once nothing is dirty;
// dirty: in-sync -> lagging; pause: any -> paused; resume: paused -> lagging (then sync if clean);
// end: any -> free.

import { assert } from "../../src/assert.js";
import { fail } from "../../src/errors.js";
import { CHUNK_SIZE, REPLICAS_PER_VOLUME_MAX, REPLICATION_BANDWIDTH_DEFAULT, REPLICATION_SESSION_MAX, TICK_MS, VOLUME_CHUNKS_MAX } from "../../src/limits.js";
import { ChunkMaps, type MapBlocks } from "../../src/table/chunk-map.js";

/** How `start` went: a new session or a resumed one, and the bandwidth it copies at. */
export interface ReplicationStarted {
  readonly how: "started" | "resumed";
  readonly bandwidthBytesPerSecond: number;
}
import { defineMachine, transition, UNALLOCATED } from "../../src/state-machine.js";

export const SESSION_STATES = ["syncing", "in-sync", "lagging", "paused"] as const;
const State = { Syncing: 0, InSync: 1, Lagging: 2, Paused: 3 } as const;
const FREE = UNALLOCATED;
const ANY = [State.Syncing, State.InSync, State.Lagging, State.Paused];
const SESSION_MACHINE = defineMachine("replication session", SESSION_STATES, {
  start: { from: [FREE], to: State.Syncing },
  sync: { from: [State.Syncing, State.InSync, State.Lagging], to: State.InSync },
  dirty: { from: [State.InSync], to: State.Lagging },
  pause: { from: ANY, to: State.Paused },
  resume: { from: [State.Paused], to: State.Lagging },
  end: { from: ANY, to: FREE },
});
type SessionAction = keyof typeof SESSION_MACHINE.actions;

export interface SessionRow {
  readonly source: string;
  readonly target: string;
  readonly state: (typeof SESSION_STATES)[number];
  readonly bandwidthBytesPerSecond: number;
  readonly lagBytes: number;
  readonly lagMs: number;
  readonly lastSyncMs: number | undefined;
  readonly bytesCopied: number;
}

/** What replication needs from the volume manager. */
export interface ReplicationHost {
  nameOf(volumeSlot: number): string;
  chunkCount(volumeSlot: number): number;
  /** Calls `visit` with each chunk index `volumeSlot` has written. */
  eachWritten(volumeSlot: number, visit: (index: number) => void): void;
  /** False when the source's bytes failed their checksum (the chunk stays dirty). */
  copyChunk(sourceSlot: number, targetSlot: number, index: number): boolean;
  nowMs(): number;
  schedule(atMs: number, callback: () => void): void;
}

export class ReplicationSessions {
  private readonly states = new Uint8Array(REPLICATION_SESSION_MAX).fill(FREE);
  private readonly sources = new Int16Array(REPLICATION_SESSION_MAX);
  private readonly targets = new Int16Array(REPLICATION_SESSION_MAX);
  private readonly bandwidths = new Float64Array(REPLICATION_SESSION_MAX);
  private readonly credits = new Float64Array(REPLICATION_SESSION_MAX); // bytes of bandwidth not yet spent
  private readonly dirtySinceMs = new Float64Array(REPLICATION_SESSION_MAX);
  private readonly lastSyncMs = new Float64Array(REPLICATION_SESSION_MAX).fill(-1);
  private readonly bytesCopied = new Float64Array(REPLICATION_SESSION_MAX);
  private readonly dirty: ChunkMaps; // by session: chunk index -> 1 while it differs on the target
  private tickDueMs = -1; // when the copying timer fires; -1 when none is scheduled

  constructor(
    private readonly host: ReplicationHost,
    blocks: MapBlocks,
  ) {
    this.dirty = new ChunkMaps(blocks, REPLICATION_SESSION_MAX, VOLUME_CHUNKS_MAX);
  }

  /** Starts (or resumes) replicating `source` to `target`; no bandwidth: the default for a new session, a resumed one's own. */
  start(source: number, target: number, bandwidthBytesPerSecond: number | undefined): ReplicationStarted {
    const existing = this.find(source, target);
    if (existing >= 0) {
      if (this.states[existing] !== State.Paused) fail("EBUSY", `${this.host.nameOf(source)} already replicates to ${this.host.nameOf(target)}`);
      this.move(existing, "resume");
      if (this.dirty.count(existing) === 0) this.move(existing, "sync");
      if (bandwidthBytesPerSecond !== undefined) this.bandwidths[existing] = bandwidthBytesPerSecond;
      this.wake();
      return { how: "resumed", bandwidthBytesPerSecond: this.bandwidths[existing]! };
    }
    if (this.targetsOf(source).length >= REPLICAS_PER_VOLUME_MAX) fail("ENOSPC", `${this.host.nameOf(source)} already has ${REPLICAS_PER_VOLUME_MAX} replicas (REPLICAS_PER_VOLUME_MAX)`);
    if (this.feeding(target) >= 0) fail("EBUSY", `${this.host.nameOf(target)} is already a replication target`);
    if (this.targetsOf(target).length > 0 || this.feeding(source) >= 0) fail("EINVAL", "chained replication is not supported: a target cannot replicate, a source cannot be a target");
    const session = this.states.indexOf(FREE);
    if (session < 0) fail("ENOSPC", `replication session table full: ${REPLICATION_SESSION_MAX} sessions (REPLICATION_SESSION_MAX)`);
    this.sources[session] = source;
    this.targets[session] = target;
    this.move(session, "start");
    this.bandwidths[session] = bandwidthBytesPerSecond ?? REPLICATION_BANDWIDTH_DEFAULT;
    this.credits[session] = 0;
    this.lastSyncMs[session] = -1;
    this.bytesCopied[session] = 0;
    const chunks = this.host.chunkCount(source);
    const mark = (index: number) => {
      if (index < chunks) this.dirty.set(session, index, 1);
    };
    this.host.eachWritten(source, mark);
    this.host.eachWritten(target, mark);
    this.dirtySinceMs[session] = this.host.nowMs();
    this.wake();
    return { how: "started", bandwidthBytesPerSecond: this.bandwidths[session]! };
  }

  stop(source: number, target: number, remove: boolean): void {
    const session = this.find(source, target);
    if (session < 0) fail("ENOENT", `${this.host.nameOf(source)} does not replicate to ${this.host.nameOf(target)}`);
    if (remove) this.free(session);
    else this.move(session, "pause");
  }

  /** Called by the manager after `source` wrote chunks [first, last]. */
  markDirty(source: number, first: number, last: number): void {
    this.mark(source, (session) => {
      for (let index = first; index <= last; index++) this.dirty.set(session, index, 1);
    });
  }

  /** Called before and after `source`'s whole map changes (a snapshot restore): marks each chunk it has written. */
  markWritten(source: number): void {
    this.mark(source, (session) => this.host.eachWritten(source, (index) => this.dirty.set(session, index, 1)));
  }

  private mark(source: number, markSession: (session: number) => void): void {
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] === FREE || this.sources[session] !== source) continue;
      if (this.dirty.count(session) === 0) this.dirtySinceMs[session] = this.host.nowMs();
      markSession(session);
      if (this.states[session] === State.InSync && this.dirty.count(session) > 0) this.move(session, "dirty");
    }
    this.wake();
  }

  /** The source feeding `target`, or -1. */
  feeding(target: number): number {
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] !== FREE && this.targets[session] === target) return this.sources[session]!;
    }
    return -1;
  }

  /** Refuses a write to `target` while a session feeds it, running or paused. */
  checkWritable(target: number): void {
    const source = this.feeding(target);
    if (source < 0) return;
    const [from, to] = [this.host.nameOf(source), this.host.nameOf(target)];
    fail("EBUSY", `volume '${to}' is a replication target of '${from}'`, `vol replicate stop ${from} ${to} --remove ends the session and frees it (a paused one would resume over it)`);
  }

  /** Refuses to delete `volume` while a session, running or paused, involves it. */
  checkDeletable(volume: number): void {
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] === FREE || (this.sources[session] !== volume && this.targets[session] !== volume)) continue;
      const [from, to] = [this.host.nameOf(this.sources[session]!), this.host.nameOf(this.targets[session]!)];
      fail("EBUSY", `volume '${this.host.nameOf(volume)}' is in replication session ${from} -> ${to} (${SESSION_STATES[this.states[session]!]})`, `vol replicate stop ${from} ${to} --remove first, or delete --force (ends it)`);
    }
  }

  targetsOf(source: number): number[] {
    const found: number[] = [];
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] !== FREE && this.sources[session] === source) found.push(this.targets[session]!);
    }
    return found;
  }

  /** Ends every session `volume` takes part in (it is being deleted). */
  dropVolume(volume: number): void {
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] !== FREE && (this.sources[session] === volume || this.targets[session] === volume)) this.free(session);
    }
  }

  rows(volume?: number): SessionRow[] {
    const now = this.host.nowMs();
    const rows: SessionRow[] = [];
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] === FREE) continue;
      if (volume !== undefined && this.sources[session] !== volume && this.targets[session] !== volume) continue;
      const pending = this.dirty.count(session);
      rows.push({
        source: this.host.nameOf(this.sources[session]!),
        target: this.host.nameOf(this.targets[session]!),
        state: SESSION_STATES[this.states[session]!]!,
        bandwidthBytesPerSecond: this.bandwidths[session]!,
        lagBytes: pending * CHUNK_SIZE,
        lagMs: pending === 0 ? 0 : now - this.dirtySinceMs[session]!,
        lastSyncMs: this.lastSyncMs[session]! < 0 ? undefined : this.lastSyncMs[session]!,
        bytesCopied: this.bytesCopied[session]!,
      });
    }
    return rows;
  }

  /** Schedules the next copying tick if there is work and none is pending. */
  wake(): void {
    if (this.tickDueMs >= 0 || !this.hasWork()) return;
    this.scheduleTick(this.host.nowMs() + TICK_MS);
  }

  private scheduleTick(atMs: number): void {
    this.tickDueMs = atMs;
    this.host.schedule(atMs, () => this.tick());
  }

  private hasWork(): boolean {
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      const state = this.states[session];
      if (state === State.Syncing || (state !== FREE && state !== State.Paused && this.dirty.count(session) > 0)) return true; // a sync with nothing to copy still ends on a tick
    }
    return false;
  }

  private tick(): void {
    this.tickDueMs = -1;
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      const state = this.states[session];
      if (state === FREE || state === State.Paused || (state !== State.Syncing && this.dirty.count(session) === 0)) continue;
      this.credits[session]! += (this.bandwidths[session]! * TICK_MS) / 1000;
      this.copySome(session);
    }
    this.wake();
  }

  /** Copies dirty chunks, lowest index first, while the session has a chunk's worth of credit. */
  private copySome(session: number): void {
    const source = this.sources[session]!;
    for (let index = this.dirty.next(session, 0); index >= 0 && this.credits[session]! >= CHUNK_SIZE; index = this.dirty.next(session, index + 1)) {
      if (!this.host.copyChunk(source, this.targets[session]!, index)) return; // the source is Degraded: try again next tick
      this.dirty.unset(session, index);
      this.credits[session]! -= CHUNK_SIZE;
      this.bytesCopied[session]! += CHUNK_SIZE;
    }
    if (this.dirty.count(session) === 0) {
      this.move(session, "sync");
      this.lastSyncMs[session] = this.host.nowMs();
      this.credits[session] = 0;
    }
  }

  /** Moves `session` along SESSION_MACHINE: the only way its state changes. */
  private move(session: number, action: SessionAction): void {
    const name = () => `${this.host.nameOf(this.sources[session]!)} -> ${this.host.nameOf(this.targets[session]!)}`;
    this.states[session] = transition(SESSION_MACHINE, name, this.states[session]!, action);
  }

  private find(source: number, target: number): number {
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] !== FREE && this.sources[session] === source && this.targets[session] === target) return session;
    }
    return -1;
  }

  private free(session: number): void {
    assert(this.states[session] !== FREE, "a freed session was in use");
    this.move(session, "end");
    this.dirty.clear(session);
  }

  toJSON(): SavedSession[] {
    const saved: SavedSession[] = [];
    for (let session = 0; session < REPLICATION_SESSION_MAX; session++) {
      if (this.states[session] === FREE) continue;
      const dirty: number[] = [];
      this.dirty.forEach(session, (index) => dirty.push(index));
      saved.push({
        session,
        source: this.host.nameOf(this.sources[session]!),
        target: this.host.nameOf(this.targets[session]!),
        state: this.states[session]!,
        bandwidth: this.bandwidths[session]!,
        credit: this.credits[session]!,
        dirtySinceMs: this.dirtySinceMs[session]!,
        lastSyncMs: this.lastSyncMs[session]!,
        bytesCopied: this.bytesCopied[session]!,
        dirty,
      });
    }
    return saved;
  }

  /** Restores sessions, and the copying timer for the time it was due (timers are not saved). */
  restore(saved: readonly SavedSession[], slotOf: (name: string) => number, tickDueMs: number): void {
    for (const row of saved) {
      const session = row.session;
      this.states[session] = row.state;
      this.sources[session] = slotOf(row.source);
      this.targets[session] = slotOf(row.target);
      this.bandwidths[session] = row.bandwidth;
      this.credits[session] = row.credit;
      this.dirtySinceMs[session] = row.dirtySinceMs;
      this.lastSyncMs[session] = row.lastSyncMs;
      this.bytesCopied[session] = row.bytesCopied;
      for (const index of row.dirty) this.dirty.set(session, index, 1);
    }
    if (tickDueMs >= 0) this.scheduleTick(tickDueMs);
  }

  /** When the copying timer is due (-1: none): saved so a restored kernel ticks at the same times. */
  nextTickMs(): number {
    return this.tickDueMs;
  }
}

export interface SavedSession {
  readonly session: number;
  readonly source: string;
  readonly target: string;
  readonly state: number;
  readonly bandwidth: number;
  readonly credit: number;
  readonly dirtySinceMs: number;
  readonly lastSyncMs: number;
  readonly bytesCopied: number;
  readonly dirty: number[];
}
