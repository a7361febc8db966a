// Buffers the data path fills whole before anyone reads them: taken without zero-filling (Node's
// allocUnsafeSlow, never from its shared pool), so a chunk or a read's result costs one copy of
// its bytes, not a fill of zeros first. Only for buffers every byte of which is written next.

/** Where a read of `length` bytes goes: the start of the caller's buffer `into`, else a fresh one. */
export function readTarget(length: number, into: Uint8Array | undefined): Uint8Array {
  if (into === undefined) return unfilledBytes(length);
  if (into.length < length) throw new RangeError(`a read of ${length} bytes into a buffer of ${into.length}`); // a caller's bug, not a user's error
  return into.subarray(0, length);
}

/** `length` bytes of unspecified content, a Uint8Array of its own (not a Buffer, not a pool slice). */
export function unfilledBytes(length: number): Uint8Array {
  const buffer = Buffer.allocUnsafeSlow(length);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
}
