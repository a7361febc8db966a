// The fuzzer's long form: `npm run fuzz -- --commands 200000 --seed N [--check-every 10000]`.
// Bundles test/fuzz/long.ts with esbuild (as bench/ does) and runs it under --expose-gc, so the
// heap samples are taken after a full collection. Exits with the fuzzer's code.

import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "kshell-fuzz-build-"));
const bundle = join(scratch, "long.mjs");
await build({
  entryPoints: [join(root, "test", "fuzz", "long.ts")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const entry = join(scratch, "main.mjs");
writeFileSync(entry, `import { main } from ${JSON.stringify(bundle)};\nprocess.exitCode = main(process.argv.slice(2));\n`);
const result = spawnSync(process.execPath, ["--expose-gc", entry, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status ?? 1);
