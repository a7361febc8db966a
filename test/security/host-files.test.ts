// Host files from inside the simulator (issue #10): --file, --out, save, load and audit export
// touch the host with kshell's own rights, so each is a gated, audited operation of its own
// (CAP_DAC_READ_SEARCH to read, CAP_DAC_OVERRIDE to write), never on the state directory's own
// files (by real path), only on regular files, and sized before a byte is read.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { IO_LENGTH_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { ok, TEST_KEY, tempDir, withoutChunkSlots } from "../helpers.js";

function withState(): { session: Session; dir: string; host: string } {
  const dir = tempDir();
  const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
  ok(session, "save; vol create d --size 1M; sec chmod vol/d 666"); // state.json exists from here
  const host = tempDir("kshell-host-");
  writeFileSync(join(host, "in.bin"), "hello host");
  return { session, dir, host };
}

describe("host files", () => {
  it("need CAP_DAC_READ_SEARCH to read and CAP_DAC_OVERRIDE to write, denied and audited like any operation", () => {
    const { session, host } = withState();
    ok(session, "user add alice --caps CAP_SYS_ADMIN,CAP_AUDIT_READ; su alice");
    const input = join(host, "in.bin");
    expect(session.execute(`vol write d 0 --file ${input}`).error).toBe(
      `error: permission denied: alice may not host.read host${input}: CAP_DAC_READ_SEARCH is not in alice's capability set [EPERM] — sec why alice host.read host${input}`,
    );
    expect(ok(session, "vol read d 0 5 --hex")[0]).toContain("0000 0000 00");
    for (const line of [`vol read d 0 4 --out ${host}/out`, `save ${host}/out`, `audit export ${host}/out`]) {
      expect(session.execute(line).error).toContain(`alice may not host.write host${host}/out: CAP_DAC_OVERRIDE is not in alice's capability set`);
    }
    expect(existsSync(join(host, "out"))).toBe(false);
    expect(ok(session, `sec why alice host.read host${input}`)[0]).toBe(`alice host.read host${input}: DENIED by capability — CAP_DAC_READ_SEARCH is not in alice's capability set`);
    ok(session, "exit; user add reader --caps CAP_DAC_READ_SEARCH; sec chmod vol/d 666; su reader");
    expect(ok(session, `vol write d 0 --file ${input}`)[0]).toMatch(/^wrote 10 bytes to d at 0/);
    ok(session, "exit");
    expect(ok(session, "audit query --action host.read").join("\n")).toMatch(/host\.read\s+host\S+in\.bin\s+success/);
  });

  it("never reach the state directory's own files, even for root, by link or ../ either", () => {
    const { session, dir, host } = withState();
    writeFileSync(join(dir, "audit.key"), "not for alice"); // the test session's key is given, not kept there
    const key = readFileSync(join(dir, "audit.key"));
    symlinkSync(join(dir, "audit.key"), join(host, "key-link"));
    symlinkSync(dir, join(host, "dir-link"));
    const sneaky = [join(dir, "audit.key"), `${dir}/../${basename(dir)}/audit.key`, join(host, "key-link"), join(host, "dir-link", "state.json")];
    for (const path of sneaky) {
      expect(session.execute(`vol write d 0 --file ${path}`).error).toMatch(new RegExp(`^error: cannot read ${path.replaceAll(".", "\\.")}: it is in the state directory .*, whose files are kshell's own \\[EACCES\\]`));
    }
    expect(session.execute(`load ${join(host, "dir-link", "state.json")}`).error).toContain("whose files are kshell's own");
    expect(session.execute(`save ${join(dir, "state.json")}`).error).toContain(`cannot save to ${join(dir, "state.json")}: it is in the state directory`);
    expect(session.execute(`audit export ${join(host, "dir-link", "journal.jsonl")}`).error).toContain("whose files are kshell's own");
    expect(session.execute(`vol read d 0 4 --out ${join(dir, "history")}`).error).toContain("whose files are kshell's own");
    expect(existsSync(join(dir, "history"))).toBe(false);
    expect(ok(session, "vol read d 0 5 --hex")[0]).toContain("0000 0000 00");
    expect(readFileSync(join(dir, "audit.key"))).toEqual(key);
    expect(readFileSync(join(dir, "state.json"), "utf8")).toContain('"format":"kshell-state"'); // the refused load's snapshot, not a save
  });

  it("read only regular files, sized before a byte is read", () => {
    const { session, host } = withState();
    const fifo = join(host, "fifo");
    spawnSync("mkfifo", [fifo]);
    mkdirSync(join(host, "sub"));
    const big = join(host, "big");
    writeFileSync(big, "");
    truncateSync(big, IO_LENGTH_MAX + 1); // sparse: nothing to read but its size
    expect(session.execute("vol write d 0 --file /dev/zero").error).toBe("error: cannot read /dev/zero: not a regular file [EINVAL]");
    expect(session.execute(`vol write d 0 --file ${fifo}`).error).toBe(`error: cannot read ${fifo}: not a regular file [EINVAL]`);
    expect(session.execute(`vol write d 0 --file ${host}/sub`).error).toBe(`error: cannot read ${host}/sub: is a directory [EISDIR]`);
    expect(session.execute(`vol write d 0 --file ${big}`).error).toBe(`error: cannot read ${big}: it is ${IO_LENGTH_MAX + 1} bytes; the limit is 64M [EINVAL]`);
    expect(session.execute(`load ${fifo}`).error).toContain("not a regular file");
    expect(ok(session, "vol show d").join("\n")).not.toMatch(/used\s+[1-9]/i);
  });

  it("journal what they read, so replay after kill -9 needs no file and no right to it", () => {
    const { session, dir, host } = withState();
    ok(session, `vol write d 0 --file ${host}/in.bin`);
    expect(session.execute(`vol write d 0 --file ${dir}/audit.key`).ok).toBe(false);
    const journal = readFileSync(join(dir, "journal.jsonl"), "utf8");
    expect(journal).toMatch(new RegExp(`"line":"vol write d 0 --file ${host}/in.bin","chunks":\\{"devices":\\[\\["local/ssd",65536\\]\\],"pieces":\\[\\[0,\\d+,0,10,\\d+\\]\\]\\},"mac":"[0-9a-f]{64}"}\n`)); // the chunk slot holding the bytes, not the bytes
    expect(session.execute("vol write d 0 --file-hex 41").error).toBe("error: vol write: --file-hex is only read back from the journal, never typed [EPERM] — give --file");
    rmSync(join(host, "in.bin"));
    rmSync(join(dir, "lock"));
    const replayed = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    expect(withoutChunkSlots(replayed.kernel.toSnapshot())).toEqual(withoutChunkSlots(session.kernel.toSnapshot())); // the same audit entries too
    expect(ok(replayed, "vol read d 0 10")).toEqual(["hello host"]);
  });
});
