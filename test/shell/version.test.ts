import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kshell, ROOT_DIR } from "../helpers.js";

describe("kshell --version", () => {
  const version = (JSON.parse(readFileSync(join(ROOT_DIR, "package.json"), "utf8")) as { version: string }).version;

  it.each([["--version"], ["-V"]])("%s prints package.json's version and exits 0", (flag) => {
    const run = kshell([flag]);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, `kshell ${version}\n`, ""]);
  });

  it("is an option of kshell's, not of a command given with -c", () => {
    expect(kshell(["-c", "echo --version"]).stdout).toBe("--version\n");
  });
});
