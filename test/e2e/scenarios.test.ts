// Golden transcripts, like PostgreSQL's regression suite: each test/scenarios/<name>.ksh runs
// through the real binary with --echo and --seed 7, and its stdout+stderr must equal
// <name>.out byte for byte, on two runs. KSHELL_UPDATE_GOLDEN=1 rewrites the .out files.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KSHELL, ROOT_DIR, tempDir } from "../helpers.js";

const SCENARIOS = join(ROOT_DIR, "test", "scenarios");

function transcript(script: string): string {
  const run = spawnSync("sh", ["-c", `"${process.execPath}" "${KSHELL}" --seed 7 --echo --keep-going < "${script}" 2>&1; echo "[exit $?]"`], {
    encoding: "utf8",
    env: { ...process.env, KSHELL_HOME: tempDir(), NO_COLOR: "1" },
  });
  return run.stdout;
}

describe("golden transcripts", () => {
  const scripts = readdirSync(SCENARIOS).filter((name) => name.endsWith(".ksh"));
  it("has scenarios", () => expect(scripts.length).toBeGreaterThan(0));

  it.each(scripts)("%s matches its expected output, twice", (name) => {
    const script = join(SCENARIOS, name);
    const expectedFile = script.replace(/\.ksh$/, ".out");
    const first = transcript(script);
    if (process.env.KSHELL_UPDATE_GOLDEN === "1" || !existsSync(expectedFile)) writeFileSync(expectedFile, first);
    expect(first).toBe(readFileSync(expectedFile, "utf8"));
    expect(transcript(script)).toBe(first);
  });
});
