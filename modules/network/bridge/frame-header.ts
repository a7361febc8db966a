// The few Ethernet II header fields a bridge reads, straight from the frame's bytes: destination
// and source MAC (bytes 0..5 and 6..11), and the 802.1Q tag when the type field (12..13) is 0x8100.
// A MAC is read as two unsigned parts, its top 16 bits and its low 32 bits, so the hot path never
// builds a 48-bit double; `macOf` joins them for people (FdbEntry.mac).

export const ETHERNET_HEADER_BYTES = 14;
export const VLAN_TAG_BYTES = 4;
const TPID_8021Q = 0x8100;
const TWO_32 = 2 ** 32;

/** The top 16 bits of the MAC at `offset` (0: destination, 6: source). */
export function macHigh(frame: Uint8Array, offset: number): number {
  return (frame[offset]! << 8) | frame[offset + 1]!;
}

/** The low 32 bits of the MAC at `offset`, unsigned. */
export function macLow(frame: Uint8Array, offset: number): number {
  return ((frame[offset + 2]! << 24) | (frame[offset + 3]! << 16) | (frame[offset + 4]! << 8) | frame[offset + 5]!) >>> 0;
}

/** The VLAN id of an 802.1Q-tagged frame (0 for a priority tag), or -1 when it carries no tag. */
export function vlanTag(frame: Uint8Array): number {
  if (frame.length < ETHERNET_HEADER_BYTES + VLAN_TAG_BYTES || ((frame[12]! << 8) | frame[13]!) !== TPID_8021Q) return -1;
  return ((frame[14]! & 0x0f) << 8) | frame[15]!;
}

export const macOf = (high: number, low: number): number => high * TWO_32 + low;
export const macHighOf = (mac: number): number => Math.floor(mac / TWO_32);
export const macLowOf = (mac: number): number => mac % TWO_32;

/** Whether the destination is ff:ff:ff:ff:ff:ff. */
export function isBroadcast(frame: Uint8Array): boolean {
  return (frame[0]! & frame[1]! & frame[2]! & frame[3]! & frame[4]! & frame[5]!) === 0xff;
}

/** Whether the source is 00:00:00:00:00:00 (no station sends from it). */
export function isZeroSource(frame: Uint8Array): boolean {
  return (frame[6]! | frame[7]! | frame[8]! | frame[9]! | frame[10]! | frame[11]!) === 0;
}
