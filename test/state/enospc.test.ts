// A full disk and an unwritable state directory (issue 12, "Crash safety"): the command that cannot
// be made durable fails with one clear line (a script ends with a failure status), nothing acknowledged is
// lost, and the directory loads once the disk has room or is writable again. Real errors, not
// mocks: ENOSPC from a 1 MiB tmpfs filled to the last block (needs root and `mount`, as in the
// project's container), and an unwritable directory from `chattr +i` (root ignores mode bits;
// an immutable directory refuses new files, and renames, even to root).

import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { kshell, removeScratch, scratch } from "../adversarial/run.js";
import { Child } from "../crash/child.js";

const DISK = "1m"; // the tmpfs: room for a small state directory, quickly filled
const PAYLOAD_BYTES = 8192; // a --file write whose journal record (its bytes as hex) needs new blocks
const STACK_TRACE = /internal error|\n\s+at /;
const SLOW_MS = 30_000;

/** A fresh 1 MiB tmpfs, or undefined where mounting is not allowed (not root, no CAP_SYS_ADMIN). */
function smallDisk(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "kshell-enospc-"));
  if (spawnSync("mount", ["-t", "tmpfs", "-o", `size=${DISK}`, "tmpfs", dir]).status === 0) return dir;
  rmSync(dir, { recursive: true, force: true });
  return undefined;
}

function unmount(dir: string): void {
  spawnSync("umount", [dir]);
  rmSync(dir, { recursive: true, force: true });
}

