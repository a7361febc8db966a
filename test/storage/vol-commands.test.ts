// Issue #9, storage commands: wrong files, lengths and QoS calls are clear errors (never an
// internal error), sizes in messages use the units people type, and vol qos alone shows limits.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/units.js";
import { newSession, ok, tempDir } from "../helpers.js";

function error(line: string, setup = "vol create v --size 1M"): string {
  const session = newSession();
  ok(session, setup);
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!;
}

describe("file errors name the path and the reason", () => {
  it.each([
    ["vol read v 0 4 --out /nonexistent/z", "error: cannot write /nonexistent/z: no such directory /nonexistent [ENOENT]"],
    ["vol read v 0 4 --out /tmp", "error: cannot write /tmp: is a directory [EISDIR]"],
    ["vol write v 0 --file /nonexistent/q", "error: cannot read /nonexistent/q: no such directory /nonexistent [ENOENT]"],
    ["vol write v 0 --file /tmp", "error: cannot read /tmp: is a directory [EISDIR]"],
    ["vol write v 0 --file /dev/zero", "error: cannot read /dev/zero: not a regular file [EINVAL]"],
    ["vol read v 0 4 --out ''", "error: vol read --out needs a path [EINVAL]"],
    ["vol detach v", "error: cannot detach volume 'v': it is Available [EBUSY] — legal from Available: attach, snapshot, delete"],
  ])("%s", (line, expected) => {
    expect(error(line)).toBe(expected);
  });

  it("still writes --out files and reads --file files", () => {
    const dir = tempDir();
    const session = newSession();
    ok(session, "vol create v --size 1M; vol write v 0 --data hello");
    ok(session, `vol read v 0 5 --out ${join(dir, "out")}`);
    expect(readFileSync(join(dir, "out"), "utf8")).toBe("hello");
    ok(session, `vol write v 8 --file ${join(dir, "out")}`);
    expect(ok(session, "vol read v 8 5")).toEqual(["hello"]);
  });
});

describe("lengths and sizes", () => {
  it("refuses a pattern over the 64M IO limit before building it, in the units typed", () => {
    expect(error("vol write v 0 --pattern 7 --len 1G")).toBe("error: IO of 1G is over the 64M per-command limit (IO_LENGTH_MAX) [EINVAL] — split it into several commands");
    expect(error("vol read v 0 100M")).toMatch(/^error: IO of 100M is over the 64M per-command limit/);
    expect(error("vol read v@s 0 100M", "vol create v --size 2G; vol snap create v s")).toMatch(/^error: IO of 100M is over the 64M per-command limit/);
    expect(error("vol write v 1M --data x")).toBe("error: IO of 1 byte at offset 1M is beyond the end of 'v' (1M) [EINVAL]");
    expect(error("vol resize v 512K", "vol create v --size 1M; vol write v 900K --data abc")).toBe("error: shrinking 'v' to 512K would cut written data at byte 921600 [EBUSY] — resize --force discards it");
  });

  it("names volume sizes over the limit with units", () => {
    expect(error("vol create big --size 17T", "echo")).toBe("error: volume size 17T is over the 16T limit (VOLUME_SIZE_MAX) [EINVAL]");
  });

  it("formats sizes exactly, with the largest unit that divides them", () => {
    expect([2 * 1024 ** 3, 3000 * 1024 ** 2, 64 * 1024, 1536, 0].map(formatBytes)).toEqual(["2G", "3000M", "64K", "1536 bytes", "0 bytes"]);
  });
});

describe("vol qos", () => {
  it("with no options shows the current limits and changes nothing", () => {
    const session = newSession();
    ok(session, "vol create v --size 1M; vol qos v --iops 10 --iops-max 50 --bw 1M --bw-max 4M");
    expect(ok(session, "vol qos v")).toEqual(["v: 10 IOPS (burst 50), 1M/s (burst 4M)"]);
    expect(ok(session, "vol show v")).toContain("qos:         10 IOPS (burst 50), 1M/s (burst 4M)");
  });

  it("keeps a burst whose rate is not changed, and resets one whose rate is", () => {
    const session = newSession();
    ok(session, "vol create v --size 1M; vol qos v --iops 10 --iops-max 50 --bw 1M --bw-max 4M");
    expect(ok(session, "vol qos v --bw 2M")).toEqual(["v: 10 IOPS (burst 50), 2M/s (burst 2M)"]);
  });
});

describe("vol read of a snapshot", () => {
  it("reads volume@snapshot, and refuses a name with a second @ instead of reading the snapshot before it", () => {
    const setup = "vol create a --size 1M; vol write a 0 --data base; vol snap create a s; vol write a 0 --data next";
    const session = newSession();
    ok(session, setup);
    expect(ok(session, "vol read a@s 0 4")).toEqual(["base"]);
    expect(error("vol read a@s@whatever 0 4", setup)).toBe("error: no snapshot a@s@whatever [ENOENT] — see vol snap list a");
    expect(error("vol read a@ 0 4", setup)).toBe("error: no snapshot a@ [ENOENT] — see vol snap list a");
  });
});

describe("a snapshot named where a volume is wanted", () => {
  it.each(["vol write a@s 0 --data x", "vol delete a@s", "vol resize a@s 2M"])("%s says snapshots are read-only and which commands act on one", (line) => {
    expect(error(line, "vol create a --size 1M; vol snap create a s")).toBe(
      "error: a@s names a snapshot: snapshots are read-only, and only vol read takes volume@snapshot [EROFS] — vol snap list a; vol snap restore a s rolls a back to one, vol snap delete deletes it",
    );
  });
});
