// The MDM's side of IO tokens: its signing key, the nonces spent anywhere in the cluster (a fixed
// hash map, oldest first), the optional client-side cache of reusable tokens (a fixed table, one
// slot per volume, operation and client), and the last token handed out by `cluster token issue`.
//
// The signing key is derived from the state directory's random secret (the kernel hands in the
// audit seal key, read from <state>/audit.key): HMAC(secret, TOKEN_KEY_LABEL), so the seal key
// is never used raw for a second purpose, the key is never in the snapshot, and nothing about it
// follows from the seed. A token is single-use across the whole cluster: the MDM keeps one set of
// spent nonces, so a token refused as a replay on one node is refused on every other too.

import { createHmac } from "node:crypto";
import type { Clock } from "../../src/clock.js";
import { fail } from "../../src/errors.js";
import { CLIENT_COUNT_MAX, SPENT_NONCE_MAX, TOKEN_CACHE_MARGIN_MS, VOLUME_COUNT_MAX } from "../../src/limits.js";
import type { Rng } from "../../src/rng.js";
import { IntMap } from "../../src/table/int-map.js";
import { decodeToken, encodeToken, nonceKeyOrNaN, TokenAuthority, type IoRequest, type IoToken } from "./tokens.js";

const CACHE_SLOTS = VOLUME_COUNT_MAX * 2 * CLIENT_COUNT_MAX; // one per volume, operation and client
const cacheSlot = (volume: number, op: "read" | "write", client: number) => (volume * 2 + (op === "write" ? 1 : 0)) * CLIENT_COUNT_MAX + client;
const TOKEN_KEY_LABEL = "kshell-io-token-key";
// The key was once drawn from the PRNG (eight words) right after boot. The draws are still taken
// and thrown away, so a seed keeps its meaning: nonces, placement and chaos runs recorded in
// transcripts and journals before stay the same.
const RETIRED_KEY_DRAWS = 8;

/** The token signing key for a state directory's secret. */
export function tokenKeyFor(secret: Uint8Array): Buffer {
  return createHmac("sha256", secret).update(TOKEN_KEY_LABEL).digest();
}

/** The saved form: no key. Snapshots from before also carried `key` and per-node `nonces`; both are read as below. */
export interface SavedTokens {
  readonly lastIssued: string;
  readonly cache: boolean;
  readonly cached: [string, IoToken][];
  readonly spent?: [string, number][]; // nonce -> expiry, in the order spent
  readonly nonces?: [string, number][][]; // older snapshots: the same, per node
}

export class TokenService {
  private readonly authority: TokenAuthority;
  private lastIssued = "";
  private caching = false;
  private readonly cached: (IoToken | undefined)[] = new Array<IoToken | undefined>(CACHE_SLOTS).fill(undefined);
  private readonly cachedSince = new Float64Array(CACHE_SLOTS); // order first cached, kept when renewed, for the saved form
  private cachedCount = 0; // tokens cached since the cache was last emptied
  private readonly spent = new IntMap("spent nonce", SPENT_NONCE_MAX, "SPENT_NONCE_MAX"); // nonce -> expiry, in the order spent

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    secret: Uint8Array,
  ) {
    for (let i = 0; i < RETIRED_KEY_DRAWS; i++) rng.nextUint32();
    this.authority = new TokenAuthority(tokenKeyFor(secret));
  }

  setCache(enabled: boolean): void {
    this.caching = enabled;
    this.cached.fill(undefined);
  }

  cacheEnabled(): boolean {
    return this.caching;
  }

  /** The token an IO presents: a fresh single-use one, or, with the cache on, a reusable one until near expiry. */
  forIo(request: IoRequest, volumeSize: number, volume: number, client: number): IoToken {
    if (!this.caching) return this.issue(request);
    const slot = cacheSlot(volume, request.op, client);
    const cached = this.cached[slot];
    if (cached !== undefined && cached.expiresMs - this.clock.now() > TOKEN_CACHE_MARGIN_MS) return cached;
    const token = this.authority.issue({ ...request, offset: 0, length: volumeSize }, this.clock.now(), this.nextNonce(), true);
    this.cache(slot, token);
    return token;
  }

  private cache(slot: number, token: IoToken): void {
    if (this.cached[slot] === undefined) this.cachedSince[slot] = this.cachedCount++;
    this.cached[slot] = token;
  }

  /** Drops cached tokens of a volume (by slot) that was resized or deleted. */
  forgetVolume(volume: number): void {
    this.cached.fill(undefined, cacheSlot(volume, "read", 0), cacheSlot(volume, "write", 0) + CLIENT_COUNT_MAX);
  }

  issue(request: IoRequest): IoToken {
    return this.authority.issue(request, this.clock.now(), this.nextNonce());
  }

  private nextNonce(): string {
    return (this.rng.nextUint32() * 2 ** 21 + (this.rng.nextUint32() >>> 11)).toString(36); // 53 random bits
  }

  /**
   * What storage node `nodeName` does with a presented token. `spend` is false for the other
   * nodes one IO carries its token to (the replicas of a write): one IO is one use.
   */
  verify(token: IoToken, request: IoRequest, nodeName: string, spend = true): void {
    this.authority.verify(token, request, this.clock.now(), spend ? this.spent : undefined, nodeName);
  }

  /** A token from its text, or `last` for the last one `encode` handed out. */
  decode(text: string): IoToken {
    if (text === "last" && this.lastIssued === "") fail("ENOENT", "no token has been issued yet", "cluster token issue <vol> <op> <offset> <length> --sdc <client>");
    return decodeToken(text === "last" ? this.lastIssued : text);
  }

  /** The token as text, remembered as the last one handed out. */
  encode(token: IoToken): string {
    this.lastIssued = encodeToken(token);
    return this.lastIssued;
  }

  toJSON(): SavedTokens {
    const slots = [...this.cached.keys()].filter((slot) => this.cached[slot] !== undefined).sort((a, b) => this.cachedSince[a]! - this.cachedSince[b]!);
    const cached = slots.map((slot): [string, IoToken] => {
      const token = this.cached[slot]!;
      return [`${token.volume}|${token.op}|${token.client}`, token];
    });
    return { lastIssued: this.lastIssued, cache: this.caching, cached, spent: this.spent.entries().map(([nonce, expires]): [string, number] => [nonce.toString(36), expires]) };
  }

  /** `slotsOf` finds a cached token's volume and client slots (undefined: one of them is gone). */
  restore(saved: SavedTokens, slotsOf: (volume: string, client: string) => { volume: number; client: number } | undefined): void {
    this.lastIssued = saved.lastIssued;
    this.caching = saved.cache;
    // Cached tokens of an older snapshot were signed with the retired key: clients fetch new ones.
    if (saved.spent !== undefined) {
      for (const [, token] of saved.cached) {
        const slots = slotsOf(token.volume, token.client);
        if (slots !== undefined) this.cache(cacheSlot(slots.volume, token.op, slots.client), token);
      }
    }
    // Per-node sets of an older snapshot merge into one, oldest expiry first, so pruning still works.
    const spent = saved.spent ?? (saved.nonces ?? []).flat().sort((a, b) => a[1] - b[1]);
    for (const [nonce, expires] of spent) {
      const key = nonceKeyOrNaN(nonce);
      if (Number.isSafeInteger(key)) this.spent.set(key, expires);
    }
  }
}
