// The esbuild options of the kshell binary, shared by scripts/build.mjs and the start-up report
// (bench/startup-cost.mjs), which builds the same bundles unminified to see where a start goes.
// dist/ holds kshell.js (the loader: scripts/kshell-bin.mjs), kshell.cjs (the whole shell, one
// script V8 can cache the code of), kshell.cache (that code, made by the build) and ink.mjs (Ink
// and yoga-layout, imported only by the interactive shell) with its chunks.

import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname;

const DEFINE = { "process.env.NODE_ENV": '"production"', "process.env.DEV": '"false"' };

/** Options for the two bundles written to `outdir`. */
export function binaryBuilds(outdir, { minify = true } = {}) {
  const common = { bundle: true, platform: "node", target: "node20", minify, legalComments: "none", logLevel: "warning" };
  return {
    shell: {
      ...common,
      entryPoints: [join(root, "shell", "main.ts")],
      outfile: join(outdir, "kshell.cjs"),
      format: "cjs",
      jsx: "automatic",
      external: ["ink", "react", "react/jsx-runtime", "react-devtools-core"], // from ink.mjs, once it is imported (kshell-bin.mjs)
      define: { ...DEFINE, "import.meta.url": "__kshellUrl" }, // the loader passes the bundle's URL
    },
    ink: {
      ...common,
      entryPoints: { ink: join(root, "scripts", "ink-vendor.mjs") },
      outdir,
      outExtension: { ".js": ".mjs" },
      chunkNames: "ink-[name]-[hash]",
      splitting: true, // Ink's devtools (react-devtools-core, not installed) stay in a chunk never loaded
      format: "esm",
      external: ["react-devtools-core"],
      define: DEFINE,
      banner: { js: "import { createRequire as __kshellRequire } from 'node:module'; const require = __kshellRequire(import.meta.url);" }, // CommonJS parts of Ink's dependencies require Node's modules
    },
  };
}
