// `save <file>` carries the kernel's bytes beside the snapshot (<file>.chunks, chunk-bundle.ts):
// `load <file>` in another session brings local and distributed bytes along; a bundle edited,
// cut or missing is refused, naming it, and the loading session keeps what it had.

import { readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChunkFolders } from "../../src/chunks/chunk-folders.js";
import { newSession, ok, tempDir } from "../helpers.js";

const CLUSTER = ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2", "cluster sds add s1 --pool pd1/sp1 --capacity 1G", "cluster sds add s2 --pool pd1/sp1 --capacity 1G", "cluster sdc add h1", "vol create dv --type distributed --pool pd1/sp1 --size 64M", "cluster map dv h1"];

/** A session whose chunks are files in a folder of its own, with a local and a distributed volume written. */
function savedScenario(): { file: string } {
  const session = newSession({ chunkFolders: ChunkFolders.under(tempDir()) });
  ok(session, "vol create db --size 16T");
  ok(session, "vol write db 17592186044400 --data last-bytes");
  ok(session, "vol write db 70000 --data hello");
  for (const line of CLUSTER) ok(session, line);
  ok(session, "vol write dv 3000000 --data distributed");
  const file = join(tempDir(), "scenario.json");
  ok(session, `save ${file}`);
  return { file };
}

const loadingSession = () => newSession({ chunkFolders: ChunkFolders.under(tempDir()) });

describe("save <file> carries the bytes", () => {
  it("load in another session reads back local and distributed bytes", () => {
    const { file } = savedScenario();
    expect(statSync(`${file}.chunks`).size).toBe(2 * 64 * 1024 + 2 * 1024 * 1024); // two local chunks, one distributed chunk on two nodes
    expect(readFileSync(file, "utf8")).not.toContain("hello");
    const other = loadingSession();
    ok(other, `load ${file}`);
    expect(ok(other, "vol read db 70000 5")).toEqual(["hello"]);
    expect(ok(other, "vol read db 17592186044400 10")).toEqual(["last-bytes"]);
    expect(ok(other, "vol read dv 3000000 11")).toEqual(["distributed"]);
  });

  it("refuses a bundle with a changed byte, naming it, and keeps the loading kernel", () => {
    const { file } = savedScenario();
    const bundle = readFileSync(`${file}.chunks`);
    bundle[100] = bundle[100]! ^ 0xff;
    writeFileSync(`${file}.chunks`, bundle);
    const other = loadingSession();
    ok(other, "vol create mine --size 1M");
    expect(other.execute(`load ${file}`).error).toMatch(/cannot load .*: chunk \d+ of local\/ssd does not match its checksum in the snapshot's bytes \[EINVAL\]|does not match the snapshot's SHA-256/);
    expect(ok(other, "vol list").join("\n")).toContain("mine");
  });

  it("refuses a bundle cut short or missing", () => {
    const { file } = savedScenario();
    truncateSync(`${file}.chunks`, 1000);
    expect(loadingSession().execute(`load ${file}`).error).toContain(`${file}.chunks holds 1000 bytes, the snapshot names`);
    rmSync(`${file}.chunks`);
    expect(loadingSession().execute(`load ${file}`).error).toContain(`${file}.chunks (the snapshot's chunk bytes) is missing or not a regular file`);
  });
});
