// Runs a TypeScript entry of the test tree as a program: bundles it with esbuild into a scratch
// directory (as bench/ does), then runs its exported `main(argv)` in a child node and returns the
// child's exit status. Used by `npm run fuzz` and `npm run adversarial`.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

export const root = new URL("..", import.meta.url).pathname;

/** Bundles `entry` (relative to the project root), runs `await main(args)` under `nodeArgs`; the child's exit status. */
export async function runBundled(entry, args, { nodeArgs = [], env = process.env } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), "kshell-bundle-"));
  try {
    const bundle = join(scratch, "entry.mjs");
    await build({
      entryPoints: [join(root, entry)],
      outfile: bundle,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "warning",
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    });
    const main = join(scratch, "main.mjs");
    writeFileSync(main, `import { main } from ${JSON.stringify(bundle)};\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    return spawnSync(process.execPath, [...nodeArgs, main, ...args], { stdio: "inherit", env }).status ?? 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
