// The MDM's side of IO tokens: its signing key (drawn from the kernel's seeded PRNG, so runs
// replay exactly), the nonces each storage node has seen, the optional client-side cache of
// reusable tokens, and the last token handed out by `cluster token issue`.

import type { Clock } from "../../src/clock.js";
import { fail } from "../../src/errors.js";
import { STORAGE_NODE_MAX } from "../../src/limits.js";
import type { Rng } from "../../src/rng.js";
import { decodeToken, encodeToken, TokenAuthority, type IoRequest, type IoToken } from "./tokens.js";

const CACHE_MARGIN_MS = 5_000; // a cached token is renewed this long before it expires

export class TokenService {
  private keyHex: string;
  private authority: TokenAuthority;
  private lastIssued = "";
  private caching = false;
  private readonly cached = new Map<string, IoToken>(); // volume|op|client -> token; bounded by volumes x 2 x clients
  private readonly nonces: Map<string, number>[] = Array.from({ length: STORAGE_NODE_MAX }, () => new Map()); // bounded by IO rate x TTL

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {
    this.keyHex = Array.from({ length: 8 }, () => rng.nextUint32().toString(16).padStart(8, "0")).join("");
    this.authority = new TokenAuthority(Buffer.from(this.keyHex, "hex"));
  }

  setCache(enabled: boolean): void {
    this.caching = enabled;
    this.cached.clear();
  }

  cacheEnabled(): boolean {
    return this.caching;
  }

  /** The token an IO presents: a fresh single-use one, or, with the cache on, a reusable one until near expiry. */
  forIo(request: IoRequest, volumeSize: number): IoToken {
    if (!this.caching) return this.issue(request);
    const key = `${request.volume}|${request.op}|${request.client}`;
    const cached = this.cached.get(key);
    if (cached !== undefined && cached.expiresMs - this.clock.now() > CACHE_MARGIN_MS) return cached;
    const token = this.authority.issue({ ...request, offset: 0, length: volumeSize }, this.clock.now(), this.nextNonce(), true);
    this.cached.set(key, token);
    return token;
  }

  /** Drops cached tokens of a volume that was resized or deleted. */
  forgetVolume(volume: string): void {
    for (const key of [...this.cached.keys()]) if (key.startsWith(`${volume}|`)) this.cached.delete(key);
  }

  issue(request: IoRequest): IoToken {
    return this.authority.issue(request, this.clock.now(), this.nextNonce());
  }

  private nextNonce(): string {
    return (this.rng.nextUint32() * 2 ** 21 + (this.rng.nextUint32() >>> 11)).toString(36); // 53 random bits
  }

  /** What storage node `node` does with a presented token. */
  verify(token: IoToken, request: IoRequest, node: number, nodeName: string): void {
    this.authority.verify(token, request, this.clock.now(), this.nonces[node]!, nodeName);
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

  /** A node that left: its memory of nonces goes with it. */
  forgetNode(node: number): void {
    this.nonces[node]!.clear();
  }

  toJSON() {
    return { key: this.keyHex, lastIssued: this.lastIssued, cache: this.caching, cached: [...this.cached.entries()], nonces: this.nonces.map((map) => [...map.entries()]) };
  }

  restore(saved: ReturnType<TokenService["toJSON"]>): void {
    this.keyHex = saved.key;
    this.authority = new TokenAuthority(Buffer.from(saved.key, "hex"));
    this.lastIssued = saved.lastIssued;
    this.caching = saved.cache;
    for (const [key, token] of saved.cached) this.cached.set(key, token);
    saved.nonces.forEach((entries, node) => entries.forEach(([nonce, expires]) => this.nonces[node]!.set(nonce, expires)));
  }
}