/** Fills the tmpfs holding `state` to its last byte (beside the directory); returns the filler to remove. */
function fill(state: string): string {
  const filler = join(dirname(state), "filler");
  const fd = openSync(filler, "w");
  const block = Buffer.alloc(4096);
  try {
    for (;;) if (writeSync(fd, block) < block.length) break;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** Whether `chattr +i` works here (root, and a file system with the immutable flag). */
function immutable(dir: string, on: boolean): boolean {
  return spawnSync("chattr", [on ? "+i" : "-i", dir]).status === 0;
}

const probeDir = scratch("kshell-chattr-");
const canMount = (() => {
  const disk = smallDisk();
  if (disk !== undefined) unmount(disk);
  return disk !== undefined;
})();
const canChattr = immutable(probeDir, true) && immutable(probeDir, false);
const home = scratch("kshell-enospc-home-");
const payload = join(scratch("kshell-enospc-payload-"), "payload");
writeFileSync(payload, Buffer.alloc(PAYLOAD_BYTES, 7));

/** A kshell on `state` with a volume holding one acknowledged write (bytes 01). */
async function started(state: string, keepGoing = true): Promise<Child> {
  const child = new Child({ state, home, keepGoing });
  for (const line of ["vol create a --size 2M", "vol write a 0 --pattern 1 --len 1000"]) expect((await child.run(line)).ok, line).toBe(true);
  return child;
}

/** The directory loads and holds the acknowledged write, not the refused one. */
function loadsWithAcknowledged(state: string): void {
  const run = kshell(["--state", state], ["vol read a 0 4 --hex"]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("0101 0101");
}

/** One error line naming the cause, no stack trace. */
function oneClearLine(text: string, cause: RegExp): void {
  expect(text.trimEnd().split("\n"), text).toHaveLength(1);
  expect(text).toMatch(cause);
  expect(text).not.toMatch(STACK_TRACE);
}

/** The command's own error line (a state-directory failure then ends the script: its exit is tested apart). */
function firstLine(text: string): string {
  return text.split("\n")[0]!;
}

// A script ends with 1 when a command fails; kshell ends one whose state directory could not be
// written with EX_IOERR, 74 (shell/session-outcome.ts), which tells the two apart. Either is clear.
const SCRIPT_FAILED = [1, 74];
const NO_SPACE = /ENOSPC|no space left/;
const NOT_PERMITTED = /EPERM|EACCES|not permitted|permission denied|read-only/;

afterAll(() => removeScratch(true));

describe.runIf(canMount)("a full disk (ENOSPC from a filled tmpfs)", () => {
  const disks: string[] = [];
  const disk = () => {
    const made = smallDisk()!;
    disks.push(made);
    return join(made, "state");
  };
  afterAll(() => disks.forEach(unmount));

  it("fails a save with one clear line; the directory loads with every acknowledged write once there is room", async () => {
    const state = disk();
    const child = await started(state);
    const filler = fill(state);
    const save = await child.run("save");
    expect(save.ok).toBe(false);
    oneClearLine(firstLine(save.text), NO_SPACE);
    await child.kill(); // a clean exit on a full disk is the bug below
    rmSync(filler);
    loadsWithAcknowledged(state);
  }, SLOW_MS);

  it("refuses to start on a full disk (one line, exit 2), and starts once there is room", async () => {
    const state = disk();
    const child = await started(state);
    await child.kill();
    const filler = fill(state);
    const refused = kshell(["--state", state], ["vol read a 0 4 --hex"]);
    expect(refused.status).toBe(2);
    oneClearLine(refused.stderr, NO_SPACE);
    rmSync(filler);
    loadsWithAcknowledged(state);
  }, SLOW_MS);

  // BUG: StateLock.take (src/persistence/state-lock.ts) leaves its temporary lock.<pid> behind
  // when the disk is full; it stays there after later starts.
  it("refusing to start on a full disk leaves no file behind", async () => {
    const state = disk();
    await (await started(state)).kill();
    const before = readdirSync(state).filter((name) => name !== "lock").sort();
    const filler = fill(state);
    expect(kshell(["--state", state], ["vol list"]).status).toBe(2);
    rmSync(filler);
    expect(readdirSync(state).filter((name) => name !== "lock").sort()).toEqual(before);
  }, SLOW_MS);

  // Found by this test: a short journal write on a full disk was acknowledged and its torn record
  // cut off at the next start (fixed on main in 5e6a725: the record is truncated away, the command fails).
  it("keeps a write on a full disk through kill -9 if it acknowledged it, else refuses it with one clear line", async () => {
    const state = disk();
    const child = await started(state);
    const filler = fill(state);
    const write = await child.run(`vol write a 0 --file ${payload}`);
    await child.kill();
    rmSync(filler);
    if (write.ok !== true) {
      oneClearLine(firstLine(write.text), NO_SPACE);
      return loadsWithAcknowledged(state);
    }
    const back = kshell(["--state", state], ["vol read a 0 4 --hex"]);
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout, `acknowledged: ${write.text}`).toContain("0707 0707");
  }, SLOW_MS);

  // Found by a tryout: a chunk write that fills the disk is undone by replaying the journal, and
  // replay writes chunks too (a --file record's bytes go to new slots): it failed again and threw
  // out of the shell ("internal error", exit 70). kshell now stops there, saving nothing.
  it("stops, saving nothing, when undoing a write the disk refused needs the disk too; all acknowledged is there once it has room", () => {
    const state = disk();
    const half = join(dirname(payload), "half");
    writeFileSync(half, Buffer.alloc(600 * 1024, 9)); // two of these do not fit on the disk: the second fails, and so does the replay that would undo it
    const run = kshell(["--state", state], ["vol create a --size 2M", `vol write a 0 --file ${half}`, `vol write a 1M --file ${half}`, "echo not reached"]);
    expect(run.status).toBe(74);
    expect(run.stdout).not.toContain("not reached");
    oneClearLine(run.stderr, NO_SPACE);
    expect(run.stderr).toMatch(/kshell stops here and saves nothing/);
    expect(spawnSync("mount", ["-o", "remount,size=4m", dirname(state)]).status).toBe(0);
    const back = kshell(["--state", state], ["vol read a 599K 2 --hex", "vol read a 1M 2 --hex"]);
    expect(back.stderr).toBe("");
    expect(back.stdout).toMatch(/^00095c00: 0909\b/m);
    expect(back.stdout).toMatch(/^00100000: 0000\b/m); // the refused write left nothing
  }, SLOW_MS);

  // BUG: the compaction at a clean exit (SessionJournal.close -> StateStore.compact) throws ENOSPC
  // out of the shell: "kshell: internal error (a kshell bug...)" with a stack trace, exit 70.
  it("ends a script on a full disk with a failure status and no internal error", async () => {
    const state = disk();
    const child = await started(state, false);
    const filler = fill(state);
    const save = await child.run("save");
    const status = await child.close();
    rmSync(filler);
    expect(child.transcript).not.toMatch(STACK_TRACE);
    expect(save.ok).toBe(false);
    expect(SCRIPT_FAILED).toContain(status);
    loadsWithAcknowledged(state);
  }, SLOW_MS);
});

describe.runIf(canChattr)("an unwritable state directory (chattr +i)", () => {
  it("fails a save with one clear line; the directory loads with every acknowledged write once writable", async () => {
    const state = join(scratch("kshell-immutable-"), "state");
    const child = await started(state);
    immutable(state, true);
    try {
      const save = await child.run("save");
      expect(save.ok).toBe(false);
      oneClearLine(firstLine(save.text), NOT_PERMITTED);
      await child.kill();
    } finally {
      immutable(state, false);
    }
    loadsWithAcknowledged(state);
  }, SLOW_MS);

  // BUG: at a clean exit the lock cannot be removed from the immutable directory, and
  // StateLock.release (src/persistence/state-lock.ts) throws out of the shell: "internal error",
  // ENOTDIR from rmSync's retry, a stack trace, exit 70.
  it("ends a script whose state directory became unwritable with a failure status and no internal error", async () => {
    const state = join(scratch("kshell-immutable-"), "state");
    const child = await started(state, false);
    immutable(state, true);
    let status: number | null;
    try {
      await child.run("save");
      status = await child.close();
    } finally {
      immutable(state, false);
    }
    expect(child.transcript).not.toMatch(STACK_TRACE);
    expect(SCRIPT_FAILED).toContain(status);
    loadsWithAcknowledged(state);
  }, SLOW_MS);
});
