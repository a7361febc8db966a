// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
// big-endian words, an odd last byte padded with zero. IPv4 covers its header with it, ICMP its
// whole message, UDP its datagram plus a pseudo-header of addresses, protocol and length.

/**
 * The ones' complement sum of `length` bytes at `offset`, folded to 16 bits, added to `initial`.
 * Read four bytes at a time: since 2^16 = 1 (mod 2^16 - 1), summing 32-bit words and folding at
 * the end gives the same as summing 16-bit words (RFC 1071's "deferred carries"); a double holds
 * the sum exactly for far more than the 64 KiB an IPv4 packet can have.
 */
export function onesComplementSum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, length);
  let sum = initial;
  let i = 0;
  for (; i + 3 < length; i += 4) sum += view.getUint32(i);
  if (i + 1 < length) {
    sum += view.getUint16(i);
    i += 2;
  }
  if (i < length) sum += view.getUint8(i) << 8;
  while (sum > 0xffff) sum = (sum % 0x10000) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum to store: 0 in the checksum field while summing gives the value that makes the sum 0xffff. */
export function internetChecksum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  return ~onesComplementSum(bytes, offset, length, initial) & 0xffff;
}

/** The IPv4 pseudo-header's sum (RFC 768): source, destination, protocol and the transport length. */
export function pseudoHeaderSum(src: number, dst: number, protocol: number, length: number): number {
  const words = (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff) + protocol + length;
  return (words & 0xffff) + Math.floor(words / 0x10000);
}
