// The tamper-evident chain. Each entry's hash is SHA-256 over the previous entry's hash (hex)
// and the entry's canonical text; the hash before the first retained entry is the anchor.
// The head is sealed with HMAC-SHA256 under a key kept outside the state file, so rewriting
// the whole chain consistently still fails verification without the key.

import { createHmac, hash as sha256Hex, timingSafeEqual } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);
const FIELD_SEPARATOR = "\u001f";

export interface CanonicalFields {
  readonly seq: number;
  readonly timeMs: number;
  readonly level: number;
  readonly type: number;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
}

/** The exact text hashed for an entry. Separators inside fields are escaped so fields cannot shift. */
export function canonicalText(fields: CanonicalFields): string {
  return [
    fields.seq,
    fields.timeMs,
    fields.level,
    fields.type,
    fields.uid,
    escapeField(fields.action),
    escapeField(fields.object),
    escapeField(fields.result),
    escapeField(fields.message),
  ].join(FIELD_SEPARATOR);
}

function escapeField(text: string): string {
  return text.includes(FIELD_SEPARATOR) || text.includes("\\") ? text.replaceAll("\\", "\\\\").replaceAll(FIELD_SEPARATOR, "\\u") : text;
}

export function chainHash(previousHex: string, canonical: string): string {
  return sha256Hex("sha256", previousHex + canonical, "hex");
}

export interface Seal {
  readonly seq: number;
  readonly hash: string;
  readonly mac: string;
}

export function sealHead(key: Uint8Array, seq: number, headHash: string): Seal {
  return { seq, hash: headHash, mac: macOf(key, seq, headHash) };
}

export function sealIsValid(key: Uint8Array, seal: Seal): boolean {
  const expected = Buffer.from(macOf(key, seal.seq, seal.hash), "hex");
  const given = Buffer.from(seal.mac, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function macOf(key: Uint8Array, seq: number, headHash: string): string {
  return createHmac("sha256", key).update(`kshell-audit-seal\n${seq}\n${headHash}`).digest("hex");
}
