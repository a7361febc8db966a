// IO tokens against an attacker (issue 10): the signing key is the state directory's secret, not
// the seed's; a token is single-use across the cluster; a node refuses a token for a chunk it does
// not hold; the cached mode keeps its documented reuse; the saved form carries no key.

import { describe, expect, it } from "vitest";
import { DistributedStorageManager, type SavedCluster } from "../../modules/cluster/index.js";
import { TokenAuthority, type IoRequest } from "../../modules/cluster/tokens.js";
import { tokenKeyFor } from "../../modules/cluster/token-service.js";
import { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE, SPENT_NONCE_MAX, TOKEN_TTL_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

const SEED = 11;
const OTHER_KEY = new Uint8Array(32).fill(9);
const REQUEST: IoRequest = { volume: "dv", op: "write", offset: 0, length: 4096, client: "c1" };

/** A pool of 2 copies on 3 nodes and a mapped 8 MiB volume, with the token key from `secret`. */
function cluster(secret: Uint8Array = TEST_KEY) {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(SEED), secret);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 16 });
  for (const name of ["sds1", "sds2", "sds3"]) mdm.addNode(name, "pd1/sp1", 1024 ** 3, "ssd", "");
  mdm.topology.clients.allocate("c1");
  mdm.createVolume("dv", "pd1/sp1", 8 * CLUSTER_CHUNK_SIZE);
  mdm.map("dv", "c1", false, false);
  return { clock, mdm };
}

/** The nodes holding chunk 0 of dv, and one that does not. */
function nodesOf(mdm: DistributedStorageManager) {
  const holders = mdm.topology.replicasOf(mdm.topology.shardFor(mdm.topology.pools.find("pd1/sp1"), "dv", 0));
  const other = mdm.topology.nodes.slots().find((n) => !holders.includes(n))!;
  return { holders, names: holders.map((n) => mdm.topology.nodes.nameOf(n)), other: mdm.topology.nodes.nameOf(other) };
}

describe("the token signing key", () => {
  it("comes from the state directory's secret: same seed, different secrets, no token crosses over", () => {
    const a = cluster(TEST_KEY);
    const b = cluster(OTHER_KEY);
    const fromA = a.mdm.issueToken(REQUEST);
    const fromB = b.mdm.issueToken(REQUEST);
    expect(fromB.nonce).toBe(fromA.nonce); // the same seed draws the same nonces...
    const node = nodesOf(b.mdm).holders[0]!;
    expect(() => b.mdm.verifyToken(fromA, REQUEST, node)).toThrow(/bad signature \(forged or altered\)/); // ...but the signatures differ
    expect(() => a.mdm.verifyToken(fromB, REQUEST, node)).toThrow(/bad signature/);
    b.mdm.verifyToken(fromB, REQUEST, node);
  });

  it("cannot be recomputed from the seed: a long-lived token forged with the old seed-derived key is refused", () => {
    const { mdm } = cluster();
    const seeded = new Rng(SEED);
    const oldKey = Buffer.from(Array.from({ length: 8 }, () => seeded.nextUint32().toString(16).padStart(8, "0")).join(""), "hex");
    const forged = new TokenAuthority(oldKey).issue({ ...REQUEST, length: 8 * CLUSTER_CHUNK_SIZE }, 1e12, "forged", true);
    const node = nodesOf(mdm).holders[0]!;
    expect(() => mdm.verifyToken(forged, { ...REQUEST, length: 8 * CLUSTER_CHUNK_SIZE }, node)).toThrow(expect.objectContaining({ code: "EACCES", message: `node ${mdm.topology.nodes.nameOf(node)} refused the IO token for dv: bad signature (forged or altered)` }));
  });

  it("is derived, not the secret itself, and is never in the saved form", () => {
    const { mdm } = cluster();
    mdm.write("dv", 0, new Uint8Array([1]), {});
    const saved = JSON.stringify(mdm.toJSON());
    expect(tokenKeyFor(TEST_KEY).equals(Buffer.from(TEST_KEY))).toBe(false);
    expect(saved).not.toContain(tokenKeyFor(TEST_KEY).toString("hex"));
    expect(saved).not.toContain(Buffer.from(TEST_KEY).toString("hex"));
    expect(Object.keys(mdm.toJSON().tokens)).not.toContain("key");
  });

  it("a snapshot from before (key and per-node nonces saved) loads: its key is ignored, its spent nonces still count", () => {
    const first = cluster();
    const token = first.mdm.issueToken(REQUEST);
    const saved = JSON.parse(JSON.stringify(first.mdm.toJSON())) as SavedCluster & { tokens: Record<string, unknown> };
    const old = { ...saved, tokens: { key: "ab".repeat(32), lastIssued: "", cache: false, cached: [], nonces: [[], [[token.nonce, token.expiresMs]], []] } };
    const clock = new Clock();
    clock.advanceTo(first.clock.now());
    const second = new DistributedStorageManager(clock, new Rng(SEED), TEST_KEY);
    second.restore(old as unknown as SavedCluster);
    expect(() => second.verifyToken(token, REQUEST, 0)).toThrow(`node sds1 refused the IO token for dv: nonce ${token.nonce} already used (replay)`);
    expect(Object.keys(second.toJSON().tokens)).toEqual(["lastIssued", "cache", "cached", "spent"]);
  });

  it("makes a kernel refuse what another kernel with the same seed and another state directory issued", () => {
    const setup = ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2", "cluster sds add a --pool pd1/sp1 --capacity 1G", "cluster sds add b --pool pd1/sp1 --capacity 1G", "cluster sdc add h1", "vol create dv --type distributed --pool pd1/sp1 --size 8M", "cluster map dv h1"];
    const mine = newSession({ seed: 3, sealKey: TEST_KEY });
    const theirs = newSession({ seed: 3, sealKey: OTHER_KEY });
    for (const line of setup) (ok(mine, line), ok(theirs, line));
    const shown = ok(theirs, "cluster token issue dv write 0 4K --sdc h1");
    expect(shown).toEqual([expect.stringMatching(/^token for write of 4K at 0 on dv by h1: nonce \w+, expires in 1m, single use$/)]);
    const text = ok(theirs, "cluster token issue dv write 0 4K --sdc h1 --text")[1]!;
    const refused = mine.execute(`cluster token verify ${text}`);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? "" : refused.error).toMatch(/refused the IO token for dv: bad signature \(forged or altered\)/);
    expect(ok(theirs, `cluster token verify ${text}`)[0]).toMatch(/^accepted by [ab]: write on dv/);
  });
});

