import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Where the suite's time went (issue 13): every test file imported the kernel and the shell afresh
// in a new child process (forks, isolate), and one worker ran all files on a 2-core machine
// (vitest's default is cores - 1) while many files mostly wait for the kshell children they spawn.
// Now files share worker threads and their imports (isolate off: the modules keep no state between
// sessions; each test builds its own kernel), and two files run at a time. A file that needs a
// process of its own runs in a forked, isolated worker instead, found by what it does:
// process.chdir (refused in worker threads) or vi.mock (a mock must replace the module before
// anything imports it, which a shared module cache has already done).
const NEEDS_OWN_PROCESS = /\bprocess\.chdir\(|\bvi\.(do)?mock\(/;
const TEST_FILE = /\.test\.tsx?$/;
const WORKERS = Math.max(2, availableParallelism()); // two even on 2 cores: the spawning files leave a core idle while they wait

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? testFiles(path) : TEST_FILE.test(entry.name) ? [path] : [];
  });
}

const root = fileURLToPath(new URL(".", import.meta.url));
const ownProcess = testFiles(join(root, "test"))
  .filter((file) => NEEDS_OWN_PROCESS.test(readFileSync(file, "utf8")))
  .map((file) => relative(root, file));

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Ink renders only the final frame when CI is set (is-in-ci); the frame tests need every frame.
    env: { CI: "false" },
    maxWorkers: WORKERS,
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.{ts,tsx}"], exclude: ownProcess, pool: "threads", isolate: false } },
      { extends: true, test: { name: "own-process", include: ownProcess, pool: "forks", isolate: true } },
    ],
  },
});
