// A copy a read found failing its checksum counts against the cluster until a scrub repairs it
// (failed-copies.ts): health DEGRADED with a check naming it, the volume's data state degraded,
// kept across save and restore; repaired, rewritten or gone, it no longer counts.

import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DistributedStorageManager, type SavedCluster } from "../../modules/cluster/index.js";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace } from "../../src/chunks/chunk-space.js";
import { Clock } from "../../src/clock.js";
import { CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { tempDir, TEST_KEY } from "../helpers.js";

const MiB = 1024 ** 2;
const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

/** Two 1G nodes sds1, sds2 (two copies), dv of 8M mapped to h, chunks 0..3 written and synced to files under a temp folder. */
function cluster() {
  const root = tempDir("kshell-failed-copies-");
  folders.push(root);
  const chunks = new ChunkSpace(ChunkHost.inFolder(root));
  const clock = new Clock();
  const mdm = manager(clock, chunks);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 8 });
  for (const name of ["sds1", "sds2"]) mdm.addNode(name, "pd1/sp1", 1024 ** 3, "ssd", "");
  mdm.addClient("h");
  mdm.createVolume("dv", "pd1/sp1", 8 * MiB);
  mdm.map("dv", "h", false, false);
  for (let i = 0; i < 4; i++) mdm.write("dv", i * MiB, new Uint8Array(CLUSTER_CHUNK_SIZE).fill(i + 1), {});
  chunks.sync(); // checksums are taken as chunks are synced
  /** Overwrites every chunk file of `node` behind the cluster's back, as a failing disk would. */
  const damage = (node: string) => {
    for (const file of fs.readdirSync(path.join(root, "sds", node))) fs.writeFileSync(path.join(root, "sds", node, file), Buffer.alloc(CLUSTER_CHUNK_SIZE, 0xee));
  };
  /** The file of `node` holding dv's chunk `index` (written full of index + 1), found by its bytes. */
  const fileOf = (node: string, index: number) => fs.readdirSync(path.join(root, "sds", node)).find((file) => fs.readFileSync(path.join(root, "sds", node, file))[0] === index + 1)!;
  return { mdm, clock, chunks, damage, fileOf, folder: (node: string) => path.join(root, "sds", node) };
}

const manager = (clock: Clock, chunks: ChunkSpace) => new DistributedStorageManager(clock, new Rng(3), TEST_KEY, undefined, undefined, chunks);
const checks = (mdm: DistributedStorageManager) => mdm.healthReport().checks.map((c) => `${c.check}: ${c.detail}`);

describe("copies failing their checksum", () => {
  it("keep health DEGRADED, naming each copy, and the volume degraded, until a scrub repairs them", () => {
    const { mdm, damage } = cluster();
    expect(mdm.healthReport().status).toBe("HEALTHY");
    damage("sds1");
    for (let i = 0; i < 4; i++) expect(mdm.read("dv", i * MiB, 2, { client: "h" })).toEqual(new Uint8Array([i + 1, i + 1])); // served by sds2
    expect(mdm.healthReport().status).toBe("DEGRADED");
    expect(checks(mdm)).toEqual([expect.stringMatching(/^COPIES_FAILED: 4 copies failed their checksums on read: dv at 0 on sds1 \(sds\/sds1\/\d+\.chunk\), dv at 1M on sds1 .*, dv at 3M on sds1 \(sds\/sds1\/\d+\.chunk\); reads use the other copies until cluster scrub repairs them$/)]);
    expect(mdm.dataState("dv")).toBe("degraded");
    expect(mdm.scrub().repaired).toHaveLength(4);
    expect(mdm.healthReport()).toEqual({ status: "HEALTHY", checks: [] });
    expect(mdm.dataState("dv")).toBe("whole");
  });

  it("are remembered across save and restore, and forgotten once repaired", () => {
    const { mdm, clock, chunks, damage } = cluster();
    damage("sds1");
    mdm.read("dv", MiB, 2, { client: "h" });
    const restored = manager(clock, chunks);
    restored.restore(JSON.parse(JSON.stringify(mdm.toJSON())) as SavedCluster);
    expect(checks(restored)).toEqual([expect.stringMatching(/^COPIES_FAILED: 1 copy failed its checksum on read: dv at 1M on sds1 \(sds\/sds1\/\d+\.chunk\);/)]);
    restored.scrub();
    const again = manager(clock, chunks);
    again.restore(JSON.parse(JSON.stringify(restored.toJSON())) as SavedCluster);
    expect(again.healthReport().status).toBe("HEALTHY");
  });

  it("no longer count once rewritten by a later write, or gone with their volume", () => {
    const { mdm, damage } = cluster();
    damage("sds1");
    mdm.read("dv", 0, 2, { client: "h" });
    mdm.read("dv", 2 * MiB, 2, { client: "h" });
    mdm.write("dv", 0, new Uint8Array(CLUSTER_CHUNK_SIZE).fill(9), {}); // chunk 0 written whole again on both nodes
    expect(checks(mdm)).toEqual([expect.stringMatching(/^COPIES_FAILED: 1 copy failed its checksum on read: dv at 2M on sds1 \(sds\/sds1\/\d+\.chunk\);/)]);
    mdm.unmap("dv", "h");
    mdm.deleteVolume("dv");
    expect(mdm.healthReport().status).toBe("HEALTHY");
  });

  it("are named by volume, offset and the file a person finds, with what is wrong with it: missing, empty, short, or bytes that do not match", () => {
    const alerts: string[] = [];
    const { mdm, fileOf, folder } = cluster();
    const files = [0, 1, 2, 3].map((index) => fileOf("sds1", index));
    expect(new Set(files).size).toBe(4);
    fs.rmSync(path.join(folder("sds1"), files[0]!));
    fs.writeFileSync(path.join(folder("sds1"), files[1]!), "");
    fs.writeFileSync(path.join(folder("sds1"), files[2]!), Buffer.alloc(1000, 3));
    fs.writeFileSync(path.join(folder("sds1"), files[3]!), Buffer.alloc(CLUSTER_CHUNK_SIZE, 0xee));
    for (let i = 0; i < 4; i++) expect(mdm.read("dv", i * MiB + 8, 1, { client: "h" })).toEqual(new Uint8Array([i + 1]));
    for (const alert of mdm.health.alerts) if (alert.severity === "ERROR") alerts.push(alert.message);
    const why = ["the file is missing", "the file is empty", "the file is short: 1000 of 1048576 bytes", "its bytes do not match their checksum"];
    expect(alerts).toEqual(why.map((what, i) => `copy of dv at byte ${i * MiB + 8} on sds1 fails its checksum (chunk ${i} of dv, file sds/sds1/${files[i]}: ${what}): reads go to another copy; cluster scrub repairs it`));
    expect(checks(mdm)[0]).toContain(`dv at 0 on sds1 (sds/sds1/${files[0]}), dv at 1M on sds1 (sds/sds1/${files[1]}), dv at 2M on sds1 (sds/sds1/${files[2]}), dv at 3M on sds1 (sds/sds1/${files[3]})`);
    expect(mdm.scrub().repaired.map((r) => `${r.key} ${r.file}`)).toEqual(files.map((file, i) => `dv#${i} sds/sds1/${file}`));
  });
});
