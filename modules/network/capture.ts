// Packet capture, as tcpdump on one point of the simulated wire: a network (every frame entering
// its bridge, and what its gateway sends), an interface (what it sends and receives), or the
// underlay (the VXLAN frames between overlay hosts). One capture runs at a time; its frames go
// into a fixed CaptureRing (CAPTURE_FRAME_MAX frames, CAPTURE_BYTES_MAX bytes: the oldest go
// first and are counted) through a compiled tcpdump-style filter, with simulated timestamps.
// `stop` keeps what was captured for `show` and `save` until the next `start` (which says how many
// frames it discarded) or `clear`. The capture remembers who started it (its holder). The capture and
// its frames are part of the saved state: a clean exit and restart resumes it, as the journal's
// replay after kill -9 does.
//
// Frames are their network's traffic: a capture remembers the network it taps (an interface's,
// for an interface; none for the underlay, which carries every tenant's), so who may read, stop or
// save it is decided on what it tapped, as starting it was; once that network is deleted (and its
// label with it) the frames are held as the underlay's.

import { fail } from "../../src/errors.js";
import { CaptureRing, compileFilter, decodeLine, pcapFile, type CaptureRecord, type SavedCaptureRing } from "./frames/index.js";

export type TapPoint = "network" | "interface" | "underlay";

/** The word that names the underlay as a capture target: no network may take it. */
export const UNDERLAY = "underlay";

export interface CaptureStatus {
  readonly running: boolean;
  readonly point: TapPoint | null; // null (as target) before the first capture
  readonly target: string | null;
  readonly filter: string | null; // null: every frame
  readonly snaplen: number;
  readonly frames: number;
  readonly bytes: number;
  readonly seen: number; // frames that passed the tap point
  readonly matched: number; // frames the filter accepted
  readonly dropped: number;
}

/** The capture in state.json: what it taps, its filter's text (compiled again), and its ring. */
export interface SavedCapture {
  readonly running: boolean;
  readonly point: TapPoint;
  readonly slot: number;
  readonly target: string;
  readonly network?: string; // the network tapped ("" for the underlay); older saves: the target's, found again
  readonly uid?: number; // who started it; absent in saves before it was kept
  readonly filter: string; // "": every frame
  readonly snaplen: number;
  readonly ring: SavedCaptureRing;
}

/** A capture just started, and how many frames of the stopped one before it were discarded. */
export interface CaptureStarted extends CaptureStatus {
  readonly discarded: number;
}

/** A stopped capture's frames, as `start` would discard them: who started it (undefined: unknown), on what, how many. */
export interface CaptureHeld {
  readonly uid: number | undefined;
  readonly target: string;
  readonly frames: number;
}

export class NetworkCapture {
  private ring: CaptureRing | undefined;
  private point: TapPoint | undefined;
  private slot = -1;
  private target = "";
  private network = ""; // the network whose traffic it holds; "" for the underlay
  private filter = "";
  private running = false;
  private uid: number | undefined; // who started it; undefined before the first capture or from an older save

  /** `network`: the network whose traffic `target` carries ("" for the underlay); `uid`: who starts it. Frames a stopped capture held are discarded. */
  start(point: TapPoint, slot: number, target: string, network: string, filter: string | undefined, snaplen: number | undefined, uid: number): CaptureStarted {
    if (this.running) fail("EBUSY", `a capture of ${this.target} is running: one capture runs at a time`, "it stays until whoever may stop it does (net capture stop)");
    const predicate = filter === undefined ? undefined : compileFilter(filter);
    const discarded = this.ring?.length ?? 0;
    this.ring = new CaptureRing({ filter: predicate, snaplen });
    Object.assign(this, { point, slot, target, network, filter: filter ?? "", running: true, uid });
    return { ...this.status(), discarded };
  }

  /** What a stopped capture holds that `start` would discard; undefined when nothing would be (none held, or one runs: start refuses then). */
  held(): CaptureHeld | undefined {
    const frames = this.ring?.length ?? 0;
    return this.running || frames === 0 ? undefined : { uid: this.uid, target: this.target, frames };
  }

