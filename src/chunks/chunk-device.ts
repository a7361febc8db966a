// Where subsystems keep bytes: a chunk device per storage node or local tier, holding chunks of
// one size by the ids the subsystem allocates. A chunk never written reads as zeros; physical
// bytes exist only for chunks written. Subsystems see only this interface (KernelContext.chunks);
// the kernel decides whether the bytes live in files under the state directory or in memory
// (chunk-space.ts), and when a snapshot of them commits.

export interface ChunkDevice {
  /** "sds/sds1", "local/ssd": also the device's folder under the state directory's chunks/. */
  readonly name: string;
  readonly chunkSize: number;
  /** Writes `data` at byte `inner` of chunk `id` (a chunk not yet written holds zeros). */
  write(id: number, inner: number, data: Uint8Array): void;
  /**
   * Copies `length` bytes from byte `inner` of chunk `id` into `out` at `at` (zeros for a chunk
   * never written). Bytes that do not match their checksum fail with EIO: never returned as good.
   */
  read(id: number, inner: number, length: number, out: Uint8Array, at: number): void;
  /**
   * Chunk `to` of this device becomes a copy of chunk `from` of `source` (same chunk size), checked
   * as a read is. Bytes the source keeps in memory are copied from where they are; others are read
   * through `through` (one chunk the caller keeps, overwritten), or a fresh chunk without it.
   */
  copy(source: ChunkDevice, from: number, to: number, through?: Uint8Array): void;
  /** Whether chunk `id` holds written bytes. */
  holds(id: number): boolean;
  /** Chunk `id` reads as zeros again; its space is given back when the next snapshot commits. */
  free(id: number): void;
  /** Chunks holding bytes. */
  count(): number;
  /** Whether chunk `id`'s stored bytes match their checksum (true for a chunk never written). */
  verify(id: number): boolean;
  /** Where people find chunk `id`'s bytes (its file's path; in memory, a name), how many bytes are there (-1: none, the file is missing) and whether a write to it failed part way (torn); undefined for a chunk never written. */
  stored(id: number): { where: string; bytes: number; torn: boolean } | undefined;
}

/** The devices of one kernel. */
export interface ChunkDevices {
  /** The device `name` (made on first use) for ids 0..idMax. */
  device(name: string, chunkSize: number, idMax: number): ChunkDevice;
}
