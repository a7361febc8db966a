// The checksum every stored chunk carries: CRC-32 from node's zlib (Node 20.15+), or the same
// polynomial in a table here where an older Node lacks it.

import type * as Zlib from "node:zlib";
import { builtin } from "../builtin.js";

/** The byte table of the polynomial, for an older Node only (made on first use). */
function byteTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}
let table: Uint32Array | undefined;

function crc32Table(data: Uint8Array): number {
  const bytes = (table ??= byteTable());
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = bytes[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

type Crc32 = (data: Uint8Array, value?: number) => number;
let zlibCrc32: Crc32 | null | undefined; // null: this Node's zlib has none; undefined: not looked up yet

/** zlib's crc32, if this Node has one; zlib is loaded on the first checksum, not at start. */
function zlibCrc(): Crc32 | null {
  if (zlibCrc32 === undefined) zlibCrc32 = (builtin<typeof Zlib>("node:zlib") as { crc32?: Crc32 }).crc32 ?? null;
  return zlibCrc32;
}

export function crc32(data: Uint8Array): number {
  const fast = zlibCrc();
  return fast === null ? crc32Table(data) : fast(data);
}

// Updating a chunk's CRC after a small write without reading the whole chunk again. CRC-32 is
// linear over GF(2) once its pre- and post-conditioning cancel: for two messages of one length,
// crc(M) ^ crc(M') is the raw register (start 0, no final xor) after M ^ M'. That difference is
// zeros, the changed bytes' xor, then `after` zeros; leading zeros leave a zero register, and the
// trailing ones are a fixed linear map, applied here as precomputed matrices for 2^k zero bytes
// (zlib's crc32_combine does the same).

function gf2Times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!;
  return sum >>> 0;
}

/** The raw register after 2^k zero bytes for every k, as 32x32 matrices (one column a word); ~1 ms, so made on the first patch, not at every start. */
function zeroBytePowers(): Uint32Array[] {
  let bit = new Uint32Array(32); // one zero bit
  bit[0] = 0xedb88320;
  for (let n = 1; n < 32; n++) bit[n] = (1 << (n - 1)) >>> 0;
  const square = (m: Uint32Array) => m.map((column) => gf2Times(m, column));
  for (let k = 0; k < 3; k++) bit = square(bit); // 8 bits: one byte
  const powers: Uint32Array[] = [bit];
  for (let k = 1; k < 31; k++) powers.push(square(powers[k - 1]!));
  return powers;
}
let zeroBytes: Uint32Array[] | undefined; // zeroBytes[k]: the register after 2^k zero bytes

/** The CRC-32 of a chunk whose bytes `old` (followed by `after` more bytes) became `next`, from its CRC before. */
export function crc32Patch(crc: number, old: Uint8Array, next: Uint8Array, after: number): number {
  const delta = new Uint8Array(old.length);
  for (let i = 0; i < delta.length; i++) delta[i] = old[i]! ^ next[i]!;
  const powers = (zeroBytes ??= zeroBytePowers());
  let register = ~crc32WithStart(delta) >>> 0; // the raw register after the difference, from zero
  for (let k = 0; after > 0; k++, after = Math.floor(after / 2)) if (after % 2 === 1) register = gf2Times(powers[k]!, register);
  return (crc ^ register) >>> 0;
}

/** crc32 started from a zero register (zlib's `value` is the previous CRC, complemented inside). */
function crc32WithStart(data: Uint8Array): number {
  const fast = zlibCrc();
  if (fast !== null) return fast(data, 0xffffffff);
  const bytes = (table ??= byteTable());
  let crc = 0;
  for (let i = 0; i < data.length; i++) crc = bytes[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
