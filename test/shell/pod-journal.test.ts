// Through the binary: `pod apply -f` journals the manifest it read, so after kill -9 the next
// start replays the pods as they were applied, though the file has since changed and then gone
// (the YAML library, required only when a manifest is read, loads in the bundled binary too).

import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kshell, ROOT_DIR, startKshell, tempDir } from "../helpers.js";

describe("pod apply through kill -9", () => {
  it("replays the manifest as it was read, not as the file is now", async () => {
    const dir = tempDir();
    const file = join(tempDir("kshell-host-"), "hello.yaml");
    writeFileSync(file, readFileSync(join(ROOT_DIR, "test", "scenarios", "pods", "plain.yaml")));
    const run = startKshell(["--state", dir], ["image pull nginx", "node add w1 --cpu 4 --mem 8G", `pod apply -f ${file}`, "echo applied"], "applied");
    await run.seen;
    expect(run.output().stdout).toContain("pod/hello created");
    run.child.kill("SIGKILL");
    await run.exited;
    writeFileSync(file, "apiVersion: v1\nkind: Pod\nmetadata: {name: other}\nspec: {containers: [{name: a, image: nginx}]}\n");
    rmSync(file);
    const restarted = kshell(["--state", dir], "sleep 5s\npod list\npod show hello\n");
    expect(restarted.stderr).toBe("");
    expect(restarted.status).toBe(0);
    expect(restarted.stdout).toMatch(/^hello\s+1\/1\s+Running\s+0\s+5s$/m);
    expect(restarted.stdout).toMatch(/^\s+cpu:\s+250m$/m);
    expect(restarted.stdout).not.toContain("other");
  }, 60_000);
});
