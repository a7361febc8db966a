// Node's built-in modules loaded when first used rather than at start: an ESM `import` loads its
// module before any code runs, and zlib or worker_threads cost a piped start ~1.5 ms each even
// when the script never syncs a file or checks a chunk.

import { createRequire as requireFrom } from "node:module"; // not createRequire: bundles with a banner that declares it (bench/run.mjs) would clash

const load = requireFrom(import.meta.url);

/** The built-in module `name` ("node:zlib"), loaded on this first call (node caches it after). */
export function builtin<T>(name: `node:${string}`): T {
  return load(name) as T;
}
