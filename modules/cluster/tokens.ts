// IO tokens (seed 003): the MDM signs, for every IO, HMAC-SHA256 over (volume, operation, byte
// range, client, expiry, nonce); a storage node acknowledges only after checking the signature,
// that the token has not expired (60 s of simulated time), that it was issued for exactly this
// IO, and that its nonce was never spent, on any node (the MDM keeps one set for the cluster).
// Spent nonces are kept until they expire, so a replay inside the TTL is caught and memory stays
// bounded by the IO rate (and by SPENT_NONCE_MAX): a nonce is spent while it is live, so every one
// spent more than a TTL ago has expired and sits before the live ones, and pruning stops at the
// first live one.
//
// The client-side token cache (seed 003's optimisation, off by default) trades that away: a
// cached token is signed as reusable, covers a whole volume for one operation and client, and
// nodes accept it for any IO inside it until it expires, without the single-use check.

import { createHmac, timingSafeEqual } from "node:crypto";
import { fail } from "../../src/errors.js";
import { SPENT_NONCE_MAX, TOKEN_TTL_MS } from "../../src/limits.js";
import type { IntMap } from "../../src/table/int-map.js";

/** A nonce (53 random bits in base 36) as the integer key of the spent-nonce map. */
export function nonceKey(nonce: string): number {
  const key = nonceKeyOrNaN(nonce);
  if (!Number.isSafeInteger(key)) fail("EACCES", `nonce '${nonce.slice(0, 20)}' is not one the MDM issues`);
  return key;
}

/** The key, or NaN for text no issued nonce could be (a restored snapshot skips those: no signed token carries one). */
export function nonceKeyOrNaN(nonce: string): number {
  return /^[0-9a-z]{1,11}$/.test(nonce) ? parseInt(nonce, 36) : NaN;
}

export interface IoToken {
  readonly reusable: boolean; // a cached token: any IO of its operation within its range until expiry
  readonly volume: string;
  readonly op: "read" | "write";
  readonly offset: number;
  readonly length: number;
  readonly client: string;
  readonly expiresMs: number;
  readonly nonce: string;
  readonly mac: string;
}

export type IoRequest = Omit<IoToken, "expiresMs" | "nonce" | "mac" | "reusable">;

const TOKEN_FIELDS = ["volume", "op", "offset", "length", "client"] as const;
const REUSABLE_FIELDS = ["volume", "op", "client"] as const;

function payload(t: Omit<IoToken, "mac">): string {
  return `${t.reusable ? "cached" : "single"}\n${t.volume}\n${t.op}\n${t.offset}\n${t.length}\n${t.client}\n${t.expiresMs}\n${t.nonce}`;
}

export class TokenAuthority {
  constructor(private readonly key: Uint8Array) {}

  issue(request: IoRequest, nowMs: number, nonce: string, reusable = false): IoToken {
    const expiresMs = nowMs + TOKEN_TTL_MS;
    const { volume, op, offset, length, client } = request;
    const mac = createHmac("sha256", this.key).update(payload({ reusable, volume, op, offset, length, client, expiresMs, nonce })).digest("hex");
    return { reusable, volume, op, offset, length, client, expiresMs, nonce, mac };
  }

  /**
   * Throws EACCES (forged, mismatched, replayed) or ETIMEDOUT (expired). With `spent`, the
   * cluster's spent nonces, the nonce is checked and spent; without, the IO already spent it.
   */
  verify(token: IoToken, request: IoRequest, nowMs: number, spent: IntMap | undefined, node: string): void {
    const expected = createHmac("sha256", this.key).update(payload(token)).digest();
    const given = Buffer.from(token.mac, "hex");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) fail("EACCES", `node ${node} refused the IO token for ${token.volume}: bad signature (forged or altered)`);
    if (token.expiresMs <= nowMs) fail("ETIMEDOUT", `node ${node} refused the IO token for ${token.volume}: expired ${nowMs - token.expiresMs} ms ago`);
    for (const field of token.reusable ? REUSABLE_FIELDS : TOKEN_FIELDS) {
      if (token[field] !== request[field]) fail("EACCES", `node ${node} refused the IO token for ${token.volume}: issued for ${field} ${token[field]}, used for ${request[field]}`);
    }
    if (token.reusable) {
      if (request.offset < token.offset || request.offset + request.length > token.offset + token.length) fail("EACCES", `node ${node} refused the IO token for ${token.volume}: the IO is outside its range`);
      return; // a cached token is reused by design: no single-use check
    }
    if (spent !== undefined) spend(spent, token, nowMs, node);
  }
}

/** Records a single-use token's nonce as spent, refusing one spent before. */
function spend(spent: IntMap, token: IoToken, nowMs: number, node: string): void {
  spent.deleteOldestWhile((_, expires) => expires <= nowMs); // the rest were spent later, while live
  const key = nonceKey(token.nonce);
  if (spent.has(key)) fail("EACCES", `node ${node} refused the IO token for ${token.volume}: nonce ${token.nonce} already used (replay)`);
  if (spent.size >= SPENT_NONCE_MAX) fail("EBUSY", `node ${node} refused the IO token for ${token.volume}: ${SPENT_NONCE_MAX} tokens were spent in the last ${TOKEN_TTL_MS / 1000} s (SPENT_NONCE_MAX)`, "let simulated time pass: sleep 1m");
  spent.set(key, token.expiresMs);
}

export function encodeToken(token: IoToken): string {
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

export function decodeToken(text: string): IoToken {
  try {
    const value = JSON.parse(Buffer.from(text, "base64url").toString()) as IoToken;
    if (isToken(value)) return value;
  } catch {
    // fall through to the error below
  }
  return fail("EINVAL", "not an IO token (expected the base64 text cluster token issue prints)");
}

/** Whether a decoded value has every field of a token, of the right type (the signature is checked later). */
function isToken(value: IoToken): boolean {
  const isCount = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  return (
    typeof value === "object" && value !== null && typeof value.reusable === "boolean" && typeof value.volume === "string" && (value.op === "read" || value.op === "write") &&
    isCount(value.offset) && isCount(value.length) && typeof value.client === "string" && Number.isFinite(value.expiresMs) && typeof value.nonce === "string" && typeof value.mac === "string"
  );
}
