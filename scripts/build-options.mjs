// The esbuild options of the kshell binary, shared by scripts/build.mjs and the start-up report
// (bench/startup-cost.mjs), which builds the same bundle unminified to see where a start goes.

import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname;

/** Options for the bundle written to `outdir`: kshell.js (what piped runs load) and lazily imported chunks (Ink and React). */
export function binaryBuild(outdir, { minify = true } = {}) {
  return {
    entryPoints: { kshell: join(root, "shell", "main.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    minify,
    legalComments: "none",
    jsx: "automatic",
    external: ["react-devtools-core"],
    define: { "process.env.NODE_ENV": '"production"', "process.env.DEV": '"false"' },
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __kshellRequire } from 'node:module'; const require = __kshellRequire(import.meta.url);",
    },
    logLevel: "warning",
  };
}
