// Ethernet II frames for the bridge's tests, built here byte by byte so the bridge is tested
// apart from the frames library (modules/network/frames).

export const BROADCAST = 0xffff_ffff_ffff;
export const mac = (n: number): number => 0x5254_0000_0000 + n; // 52:54:00:00:00:n, locally administered

/** An Ethernet II frame from `src` to `dst`, 802.1Q-tagged when `vlan` is given, padded to 60 bytes. */
export function frame(dst: number, src: number, vlan?: number, payloadBytes = 46): Uint8Array {
  const header = vlan === undefined ? 14 : 18;
  const bytes = new Uint8Array(header + payloadBytes);
  writeMac(bytes, 0, dst);
  writeMac(bytes, 6, src);
  if (vlan !== undefined) {
    bytes.set([0x81, 0x00, vlan >> 8, vlan & 0xff], 12);
  }
  bytes.set([0x08, 0x00], header - 2); // IPv4
  return bytes;
}

function writeMac(bytes: Uint8Array, offset: number, value: number): void {
  for (let i = 5; i >= 0; i--) {
    bytes[offset + i] = value % 256;
    value = Math.floor(value / 256);
  }
}
