import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Where the suite's time went (issue 13): every test file imported the kernel and the shell afresh
// in a new child process (forks, isolate). Now files share worker threads and their imports
// (isolate off: the modules keep no state between sessions; each test builds its own kernel),
// which cut the CPU of the in-process files by ~40 %. A file that needs a process of its own runs
// in a forked, isolated worker instead, found by what it does:
// process.chdir (refused in worker threads) or vi.mock (a mock must replace the module before
// anything imports it, which a shared module cache has already done).
const NEEDS_OWN_PROCESS = /\bprocess\.chdir\(|\bvi\.(do)?mock\(/;
const TEST_FILE = /\.test\.tsx?$/;

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
    testTimeout: 40_000, // a guard against a hang, not a speed limit: property tests take tens of seconds on a busy machine
    hookTimeout: 30_000,
    // Ink renders only the final frame when CI is set (is-in-ci); the frame tests need every frame.
    env: { CI: "false" },
    // Two workers on CI's 2 cores: vitest's default (cores - 1) is one, which takes the suite past
    // three minutes. On a machine already loaded by other work, VITEST_MAX_WORKERS=1 keeps the long
    // property tests inside their timeouts.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? 2),
    projects: [
      { extends: true, test: { name: "shared", include: ["test/**/*.test.{ts,tsx}"], exclude: ownProcess, pool: "threads", isolate: false } },
      { extends: true, test: { name: "own-process", include: ownProcess, pool: "forks", isolate: true } },
    ],
  },
});
