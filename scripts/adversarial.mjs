// The adversarial run of issue #10: `npm run adversarial` (the short form CI also runs) or
// `npm run adversarial -- --long [--seed N]` (the figures the issue quotes: hundreds of lock races,
// tens of kill -9 trials, every corrupt-state case, chaos seeds, the fuzzer). Bundles
// test/adversarial/long.ts with esbuild (as scripts/fuzz.mjs does) and runs it against the built
// binary dist/kshell.js; prints a table of attack, tries, goal, result; exits 1 on any failure.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "kshell-adversarial-build-"));
const bundle = join(scratch, "long.mjs");
await build({
  entryPoints: [join(root, "test", "adversarial", "long.ts")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const entry = join(scratch, "main.mjs");
writeFileSync(entry, `import { main } from ${JSON.stringify(bundle)};\nprocess.exitCode = await main(process.argv.slice(2));\n`);
const result = spawnSync(process.execPath, [entry, ...process.argv.slice(2)], { stdio: "inherit", env: { ...process.env, KSHELL_ROOT: root } });
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
