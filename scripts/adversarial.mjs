// The adversarial run of issue #10: `npm run adversarial` (the short form CI also runs) or
// `npm run adversarial -- --long [--seed N]` (the figures the issue quotes: hundreds of lock races,
// tens of kill -9 trials, every corrupt-state case, chaos seeds, the fuzzer). Runs
// test/adversarial/long.ts bundled (scripts/run-bundled.mjs) against the built binary
// dist/kshell.js; prints a table of attack, tries, goal, result; exits 1 on any failure.

import { root, runBundled } from "./run-bundled.mjs";

process.exit(await runBundled("test/adversarial/long.ts", process.argv.slice(2), { env: { ...process.env, KSHELL_ROOT: root } }));