describe("single use across the cluster", () => {
  it("a token spent on one node is refused as a replay on the other node holding the chunk", () => {
    const { mdm } = cluster();
    const { holders } = nodesOf(mdm);
    const token = mdm.issueToken(REQUEST);
    mdm.verifyToken(token, REQUEST, holders[0]!);
    expect(() => mdm.verifyToken(token, REQUEST, holders[1]!)).toThrow(expect.objectContaining({ code: "EACCES", message: `node ${mdm.topology.nodes.nameOf(holders[1]!)} refused the IO token for dv: nonce ${token.nonce} already used (replay)` }));
  });

  it("a node that does not hold the token's chunk refuses it, and the token stays unspent for one that does", () => {
    const { mdm } = cluster();
    const { names, other } = nodesOf(mdm);
    mdm.issueToken(REQUEST);
    const text = mdm.encode(mdm.issueToken(REQUEST));
    expect(() => mdm.presentToken(text, other)).toThrow(expect.objectContaining({ code: "EACCES", message: `node ${other} refused the IO token for dv: it holds no chunk the token covers (chunk 0 is on ${names.join(",")})` }));
    expect(mdm.presentToken(text, names[1]).node).toBe(names[1]);
    expect(() => mdm.presentToken(text, names[0])).toThrow(/already used \(replay\)/);
  });

  it("one IO carries its token to every copy it writes: writes and reads still succeed", () => {
    const { mdm } = cluster();
    mdm.write("dv", CLUSTER_CHUNK_SIZE - 2, new Uint8Array([1, 2, 3, 4]), {}); // two chunks, up to four nodes, one token
    expect([...mdm.read("dv", CLUSTER_CHUNK_SIZE - 2, 4, {})]).toEqual([1, 2, 3, 4]);
  });

  it("cached tokens (off by default) are reused on any node until they expire, as documented", () => {
    const { mdm, clock } = cluster();
    mdm.setTokenCache(true);
    mdm.write("dv", 0, new Uint8Array([5]), {});
    const [, cached] = mdm.toJSON().tokens.cached[0]!;
    const { holders } = nodesOf(mdm);
    for (const node of [...holders, ...holders]) mdm.verifyToken(cached, { ...REQUEST, length: 1 }, node);
    clock.advance(TOKEN_TTL_MS);
    expect(() => mdm.verifyToken(cached, { ...REQUEST, length: 1 }, holders[0]!)).toThrow(expect.objectContaining({ code: "ETIMEDOUT" }));
  });

  it("remembers at most SPENT_NONCE_MAX spent nonces, refusing more until they expire and are pruned", () => {
    const { mdm, clock } = cluster();
    const node = nodesOf(mdm).holders[0]!;
    for (let i = 0; i < SPENT_NONCE_MAX; i++) mdm.verifyToken(mdm.issueToken(REQUEST), REQUEST, node);
    const one = mdm.issueToken(REQUEST);
    expect(() => mdm.verifyToken(one, REQUEST, node)).toThrow(expect.objectContaining({ code: "EBUSY", message: expect.stringContaining(`${SPENT_NONCE_MAX} tokens were spent in the last 60 s (SPENT_NONCE_MAX)`) }));
    clock.advance(TOKEN_TTL_MS);
    mdm.verifyToken(mdm.issueToken(REQUEST), REQUEST, node);
    expect(mdm.toJSON().tokens.spent).toHaveLength(1);
  });
});
