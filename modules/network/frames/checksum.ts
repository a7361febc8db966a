// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
// big-endian words, an odd last byte padded with zero. IPv4 covers its header with it, ICMP its
// whole message, UDP its datagram plus a pseudo-header of addresses, protocol and length.

/** The ones' complement sum of `length` bytes at `offset`, folded to 16 bits, added to `initial`. */
export function onesComplementSum(bytes: Uint8Array, offset: number, length: number, initial = 0): number {
  let sum = initial;
  const end = offset + length;
  let i = offset;
  for (; i + 1 < end; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  if (i < end) sum += bytes[i]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
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
