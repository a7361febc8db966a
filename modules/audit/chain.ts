// The tamper-evident chain. Each entry's hash is SHA-256 over the previous entry's hash (hex)
// and the entry's canonical text; the hash before the first retained entry is the anchor.
// The head is sealed with HMAC-SHA256 under a key kept outside the state file, so rewriting
// the whole chain consistently still fails verification without the key. The seal also covers
// how many entries were lost before the retained window (the first retained sequence is lost + 1),
// so dropping the oldest entries and raising `lost` to match breaks it too.

import { createHmac, hash as sha256Hex, timingSafeEqual } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface CanonicalFields {
  readonly level: number;
  readonly type: number;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
}

/**
 * The exact text hashed for an entry: numbers separated by "|", then each text field prefixed
 * with its length ("9:vol.write"), so no field's content can shift another field's boundary.
 */
export function canonicalText(seq: number, timeMs: number, f: CanonicalFields): string {
  return `${seq}|${timeMs}|${f.level}|${f.type}|${f.uid}|${f.action.length}:${f.action}${f.object.length}:${f.object}${f.result.length}:${f.result}${f.message.length}:${f.message}`;
}

export function chainHash(previousHex: string, canonical: string): string {
  return sha256Hex("sha256", previousHex + canonical, "hex");
}

/**
 * `chainHash(previousHex, canonicalText(seq, timeMs, f))` in one step: the same bytes, built as
 * one string with no intermediate, because this runs on every audit append.
 */
export function entryHash(previousHex: string, seq: number, timeMs: number, f: CanonicalFields): string {
  return sha256Hex(
    "sha256",
    `${previousHex}${seq}|${timeMs}|${f.level}|${f.type}|${f.uid}|${f.action.length}:${f.action}${f.object.length}:${f.object}${f.result.length}:${f.result}${f.message.length}:${f.message}`,
    "hex",
  );
}

export interface Seal {
  readonly seq: number;
  readonly hash: string;
  readonly mac: string;
}

export function sealHead(key: Uint8Array, seq: number, headHash: string, lost: number): Seal {
  return { seq, hash: headHash, mac: macOf(key, seq, headHash, lost) };
}

/** Whether `seal` was made with `key` over its head and a trail that had lost `lost` entries then. */
export function sealIsValid(key: Uint8Array, seal: Seal, lost: number): boolean {
  const expected = Buffer.from(macOf(key, seal.seq, seal.hash, lost), "hex");
  const given = Buffer.from(seal.mac, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function macOf(key: Uint8Array, seq: number, headHash: string, lost: number): string {
  return createHmac("sha256", key).update(`kshell-audit-seal-v2\n${seq}\n${headHash}\n${lost}`).digest("hex");
}
