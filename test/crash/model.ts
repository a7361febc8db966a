// The crash test's model of what kshell acknowledged: every volume and snapshot as the bytes it
// must hold (zeros where never written) plus the list of acknowledged writes that made them, so a
// difference read back is counted as writes lost (each write whose surviving bytes differ) and
// bytes that changed where nothing was ever written. Snapshots are copies taken when created;
// a restore copies the snapshot back. Volumes are small (a few MiB), so whole copies are cheap.

/** One acknowledged write: its range (the bytes are in the image). */
interface Written {
  readonly offset: number;
  readonly length: number;
}

/** A volume's or a snapshot's content and the writes that made it, oldest first. */
export class Image {
  constructor(
    readonly bytes: Uint8Array,
    readonly writes: Written[] = [],
  ) {}

  static zeros(size: number): Image {
    return new Image(new Uint8Array(size));
  }

  copy(): Image {
    return new Image(this.bytes.slice(), this.writes.slice());
  }

  write(offset: number, data: Uint8Array): void {
    this.bytes.set(data, offset);
    this.writes.push({ offset, length: data.length });
  }

  /** Whether `actual` holds `data` at `offset`. */
  static holds(actual: Uint8Array, offset: number, data: Uint8Array): boolean {
    return actual.length >= offset + data.length && Buffer.compare(actual.subarray(offset, offset + data.length), data) === 0;
  }

  /** How `actual` (the whole image read back) differs: writes whose surviving bytes changed, and changed bytes no write covers. */
  differences(actual: Uint8Array): { lostWrites: number; strayBytes: number; firstAt: number } {
    const firstAt = firstDifference(this.bytes, actual);
    if (firstAt < 0) return { lostWrites: 0, strayBytes: 0, firstAt };
    const covered: [number, number][] = []; // ranges of newer writes, which hide older ones
    let lostWrites = 0;
    for (let i = this.writes.length - 1; i >= 0; i--) {
      const { offset, length } = this.writes[i]!;
      if (visibleParts(covered, offset, offset + length).some(([from, to]) => firstDifference(this.bytes.subarray(from, to), actual.subarray(from, to)) >= 0)) lostWrites++;
      covered.push([offset, offset + length]);
    }
    let strayBytes = 0;
    for (const [from, to] of visibleParts(covered, 0, this.bytes.length)) {
      for (let at = from; at < to; at++) if (this.bytes[at] !== actual[at]) strayBytes++;
    }
    return { lostWrites, strayBytes, firstAt };
  }
}

/** The first offset where the two differ (a shorter `actual` differs at its end), -1 if none. */
function firstDifference(expected: Uint8Array, actual: Uint8Array): number {
  if (actual.length >= expected.length && Buffer.compare(expected, actual.subarray(0, expected.length)) === 0) return -1;
  const length = Math.min(expected.length, actual.length);
  for (let at = 0; at < length; at++) if (expected[at] !== actual[at]) return at;
  return length;
}

/** The parts of [from, to) that no range in `covered` overlaps. */
function visibleParts(covered: readonly (readonly [number, number])[], from: number, to: number): [number, number][] {
  let parts: [number, number][] = [[from, to]];
  for (const [start, end] of covered) {
    parts = parts.flatMap(([a, b]): [number, number][] => {
      if (end <= a || start >= b) return [[a, b]];
      return [...(a < start ? [[a, start] as [number, number]] : []), ...(end < b ? [[end, b] as [number, number]] : [])];
    });
  }
  return parts;
}

/** A volume of the model: local (on the ssd tier) or distributed (mapped to the one client). */
export interface ModelVolume {
  readonly name: string;
  readonly distributed: boolean;
  readonly size: number;
  image: Image;
  mapped: boolean; // distributed only: `cluster map` acknowledged
  readonly snapshots: Map<string, Image>;
}

/** Every volume the child acknowledged creating and has not acknowledged deleting. */
export class Model {
  readonly volumes = new Map<string, ModelVolume>();
  failedNode: string | undefined; // the storage node the workload crashed, if any
  mayFailNode = false; // `cluster health` just said HEALTHY: a node may be crashed next
  private made = 0; // names handed out, so no name is reused (a half-deleted one stays told apart)

  newName(prefix: string): string {
    return `${prefix}${++this.made}`;
  }

  create(name: string, distributed: boolean, size: number): ModelVolume {
    const volume: ModelVolume = { name, distributed, size, image: Image.zeros(size), mapped: !distributed, snapshots: new Map() };
    this.volumes.set(name, volume);
    return volume;
  }
}
