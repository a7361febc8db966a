// Errors about host files say where kshell looked: a relative path names the directory it was
// taken from, and a missing directory on the way is named instead of "no such file".

import { spawnSync } from "node:child_process";
import { mkdirSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KSHELL, tempDir } from "../helpers.js";

/** The binary run from `cwd` with `args` and `input`. */
function kshellIn(cwd: string, args: readonly string[], input = "") {
  return spawnSync(process.execPath, [KSHELL, ...args], { cwd, input, encoding: "utf8", env: { ...process.env, KSHELL_HOME: tempDir("kshell-home-"), NO_COLOR: "1" } });
}

describe("file errors say where they looked", () => {
  const home = realpathSync(tempDir("kshell-cwd-")); // the shell's process.cwd() is the real path
  mkdirSync(join(home, "d"));

  it("names the working directory for a relative path, in every command that touches a host file", () => {
    const lines = [
      "load notes.txt",
      "pod apply -f web.yaml",
      "vol create v --size 1M",
      "vol write v 0 --file data.bin",
      "vol read v 0 4 --out out/v.bin",
      "save out/deeper/state.json",
      "audit export out/a.jsonl",
      "load d",
    ];
    const run = kshellIn(home, ["--keep-going"], lines.join("\n"));
    expect(run.stderr.split("\n")).toEqual([
      `error: line 1: cannot load notes.txt in ${home}: no such file [ENOENT]`,
      `error: line 2: cannot read web.yaml in ${home}: no such file [ENOENT]`,
      `error: line 4: cannot read data.bin in ${home}: no such file [ENOENT]`,
      `error: line 5: cannot write out/v.bin in ${home}: no such directory out [ENOENT]`,
      `error: line 6: cannot save to out/deeper/state.json in ${home}: no such directory out [ENOENT]`,
      `error: line 7: cannot export to out/a.jsonl in ${home}: no such directory out [ENOENT]`,
      `error: line 8: cannot load d in ${home}: is a directory [EISDIR]`,
      "",
    ]);
  });

  it("says the same for kshell run, and names the missing directory of an absolute path", () => {
    expect(kshellIn(home, ["run", "notes.ksh"])).toMatchObject({ status: 2, stderr: `kshell: cannot run notes.ksh in ${home}: no such file\n` });
    expect(kshellIn(home, ["run", "d"])).toMatchObject({ status: 2, stderr: `kshell: cannot run d in ${home}: is a directory\n` });
    expect(kshellIn(home, ["--keep-going"], `vol create v --size 1M\nvol write v 0 --file ${home}/none/x.bin\n`).stderr).toBe(`error: line 2: cannot read ${home}/none/x.bin: no such directory ${home}/none [ENOENT]\n`);
  });
});
