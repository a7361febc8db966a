// State files are private, and paths people give to save, load and audit export fail with one
// clear line instead of "internal error" (issue #9).

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateStore } from "../../src/persistence/state-store.js";
import { onUserPath, UserFileError } from "../../src/persistence/user-file.js";
import { Session } from "../../shell/session.js";
import { kshell, ok, startKshell, TEST_KEY, tempDir } from "../helpers.js";

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("the state directory", () => {
  it("is 0700 when kshell creates it, and every file in it 0600", () => {
    const state = join(tempDir(), "new", "state");
    const run = kshell(["--state", state], "user add ops --password s3cret\naudit export " + join(state, "..", "trail.jsonl") + "\n");
    expect(run.stderr).toBe("");
    expect(modeOf(state)).toBe(0o700);
    for (const name of ["state.json", "journal.jsonl", "audit.key"]) expect([name, modeOf(join(state, name))]).toEqual([name, 0o600]);
    expect(readFileSync(join(state, "state.json"), "utf8")).not.toContain("s3cret");
  });

  it("brings files an older kshell left readable down to 0600, and keeps the lock 0600", () => {
    const state = tempDir();
    kshell(["--state", state], "status\n");
    chmodSync(join(state, "state.json"), 0o644);
    writeFileSync(join(state, "history"), "status\n", { mode: 0o644 });
    const store = StateStore.open(state);
    expect([modeOf(join(state, "state.json")), modeOf(join(state, "history")), modeOf(join(state, "lock"))]).toEqual([0o600, 0o600, 0o600]);
    store.close();
  });

  it("writes a snapshot file 0600 with save <file>", () => {
    const file = join(tempDir(), "snap.json");
    expect(kshell([], `save ${file}\n`).status).toBe(0);
    expect(modeOf(file)).toBe(0o600);
  });
});

describe("passwords through kill -9", () => {
  it("never reach the journal or the snapshot, and the journal still replays", async () => {
    const state = tempDir();
    const run = startKshell(["--state", state], ["user add ops --password s3cret --caps CAP_SETUID", "user add alice --password a", "su alice --password a", "su ops --password s3cret"], "now ops");
    await run.seen;
    run.child.kill("SIGKILL");
    await run.exited;
    const files = readdirSync(state).map((name) => readFileSync(join(state, name), "utf8")).join("\n");
    expect(files).toContain("--password-hash");
    expect(files).not.toContain("s3cret");
    const after = kshell(["--state", state], "audit query --action user.su\nuser list\n");
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/user\.su\s+user\/ops\s+success\s+now ops/);
    expect(after.stdout).toMatch(/ops\s+1000\s+ops\s+-\s+public\s+set/);
  });
});

