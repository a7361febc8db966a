// Bundles the kshell binary with esbuild into dist/ (build-options.mjs names the files), then
// runs it once to make V8's code cache of the shell (kshell-bin.mjs says why). Bundling and the
// cache are what keep start-up near plain `node` (see bench/). `--if-stale` skips the build when
// dist is newer than every source file.

import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { binaryBuilds, root } from "./build-options.mjs";

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
  const sources = Math.max(...[...SOURCE_DIRS, "scripts"].map((dir) => newestSourceMs(join(root, dir))), statSync(join(root, "package-lock.json")).mtimeMs);
  return sources > statSync(output).mtimeMs;
}

await import("./gen-commands.mjs"); // the registry's index of shell/commands, before the staleness check sees it

if (process.argv.includes("--if-stale") && !isStale()) process.exit(0);

const dist = join(root, "dist");
const bundles = binaryBuilds(dist);
const built = await Promise.all([build({ ...bundles.shell, metafile: true }), build({ ...bundles.ink, metafile: true })]);
copyFileSync(join(root, "scripts", "kshell-bin.mjs"), join(dist, "kshell.js"));
const written = new Set(["kshell.js", "kshell.cache", ...built.flatMap(({ metafile }) => Object.keys(metafile.outputs).map((output) => basename(output)))]);
for (const file of readdirSync(dist)) if (!written.has(file)) rmSync(join(dist, file)); // earlier builds' chunks (their names carry a hash)
// The warm-up: a piped start that runs a few commands; at exit the loader writes what V8 compiled.
const home = mkdtempSync(join(tmpdir(), "kshell-build-"));
try {
  rmSync(join(dist, "kshell.cache"), { force: true });
  execFileSync(process.execPath, [join(dist, "kshell.js")], { input: "status\nvol list\nexit\n", env: { ...process.env, KSHELL_HOME: home, KSHELL_WRITE_CODE_CACHE: "1", NO_COLOR: "1" }, stdio: ["pipe", "ignore", "inherit"] });
} finally {
  rmSync(home, { recursive: true, force: true });
}
