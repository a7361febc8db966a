// Where a piped start goes, for the start-up section of `npm run bench`: what the binary loads before
// its first command (kshell.cjs, by source area, in minified KB: V8 takes its code from the cache
// the build made, not parsing it again) and which source files' top-level code costs the most to run
// once loaded (a build with a timestamp before each file's code; median over runs). A module that
// does work at load (an Intl.Collator, a table of 2^k matrices) shows up here before it slows every
// start; such work belongs in a function called on first use.

import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { binaryBuilds, root } from "../scripts/build-options.mjs";
import { median } from "./figures.mjs";

const AREA_DEPTH = 2; // shell/commands, modules/cluster, node_modules/<package>
const TOP = 8;

/** "modules/cluster", "shell/commands", "src/chunks", "npm:chalk" for a source path esbuild reports. */
function areaOf(input) {
  const npm = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input);
  if (npm !== null) return `npm:${npm[1]}`;
  return relative(root, resolve(input)).split("/").slice(0, AREA_DEPTH).join("/");
}

/** KB loaded at start, in all and by source area (largest first). */
export async function startBytes(scratch) {
  const { metafile } = await build({ ...binaryBuilds(join(scratch, "startup-min")).shell, metafile: true });
  const byArea = new Map();
  let total = 0;
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) byArea.set(areaOf(input), (byArea.get(areaOf(input)) ?? 0) + bytesInOutput);
    total += output.bytes;
  }
  return { totalKb: total / 1024, areas: [...byArea].sort((a, b) => b[1] - a[1]).map(([area, bytes]) => ({ area, kb: bytes / 1024 })) };
}

/** A path as esbuild's comments give it (relative to the working directory) as kshell's "src/x.ts", or "npm:<package>/<file>". */
function sourceName(path) {
  const npm = /node_modules\/(.*)$/.exec(path);
  return npm !== null ? `npm:${npm[1]}` : relative(root, resolve(path));
}

const MARK = "globalThis.__kshellLoad";

/** Each file's code in the shell's script gets a timestamp before it, printed at exit. */
function instrument(file) {
  const dump = `process.on("exit", () => { ${MARK}.push(["<end>", performance.now()]); process.stderr.write("\\n@load " + JSON.stringify(${MARK}) + "\\n"); });`;
  const text = readFileSync(file, "utf8").replace(/^\/\/ (\S+\.(?:ts|tsx|js|mjs|cjs|json))$/gm, (line, path) => `${line}\n(${MARK} ??= []).push([${JSON.stringify(path)}, performance.now()]);`);
  writeFileSync(file, `(${MARK} ??= []).push(["<start>", performance.now()]); ${dump}\n${text}`);
}

/** ms of top-level code per source file (the time until the next file's code starts), median over `runs` piped starts. */
export async function moduleLoadMs(scratch, env, runs) {
  const dir = join(scratch, "startup-marked");
  const bundles = binaryBuilds(dir, { minify: false });
  await Promise.all([build(bundles.shell), build(bundles.ink)]);
  copyFileSync(join(root, "scripts", "kshell-bin.mjs"), join(dir, "kshell.js")); // no code cache: this build's text differs
  instrument(join(dir, "kshell.cjs"));
  const perFile = new Map();
  for (let run = 0; run < runs; run++) {
    const { stderr } = spawnSync(process.execPath, [join(dir, "kshell.js")], { input: "exit\n", env, encoding: "utf8" });
    const marks = JSON.parse(/@load (.*)/.exec(stderr)[1]);
    const took = new Map();
    for (let i = 0; i + 1 < marks.length; i++) {
      const name = marks[i][0] === "<start>" ? "<start>" : sourceName(marks[i][0]);
      took.set(name, (took.get(name) ?? 0) + marks[i + 1][1] - marks[i][1]);
    }
    for (const [name, ms] of took) perFile.set(name, [...(perFile.get(name) ?? []), ms]);
  }
  // the entry's own file runs main(): the whole start after loading, not load work
  return [...perFile].map(([file, values]) => ({ file, ms: median(values) })).sort((a, b) => b.ms - a.ms).slice(0, TOP);
}
