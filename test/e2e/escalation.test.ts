// The escalations of issue #10 through the binary, as a user would try them: a simulated user
// copying audit.key into a volume, /dev/zero as a payload, labels for objects that do not exist.

import { linkSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kshell, tempDir } from "../helpers.js";

describe("escalation through the binary", () => {
  it("keeps audit.key out of a volume, for a simulated user and for root, and refuses /dev/zero at once", () => {
    const state = tempDir();
    const script = [
      "vol create d --size 1M",
      "sec chmod vol/d 666",
      "user add alice",
      "su alice",
      `vol write d 0 --file ${state}/audit.key`,
      "exit",
      `vol write d 0 --file ${state}/../${state.split("/").pop()}/audit.key`,
      "vol write d 0 --file /dev/zero",
      "vol read d 0 4 --hex",
      "",
    ].join("\n");
    const run = kshell(["--state", state, "--keep-going"], script);
    expect(run.stderr.split("\n").filter((line) => line !== "")).toEqual([
      `error: line 5: permission denied: alice may not host.read host${state}/audit.key: CAP_DAC_READ_SEARCH is not in alice's capability set [EPERM] — sec why alice host.read host${state}/audit.key`,
      `error: line 7: cannot read ${state}/../${state.split("/").pop()}/audit.key: it is in the state directory ${state}, whose files are kshell's own [EACCES] — give a path outside the state directory`,
      "error: line 8: cannot read /dev/zero: not a regular file [EINVAL]",
    ]);
    expect(run.stdout).toContain("00000000: 0000 0000");
    expect(readFileSync(join(state, "audit.key")).length).toBeGreaterThan(0);
  });

  it("keeps the default state directory's key out of a run without --state (it seals that run)", () => {
    const home = tempDir("kshell-home-");
    const run = kshell([], `vol create d --size 1M\nvol write d 0 --file ${home}/audit.key\n`, { KSHELL_HOME: home });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: line 2: cannot read ${home}/audit.key: it is in the state directory ${home}, whose files are kshell's own [EACCES] — give a path outside the state directory\n`);
  });

  it("refuses a hard link to the state directory's key as it refuses the key", () => {
    const state = tempDir();
    kshell(["--state", state], "echo made\n");
    const link = join(tempDir(), "innocent");
    linkSync(join(state, "audit.key"), link);
    const run = kshell(["--state", state], `vol create d --size 1M\nvol write d 0 --file ${link}\n`);
    expect(run.stderr).toBe(`error: line 2: cannot read ${link}: it is in the state directory ${state}, whose files are kshell's own [EACCES] — give a path outside the state directory\n`);
  });

  it("gives root's new volume its own label after a user tried to fill the label table", () => {
    const lines = ["user add alice --caps CAP_SYS_ADMIN", "su alice", "vol create mine --size 1M"];
    for (let i = 1; i <= 1100; i++) lines.push(`sec chmod vol/mine/j${i} 600`);
    lines.push("exit", "vol create rootvol --size 1M", "sec ls vol", "");
    const run = kshell(["--keep-going"], lines.join("\n"));
    expect(run.stderr.split("\n").filter((line) => line !== "")).toHaveLength(1100);
    expect(run.stdout).toContain("created volume rootvol");
    expect(run.stdout).toMatch(/rw-r-----\s+root\s+root\s+public\s+vol\/rootvol/);
  });
});
