import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { KSHELL, kshell, startKshell, tempDir } from "../helpers.js";

const POOL = ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2", ...["a", "b", "c"].map((n) => `cluster sds add ${n} --pool pd1/sp1 --capacity 1G`)];

describe("SIGINT in a script", () => {
  it("stops a long chaos run after its current step, heals and checks, exits 130, and leaves a state that reloads", async () => {
    const state = tempDir();
    const run = startKshell(["--state", state], [...POOL, "echo started", "cluster chaos --duration 8h --seed 7", "echo never"], "started\n");
    await run.seen;
    await new Promise((resolve) => setTimeout(resolve, 300)); // into the chaos run
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    const { stdout, stderr } = run.output();
    expect(stdout).toMatch(/^chaos seed 7 on pool pd1\/sp1 for [\dhm]+ of 8h \(interrupted\): \d+ writes$/m);
    expect(stdout).toContain("no acknowledged write was lost");
    expect(stdout).not.toContain("never");
    expect(stderr).toBe("kshell: interrupted\n");
    const [, hours, minutes] = /for (?:(\d+)h)?(\d+)?m? of 8h/.exec(stdout)!;
    const covered = `${Number(hours ?? 0) * 60 + Number(minutes ?? 0)}m`;
    const after = kshell(["--state", state], "cluster sdc list\ncluster sds list\naudit verify\naudit query --action cluster.chaos\n");
    expect(after.status).toBe(0);
    expect(after.stdout).toContain("(no clients");
    expect(after.stdout.match(/ACTIVE/g)).toHaveLength(3);
    expect(after.stdout).toMatch(/chain intact, seal valid/);
    // the same run, whole and of the duration it covered, reaches the same report
    const whole = kshell([], [...POOL, `cluster chaos --duration ${covered} --seed 7`].join("\n"));
    expect(stdout.slice(stdout.indexOf("chaos seed")).replace(" of 8h (interrupted)", "")).toBe(whole.stdout.slice(whole.stdout.indexOf("chaos seed")));
  });

  it("exits 130 while waiting for input, after what ran", async () => {
    const state = tempDir();
    const run = startKshell(["--state", state], ["sleep 5s", "echo waiting"], "waiting\n");
    await run.seen;
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(130);
    expect(run.output().stdout).toBe("clock T+00:00:05.0 (+5 s)\nwaiting\n");
    expect(kshell(["--state", state], "clock\n").stdout).toMatch(/^T\+00:00:05\.0/);
  });

  it("leaves quietly with 141 when the reader of its output goes away", async () => {
    const child = spawn(process.execPath, [KSHELL], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    child.stdin.end("status\n".repeat(20_000));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", () => child.stdout.destroy());
    expect(await new Promise((resolve) => child.on("exit", resolve))).toBe(141);
    expect(stderr).toBe("");
  });
});
