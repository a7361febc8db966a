// The crash test's long form (issue 12): `npm run crash -- [--kills N] [--seed N]`. Runs
// test/crash/long.ts bundled (scripts/run-bundled.mjs) against the built binary dist/kshell.js:
// a child kshell killed with SIGKILL N times (50 by default) at random moments, restarted and
// checked each time; prints kills, acknowledged writes lost, failed loads and the seed; exits 1
// on any loss or failed load.

import { root, runBundled } from "./run-bundled.mjs";

process.exit(await runBundled("test/crash/long.ts", process.argv.slice(2), { env: { ...process.env, KSHELL_ROOT: root } }));
