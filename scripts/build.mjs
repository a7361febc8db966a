// Bundles the kshell binary with esbuild into dist/: kshell.js (what piped runs load) and a lazily
// imported chunk with Ink and React (only the interactive shell loads it). Bundling is what keeps
// start-up near plain `node` (see bench/). `--if-stale` skips the build when dist is newer than
// every source file.

import { build } from "esbuild";
import { readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { binaryBuild, root } from "./build-options.mjs";

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

const dist = join(root, "dist");
const { metafile } = await build({ ...binaryBuild(dist), metafile: true });
// chunk names carry a content hash: the previous builds' chunks are left over, never loaded again
const written = new Set(Object.keys(metafile.outputs).map((output) => resolve(output))); // relative to the working directory
for (const file of readdirSync(dist)) if (!written.has(join(dist, file))) rmSync(join(dist, file));
