// Bundles the kshell binary with esbuild into dist/: kshell.js (what piped runs load) and a lazily
// imported chunk with Ink and React (only the interactive shell loads it). Bundling is what keeps
// start-up near plain `node` (see bench/). `--if-stale` skips the build when dist is newer than
// every source file.

import { build } from "esbuild";
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const SOURCE_DIRS = ["src", "modules", "shell"];

function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale() {
  const output = join(root, "dist", "kshell.js");
  if (!existsSync(output)) return true;
  const sources = Math.max(...SOURCE_DIRS.map((dir) => newestSourceMs(join(root, dir))), statSync(join(root, "package-lock.json")).mtimeMs);
  return sources > statSync(output).mtimeMs;
}

await import("./gen-commands.mjs"); // the registry's index of shell/commands, before the staleness check sees it

if (process.argv.includes("--if-stale") && !isStale()) process.exit(0);

await build({
  entryPoints: { kshell: join(root, "shell", "main.ts") },
  outdir: join(root, "dist"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minify: true,
  legalComments: "none",
  jsx: "automatic",
  external: ["react-devtools-core"],
  define: { "process.env.NODE_ENV": '"production"', "process.env.DEV": '"false"' },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __kshellRequire } from 'node:module'; const require = __kshellRequire(import.meta.url);",
  },
  logLevel: "warning",
});
