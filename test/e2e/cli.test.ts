import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KSHELL, kshell, startKshell, tempDir } from "../helpers.js";

describe("kshell with piped input", () => {
  it("prints output, one clear error line, and exits 1 at the first failure", () => {
    const run = kshell([], "echo hi\nbogus\necho never\n");
    expect(run.stdout).toBe("hi\n");
    expect(run.stderr).toBe("error: line 2: unknown command 'bogus' [EINVAL] — type `help` for the list of commands\n"); // where the script stopped
    expect(run.status).toBe(1);
  });

  it("says where a script stopped: the line in a script, the command with -c; stdout as before", () => {
    const script = join(tempDir(), "stops.ksh");
    writeFileSync(script, "# a comment\nvol create dv --size 1M\n\nvol snap create dv s1; vol snap create nope s2\necho never\n");
    const run = kshell(["run", script]);
    expect(run.stdout).toBe("created volume dv: 1M block on ssd (thin)\ncreated snapshot dv@s1\n");
    expect(run.stderr).toBe("error: line 4: no volume named 'nope' [ENOENT]\n");
    const one = kshell(["-c", "echo hi; vol snap create nope s2; echo never"]);
    expect([one.status, one.stdout, one.stderr]).toEqual([1, "hi\n", "error: vol snap create nope s2: no volume named 'nope' [ENOENT]\n"]);
  });

  it("with -c, does not name the command twice when its error names it already", () => {
    expect(kshell(["-c", "watch"]).stderr).toBe("error: watch: missing <group> [EINVAL] — usage: watch <group>\n");
    expect(kshell(["-c", "vol create"]).stderr).toMatch(/^error: vol create: missing <name>/);
  });

  it("gives the OS's reason when a directory that exists will not take a new file (/proc)", () => {
    if (!existsSync("/proc/self")) return;
    const run = kshell(["-c", "vol create a --size 1M; vol read a 0 4 --out /proc/nonexist"]);
    expect(run.stderr).toBe("error: vol read a 0 4 --out /proc/nonexist: cannot write /proc/nonexist: no such file or directory: /proc does not let a file be created in it [ENOENT]\n");
  });

  it("runs with a default state directory it cannot make (under /proc) on a key of its own", () => {
    const run = spawnSync(process.execPath, [KSHELL, "-c", "echo hi"], { encoding: "utf8", timeout: 10_000, env: { ...process.env, KSHELL_HOME: "/proc/nonexistent/kshell" } });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "hi\n", ""]); // before: Node's recursive mkdir spun forever there
  });

  it("runs on with --keep-going and still exits 1", () => {
    const run = kshell(["--keep-going"], "echo a\nbogus\necho b\n");
    expect(run.stdout).toBe("a\nb\n");
    expect(run.status).toBe(1);
  });

  it("exits 0 when every command succeeds, skipping comments and blank lines", () => {
    const run = kshell([], "# a comment\n\necho ok # trailing\nstatus\n");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok\nclock T\+00:00:00\.0/);
  });

  it("runs -c commands and script files", () => {
    expect(kshell(["-c", "echo a; echo b"]).stdout).toBe("a\nb\n");
    const file = join(tempDir(), "s.ksh");
    writeFileSync(file, "echo from file\nsleep 1s\n");
    const run = kshell(["run", file]);
    expect(run.stdout).toBe("from file\nclock T+00:00:01.0 (+1 s)\n");
    expect(run.status).toBe(0);
  });

  it("exits 2 on usage errors", () => {
    expect(kshell(["--seed", "abc"]).status).toBe(2);
    expect(kshell(["--frobnicate"]).status).toBe(2);
    const missing = kshell(["run", "/nonexistent/x.ksh"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("kshell: cannot run /nonexistent/x.ksh: no such directory /nonexistent\n");
    expect(kshell(["walk"]).status).toBe(2);
  });

  it("never colours output into a pipe", () => {
    const run = kshell([], "status\naudit query\nhelp\n", { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it("prints the same bytes for the same seed", () => {
    const script = "sleep 3s\ntick 4\naudit query --json\nstatus\n";
    expect(kshell(["--seed", "9"], script).stdout).toBe(kshell(["--seed", "9"], script).stdout);
  });
});

describe("kshell persistence", () => {
  it("keeps an acknowledged command through kill -9", async () => {
    const state = tempDir();
    const run = startKshell(["--state", state], ["sleep 42s", "audit compliance add durable --rule denies-recorded"], "added compliance policy durable");
    await run.seen;
    run.child.kill("SIGKILL");
    await run.exited;
    const after = kshell(["--state", state], "audit compliance list\nclock\n");
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/durable\s+denies-recorded/);
    expect(after.stdout).toContain("T+00:00:42.0");
  });

  it("reports a corrupt state file with its path, exits 2, and leaves the file untouched", () => {
    const state = tempDir();
    const file = join(state, "state.json");
    writeFileSync(file, '{"format": "kshell-state", "version": 1, "seed": ');
    const run = kshell(["--state", state], "status\n");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(file);
    expect(run.stderr).toContain("not valid JSON");
    expect(readFileSync(file, "utf8")).toBe('{"format": "kshell-state", "version": 1, "seed": ');
    writeFileSync(file, JSON.stringify({ format: "kshell-state", version: 1, seed: 1, clockMs: -5 }));
    expect(kshell(["--state", state], "status\n").stderr).toContain("clockMs");
  });

  it("refuses a second kshell on the same state directory", async () => {
    const state = tempDir();
    const first = spawn(process.execPath, [KSHELL, "--state", state], { stdio: ["pipe", "pipe", "pipe"] });
    await new Promise<void>((resolve) => {
      first.stdout.on("data", () => resolve());
      first.stdin.write("echo ready\n");
    });
    const second = kshell(["--state", state], "status\n");
    expect(second.status).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`in use by another kshell \\(pid ${first.pid}\\)`));
    first.stdin.end();
    await new Promise((resolve) => first.on("exit", resolve));
    expect(kshell(["--state", state], "status\n").status).toBe(0);
  });
});

describe("audit verify against an edited state file", () => {
  type Saved = { audit: { headSeq: number; entries: { seq: number; message: string }[] } };

  function savedState(): { state: string; file: string; saved: Saved } {
    const state = tempDir();
    const setup = kshell(["--state", state], "sleep 1s\ntick 2\nstatus\naudit stats\nsleep 1s\nsave\n");
    expect(setup.status).toBe(0);
    const file = join(state, "state.json");
    return { state, file, saved: JSON.parse(readFileSync(file, "utf8")) as Saved };
  }

  function verify(state: string) {
    return kshell(["--state", state], "audit verify\n");
  }

  it("verifies an untouched file", () => {
    const { state } = savedState();
    const run = verify(state);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/chain intact, seal valid/);
  });

  const tampers: [string, (s: Saved) => void][] = [
    ["an edited entry", (s) => void (s.audit.entries[2]!.message = "edited")],
    ["a deleted entry", (s) => void s.audit.entries.splice(1, 1)],
    ["reordered entries", (s) => void ([s.audit.entries[1], s.audit.entries[2]] = [s.audit.entries[2]!, s.audit.entries[1]!])],
    ["a truncated trail", (s) => void ((s.audit.entries = s.audit.entries.slice(0, 3)), (s.audit.headSeq = 3))],
  ];
  // The snapshot's seal refuses the edited file at start; test/e2e/tamper.test.ts resealed files reach verify.
  it.each(tampers)("refuses %s at start, naming the file", (_kind, tamper) => {
    const { state, file, saved } = savedState();
    tamper(saved);
    writeFileSync(file, JSON.stringify(saved, null, 2));
    const run = verify(state);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}: does not match its seal`);
  });
});