describe("paths people give", () => {
  it("fail with one line naming the path and the reason", () => {
    const dir = tempDir();
    const run = kshell(["--keep-going"], [`save ${dir}/nonexistent/y`, `audit export ${dir}/nonexistent/x`, `audit export ${dir}`, `load ${dir}`, `load ${dir}/none.json`, `vol create v --size 1M`, `vol read v 0 4 --out ${dir}`, `vol write v 0 --file ${dir}/none`].join("\n"));
    expect(run.stderr.split("\n")).toEqual([
      `error: line 1: cannot save to ${dir}/nonexistent/y: no such directory ${dir}/nonexistent [ENOENT]`,
      `error: line 2: cannot export to ${dir}/nonexistent/x: no such directory ${dir}/nonexistent [ENOENT]`,
      `error: line 3: cannot export to ${dir}: is a directory [EISDIR]`,
      `error: line 4: cannot load ${dir}: is a directory [EISDIR]`,
      `error: line 5: cannot load ${dir}/none.json: no such file [ENOENT]`,
      `error: line 7: cannot write ${dir}: is a directory [EISDIR]`,
      `error: line 8: cannot read ${dir}/none: no such file [ENOENT]`,
      "",
    ]);
  });

  // (Not /dev/null itself: were this broken, a test run as root would replace the machine's.)
  it("are written only when a regular file or a new path: a symlink or a named pipe stays as it is", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "target"), "keep");
    symlinkSync(join(dir, "target"), join(dir, "link"));
    expect(spawnSync("mkfifo", [join(dir, "pipe")]).status).toBe(0);
    const run = kshell(["--keep-going"], `save ${dir}/link\naudit export ${dir}/link\nsave ${dir}/pipe\n`);
    expect(run.stderr.split("\n")).toEqual([
      `error: line 1: refusing to replace ${dir}/link: it is a symbolic link, not a regular file [EINVAL] — give a regular file or a new path`,
      `error: line 2: refusing to replace ${dir}/link: it is a symbolic link, not a regular file [EINVAL] — give a regular file or a new path`,
      `error: line 3: refusing to replace ${dir}/pipe: it is a named pipe, not a regular file [EINVAL] — give a regular file or a new path`,
      "",
    ]);
    expect(lstatSync(join(dir, "link")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "target"), "utf8")).toBe("keep");
    expect(lstatSync(join(dir, "pipe")).isFIFO()).toBe(true);
  });

  it("turn errno errors into one line, EACCES included, and let anything else through as the bug it is", () => {
    const errno = (code: string) => () => {
      throw Object.assign(new Error(`${code}: from the system`), { code });
    };
    expect(() => onUserPath("export to", "/x/y", "write", errno("EACCES"))).toThrow(new UserFileError("EACCES", "cannot export to /x/y: permission denied"));
    expect(() => onUserPath("load", "/x/y", "read", errno("ENOENT"))).toThrow("cannot load /x/y: no such directory /x");
    expect(() => onUserPath("save to", "/x/y", "write", errno("EROFS"))).toThrow("cannot save to /x/y: read-only file system");
    expect(() => onUserPath("load", "/x/y", "read", errno("EWEIRD"))).toThrow("EWEIRD: from the system");
    expect(() => onUserPath("load", "/x/y", "read", () => JSON.parse("{"))).toThrow(SyntaxError);
  });

  it("fail again on replay after kill -9, so the trail and the export mark come back the same", () => {
    const dir = tempDir();
    const out = tempDir();
    const first = new Session({ seed: 4, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(first, `audit export ${out}/good.jsonl`);
    expect(first.execute(`audit export ${out}/missing/x.jsonl`).error).toBe(`error: cannot export to ${out}/missing/x.jsonl: no such directory ${out}/missing [ENOENT]`);
    expect(first.execute(`save ${out}`).ok).toBe(false);
    const before = first.kernel.toSnapshot();
    rmSync(join(out, "good.jsonl"));
    mkdirSync(join(out, "missing")); // replay must not depend on what the file system looks like now
    rmSync(join(dir, "lock"));
    const store = StateStore.open(dir);
    const second = new Session({ seed: 4, sealKey: TEST_KEY, store });
    expect(second.kernel.toSnapshot()).toEqual(before);
    expect(existsSync(join(out, "good.jsonl"))).toBe(false); // replay writes no files
    store.close();
  });
});

describe("paths given to kshell itself", () => {
  it("exit 2 with one line: a state directory that is a file or cannot be made, a script that is a directory", () => {
    const file = join(tempDir(), "plain");
    writeFileSync(file, "");
    expect(kshell(["--state", file], "status\n")).toMatchObject({ status: 2, stderr: `kshell: cannot use state ${file}: exists and is not a directory\n` });
    expect(kshell(["--state", join(file, "x")], "status\n")).toMatchObject({ status: 2, stderr: `kshell: cannot use state ${join(file, "x")}: a component of the path is not a directory\n` });
    // Linux: Node's own recursive mkdir spins forever under /proc
    if (existsSync("/proc/self")) expect(kshell(["--state", "/proc/kshell-none/state"], "status\n")).toMatchObject({ status: 2, stderr: "kshell: cannot use state /proc/kshell-none/state: no such directory\n" });
    const dir = tempDir();
    expect(kshell(["run", dir])).toMatchObject({ status: 2, stderr: `kshell: cannot run ${dir}: is a directory\n` });
  });
});
