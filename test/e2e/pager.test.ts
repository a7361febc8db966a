// The binary's pager on a terminal (issue 17), end to end: kshell is told its stdout is a 24-row
// terminal (a preload sets isTTY and rows, so no pty is needed) and PAGER names a shell command
// that stands in for less. The page reaches the pager whole, after what ran before it; Ctrl-C
// while the pager runs is the pager's (as git ignores it then), not an interrupt of kshell.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KSHELL, tempDir } from "../helpers.js";

const AS_TERMINAL = `data:text/javascript,${encodeURIComponent('for (const [k, v] of [["isTTY", true], ["rows", 24], ["columns", 80]]) Object.defineProperty(process.stdout, k, { value: v });')}`;

function onTerminal(args: readonly string[], pager: string) {
  return spawnSync(process.execPath, ["--import", AS_TERMINAL, KSHELL, ...args], {
    encoding: "utf8",
    input: "",
    env: { ...process.env, KSHELL_HOME: tempDir("kshell-home-"), NO_COLOR: "1", PAGER: pager, KSHELL_PAGER: undefined as unknown as string },
  });
}

describe("the pager of kshell -c on a terminal", () => {
  it("gets a tall help page whole, after the output before it, and ends its line", () => {
    const dir = tempDir();
    const run = onTerminal(["-c", "echo before; help vol; echo skipped", "--no-color"], `cat > ${dir}/page; echo PAGED`);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("before\nPAGED\n");
    const page = readFileSync(join(dir, "page"), "utf8");
    expect(page.startsWith("vol — storage volumes that hold real bytes\n=====")).toBe(true);
    expect(page).toContain("• vol list, vol show <name>, vol stats [<name>]\n");
  });

  it("prints a page that fits the terminal without it, and --json output too", () => {
    const short = onTerminal(["-c", "vol list --help"], "echo PAGED");
    expect(short.stdout).toContain("usage: vol list");
    expect(short.stdout).not.toContain("PAGED");
    const json = onTerminal(["-c", "help vol --json"], "echo PAGED");
    expect(JSON.parse(json.stdout)).toMatchObject({ source: "page" });
  });

  it("is not interrupted by a Ctrl-C that reaches it while the pager runs", () => {
    const run = onTerminal(["-c", "help vol"], 'kill -INT $PPID; sleep 0.2; cat > /dev/null; echo PAGED');
    expect(run.stderr).not.toContain("interrupted");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("PAGED\n");
  });

  it("prints the page itself when PAGER names no program", () => {
    const run = onTerminal(["-c", "help vol"], "no-such-pager-anywhere");
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith("vol — storage volumes that hold real bytes\n")).toBe(true);
    expect(run.stderr).toMatch(/no-such-pager-anywhere: .*not found/);
  });
});
