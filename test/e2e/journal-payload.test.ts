// Through the binary: a 64 MiB vol write --file is journaled as 64 MiB of raw bytes, and after
// kill -9 the next start replays them from the journal (the host file gone), every byte back.

import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IO_LENGTH_MAX } from "../../src/limits.js";
import { kshell, startKshell, tempDir } from "../helpers.js";

describe("a journaled payload through kill -9", () => {
  it("keeps every byte of an acknowledged 64 MiB write, in about 64 MiB of journal", async () => {
    const dir = tempDir();
    const host = tempDir("kshell-host-");
    const bytes = randomBytes(IO_LENGTH_MAX);
    writeFileSync(join(host, "in.bin"), bytes);
    const run = startKshell(["--state", dir], ["vol create d --size 128M", `vol write d 4096 --file ${host}/in.bin`, "echo written"], "written");
    await run.seen;
    run.child.kill("SIGKILL");
    await run.exited;
    expect(statSync(join(dir, "journal.jsonl")).size).toBeLessThan(IO_LENGTH_MAX + 4096);
    rmSync(join(host, "in.bin"));
    const restarted = kshell(["--state", dir], `vol read d 4096 64M --out ${host}/out.bin\n`, { KSHELL_TEST_PROGRESS: "always" });
    expect(restarted.status).toBe(0);
    // progress lines forced on, however fast: the replay at start counts the bytes its record names in chunk slots, the save at exit
    expect(restarted.stderr).toMatch(/^replaying journal: 64 of 64 MiB, record 2 of 2 in (?:\d+ ms|\d+(?:\.\d)? s)\nsaving: synced 1025 of 1025 chunks in (?:\d+ ms|\d+(?:\.\d)? s)\n$/);
    expect(readFileSync(join(host, "out.bin")).equals(bytes)).toBe(true);
  }, 60_000);
});
