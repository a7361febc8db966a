#!/usr/bin/env node
// The kshell binary as installed (dist/kshell.js; scripts/build.mjs copies it there): runs
// kshell.cjs, the whole shell bundled as one script, from the V8 code cache the build made
// beside it (kshell.cache), so a start does not parse ~700 KB of JavaScript again. Node 20 keeps
// no code cache for ES modules, only for scripts: that is why the shell is bundled as one. A cache
// V8 rejects (another Node version) costs only the parse it would have saved.
// Ink is an ES module (yoga-layout awaits at its top level, which a script cannot): ink.mjs is
// imported when the interactive shell starts (`kshellImport`: shell/load-interactive.ts; a
// script's own import() needs --experimental-vm-modules in Node 20), then the script's
// require("ink"), require("react") and require("react/jsx-runtime") answer from it.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

const bundle = new URL("./kshell.cjs", import.meta.url);
const cacheFile = new URL("./kshell.cache", import.meta.url);
const bundlePath = fileURLToPath(bundle);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache (a build without one): V8 compiles as usual
}
let ink; // ink.mjs: Ink, and the React it renders with
const script = new Script(`(function (exports, require, module, __filename, __dirname, __kshellUrl, kshellImport) {${readFileSync(bundle, "utf8")}\n})`, { filename: bundlePath, cachedData });
const importInk = async () => (ink = await import(new URL("./ink.mjs", import.meta.url)));
// The build's warm-up run (scripts/build.mjs): the cache holds what a start compiled, taken at exit.
if (process.env.KSHELL_WRITE_CODE_CACHE === "1") process.on("exit", () => writeFileSync(cacheFile, script.createCachedData()));
const requireNode = createRequire(bundle);
const module = { exports: {} };
const fromInk = { ink: () => ink, react: () => ink.React, "react/jsx-runtime": () => ink.jsxRuntime };
const require = (id) => {
  if (!Object.hasOwn(fromInk, id)) return requireNode(id);
  if (ink === undefined) throw new Error(`${id} is required before ink.mjs is imported: a module a piped run loads imports React or Ink (keep it to the interactive shell)`);
  return fromInk[id]();
};
script.runInThisContext()(module.exports, require, module, bundlePath, dirname(bundlePath), bundle.href, importInk);
