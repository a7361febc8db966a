// The fuzzer's long form: `npm run fuzz -- --commands 200000 --seed N [--check-every 10000]`.
// Runs test/fuzz/long.ts bundled (scripts/run-bundled.mjs) under --expose-gc, so the heap
// samples are taken after a full collection. Exits with the fuzzer's code.

import { runBundled } from "./run-bundled.mjs";

process.exit(await runBundled("test/fuzz/long.ts", process.argv.slice(2), { nodeArgs: ["--expose-gc"] }));
