// A write whose pinned chunk slots (src/chunks/chunk-pins.ts) fail to sync must never be
// acknowledged: its record is cut off the journal with the rest of its batch, the kernel goes back
// to the last synced record, and a later batch syncs again. A real EIO from fdatasync needs a
// failing disk, so the worker threads' sync is wrapped to fail on request; everything else is the
// real file system.

import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { ok, TEST_KEY, tempDir } from "../helpers.js";

const fail = vi.hoisted(() => ({ next: false }));

vi.mock("../../src/persistence/parallel-sync.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/persistence/parallel-sync.js")>();
  const startSyncs = (paths: readonly string[]) => {
    const wait = real.startSyncs(paths);
    const failing = fail.next;
    fail.next = false;
    return () => {
      wait();
      if (failing) throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO", errno: -5, syscall: "fdatasync" });
    };
  };
  return { ...real, startSyncs };
});

const MiB = 1024 * 1024;
const CLUSTER = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sdc add c1; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv c1";

describe("a pinned slot whose sync fails", () => {
  it("undoes its grouped write: the record is cut, nothing of it is acknowledged, and the next batch syncs again", () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const file = join(host, "in.bin");
    let store = StateStore.open(dir);
    const session = new Session({ seed: 5, sealKey: TEST_KEY, store });
    ok(session, CLUSTER);
    const [kept, lost, next] = [randomBytes(MiB), randomBytes(MiB), randomBytes(MiB)];
    const write = (offset: number, bytes: Uint8Array) => {
      writeFileSync(file, bytes);
      ok(session, `vol write dv ${offset} --file ${file}`);
      rmSync(file);
    };
    const readBack = (from: Session, offset: number) => {
      ok(from, `vol read dv ${offset} ${MiB} --out ${host}/out.bin`);
      return readFileSync(join(host, "out.bin"));
    };
    write(0, kept);
    session.batches.groupCommits(true);
    fail.next = true;
    write(0, lost); // written, its slots' sync started (and failing), its record not yet synced
    const journal = () => readFileSync(join(dir, "journal.jsonl"), "utf8").trimEnd().split("\n");
    expect(journal()).toHaveLength(9);
    const outcome = session.commit();
    expect([outcome?.unsynced, outcome?.error]).toEqual([true, expect.stringMatching(/could not be synced \(EIO: i\/o error, fdatasync\)/)]);
    expect(journal()).toHaveLength(8);
    expect(readBack(session, 0).equals(kept)).toBe(true);
    write(MiB, next);
    expect(session.commit()).toBeUndefined();
    session.batches.groupCommits(false);
    store.close(); // no compaction: as after kill -9
    store = StateStore.open(dir);
    const reopened = new Session({ seed: 5, sealKey: TEST_KEY, store });
    expect(readBack(reopened, 0).equals(kept)).toBe(true);
    expect(readBack(reopened, MiB).equals(next)).toBe(true);
    store.close();
  });
});
