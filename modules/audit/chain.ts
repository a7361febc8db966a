// The tamper-evident chain. Each entry's hash is SHA-256 over the previous entry's hash (hex)
// and the entry's canonical text; the hash before the first retained entry is the anchor.
// The head is sealed with HMAC-SHA256 under a key kept outside the state file, so rewriting
// the whole chain consistently still fails verification without the key. The seal also covers
// how many entries were lost before the retained window (the first retained sequence is lost + 1),
// so dropping the oldest entries and raising `lost` to match breaks it too.

import { createHmac, hash as sha256Hex, timingSafeEqual } from "node:crypto";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES } from "./types.js";

export const GENESIS_HASH = "0".repeat(64);

export interface CanonicalFields {
  readonly level: number;
  readonly type: number;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
  readonly correlation?: number; // absent or 0: none
}

/**
 * The exact text hashed for an entry: numbers separated by "|", then each text field prefixed
 * with its length ("9:vol.write"), so no field's content can shift another field's boundary;
 * then, for an entry of a story, "|c" and its correlation id. An entry of none (0) is spelled as
 * before correlation ids existed, so an old state's chain still verifies; the message's length
 * prefix ends it where it ends, so the suffix cannot be forged from message text.
 */
export function canonicalText(seq: number, timeMs: number, f: CanonicalFields): string {
  return `${seq}|${timeMs}|${f.level}|${f.type}|${f.uid}|${f.action.length}:${f.action}${f.object.length}:${f.object}${f.result.length}:${f.result}${f.message.length}:${f.message}${correlationText(f.correlation ?? 0)}`;
}

/** How the canonical text ends for an entry's correlation id: nothing for none. */
export function correlationText(correlation: number): string {
  return correlation === 0 ? "" : `|c${correlation}`;
}

export function chainHash(previousHex: string, canonical: string): string {
  return sha256Hex("sha256", previousHex + canonical, "hex");
}

/** How the canonical text spells a text field: its length, a colon, the text ("9:vol.write"). */
export function lengthPrefixed(text: string): string {
  return `${text.length}:${text}`;
}

// "level|type|" for every level and type, built once: the append joins one piece instead of four.
const TYPE_COUNT = AUDIT_TYPE_NAMES.length;
const LEVEL_TYPE_TEXTS = AUDIT_LEVEL_NAMES.flatMap((_, level) => AUDIT_TYPE_NAMES.map((__, type) => `${level}|${type}|`));

function levelTypeText(level: number, type: number): string {
  return (type >= 0 && type < TYPE_COUNT ? LEVEL_TYPE_TEXTS[level * TYPE_COUNT + type] : undefined) ?? `${level}|${type}|`;
}

/**
 * `chainHash(previousHex, canonicalText(seq, timeMs, f))` in one step: the same bytes, built as
 * one string with no intermediate.
 */
export function entryHash(previousHex: string, seq: number, timeMs: number, f: CanonicalFields): string {
  return entryHashPrefixed(previousHex, seq, timeMs, f.level, f.type, f.uid, lengthPrefixed(f.action), lengthPrefixed(f.object), lengthPrefixed(f.result), f.message, f.correlation ?? 0);
}

/**
 * entryHash with action, object and result already length-prefixed (the ring keeps them so per
 * interned string): the same bytes, from the fewest pieces, because this runs on every audit append.
 */
export function entryHashPrefixed(
  previousHex: string, seq: number, timeMs: number, level: number, type: number, uid: number,
  action: string, object: string, result: string, message: string, correlation: number,
): string {
  const suffix = correlation === 0 ? "" : `|c${correlation}`; // correlationText, inline on the hot path
  return sha256Hex("sha256", `${previousHex}${seq}|${timeMs}|${levelTypeText(level, type)}${uid}|${action}${object}${result}${message.length}:${message}${suffix}`, "hex");
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
