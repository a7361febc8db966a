// Seals on state files: HMAC-SHA256 with the state directory's key (audit.key), so a file edited
// outside kshell is refused at load instead of believed. Each kind of sealed text carries its
// own domain tag, so a MAC made for one (a journal record) never passes for another (a snapshot).
//
//   state     state.json: the snapshot plus the journal anchor, sealed at every compaction
//   saved     a file written by `save <file>`: the snapshot alone (it has no journal)
//   journal   one journal record, chained from the MAC of the record before it, and its payload
//
// A MAC over large bytes (a journal record's 64 MiB payload) is fed in pieces: macStart, then
// update with each piece, then digest or digestMatches; the bytes are never turned into text.

import { createHmac, timingSafeEqual, type Hmac } from "node:crypto";

export type SealDomain = "state" | "saved" | "journal";

/** An HMAC-SHA256 under `key`, tagged with its domain, fed `text`; more bytes may follow. */
export function macStart(key: Uint8Array, domain: SealDomain, text: string): Hmac {
  return createHmac("sha256", key).update(`kshell-${domain}\n${text}`);
}

/** HMAC-SHA256 (hex) of `text` under `key`, tagged with its domain. */
export function macOf(key: Uint8Array, domain: SealDomain, text: string): string {
  return macStart(key, domain, text).digest("hex");
}

/** Whether `given` is the MAC of `text` in `domain` under `key` (compared in constant time). */
export function macMatches(key: Uint8Array, domain: SealDomain, text: string, given: unknown): boolean {
  return digestMatches(macStart(key, domain, text), given);
}

/** Whether `given` (hex) is the digest of everything fed to `mac`, compared in constant time. */
export function digestMatches(mac: Hmac, given: unknown): boolean {
  if (typeof given !== "string") return false;
  const expected = mac.digest();
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