  /** Discards a stopped capture and its frames, as before the first capture; returns what it held. */
  clear(): CaptureStatus {
    if (this.ring === undefined) fail("ENOENT", "there is no capture to clear", "net capture start <network|interface|underlay>");
    if (this.running) fail("EBUSY", `the capture of ${this.target} is running`, "stop it first (net capture stop)");
    const cleared = this.status();
    Object.assign(this, { ring: undefined, point: undefined, slot: -1, target: "", network: "", filter: "", uid: undefined });
    return cleared;
  }

  stop(): CaptureStatus {
    if (!this.running) fail("ENOENT", "no capture is running", "net capture start <network|interface|underlay>");
    this.running = false;
    return this.status();
  }

  tap(point: TapPoint, slot: number, frame: Uint8Array, atMs: number): void {
    if (this.running && point === this.point && slot === this.slot) this.ring!.offer(frame, atMs);
  }

  /** The object tapped is gone: the capture stops (what it holds stays). */
  forget(point: TapPoint, slot: number): void {
    if (this.running && point === this.point && slot === this.slot) this.running = false;
  }

  /** Undefined before the first capture. */
  save(): SavedCapture | undefined {
    if (this.ring === undefined || this.point === undefined) return undefined;
    return { running: this.running, point: this.point, slot: this.slot, target: this.target, network: this.network, ...(this.uid === undefined ? {} : { uid: this.uid }), filter: this.filter, snaplen: this.ring.snaplen, ring: this.ring.save() };
  }

  /**
   * `networkOf`: the network of an interface capture's target, for a save made before captures kept
   * it; `exists`: whether a network of that name is there now. One that is gone (deleted before a
   * save that did not disown it) is held as the underlay's, as `disown` would have: a new network
   * taking its name must not read its frames.
   */
  restore(saved: SavedCapture, networkOf: (target: string) => string | undefined, exists: (network: string) => boolean): void {
    this.ring = new CaptureRing({ filter: saved.filter === "" ? undefined : compileFilter(saved.filter), snaplen: saved.snaplen });
    this.ring.restore(saved.ring);
    const named = saved.network ?? (saved.point === "network" ? saved.target : saved.point === "interface" ? (networkOf(saved.target) ?? "") : "");
    const network = named !== "" && exists(named) ? named : "";
    Object.assign(this, { point: saved.point, slot: saved.slot, target: saved.target, network, filter: saved.filter, running: saved.running, uid: saved.uid });
  }

  /**
   * Network `name` is being deleted and its label with it: a capture of it (or of one of its
   * interfaces) is held as the underlay's from now on, readable only by who may tap every
   * tenant's traffic, not by whoever the name or a new network of that name would let in.
   */
  disown(name: string): void {
    if (this.point !== undefined && this.network === name) this.network = "";
  }

  /** What the capture taps, for the gate: a network's name, "" for the underlay; undefined before the first capture. */
  tapped(): string | undefined {
    return this.point === undefined ? undefined : this.network;
  }

  status(): CaptureStatus {
    const ring = this.ring;
    return { running: this.running, point: this.point ?? null, target: this.target || null, filter: this.filter || null, snaplen: ring?.snaplen ?? 0, frames: ring?.length ?? 0, bytes: ring?.bytesHeld ?? 0, seen: ring?.seen ?? 0, matched: ring?.matched ?? 0, dropped: ring?.dropped ?? 0 };
  }

  /** One tcpdump-style line per frame held: seconds.microseconds of simulated time, then the decode. */
  lines(limit: number): string[] {
    const records = this.records();
    return records.slice(Math.max(0, records.length - limit)).map((r) => `${(r.timeMs / 1000).toFixed(6)} ${decodeLine(r.frame)}`);
  }

  pcap(): Uint8Array {
    if (this.ring === undefined) fail("ENOENT", "nothing was captured", "net capture start <network|interface|underlay> first");
    return pcapFile(this.records(), this.ring.snaplen);
  }

  private records(): CaptureRecord[] {
    return this.ring?.records() ?? [];
  }
}
