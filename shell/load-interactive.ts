// Loads the interactive shell's chunk (Ink, React, yoga-layout) without waking Node's fetch.
// yoga-layout's wasm loader tries `fetch` on its embedded binary whenever fetch exists, which it
// cannot load that way, then falls back to the bytes it already holds. In Node, fetch is a lazy
// global: touching it loads undici, Node's whole HTTP client, for ~25-35 ms of a ~250 ms first
// prompt. kshell never fetches, so the global is hidden while the chunk loads (yoga instantiates
// then) and put back as it was.

type InteractiveModule = typeof import("./interactive.js");

declare const kshellImport: ((specifier: "ink") => Promise<unknown>) | undefined; // the binary's loader gives it; undeclared elsewhere

export async function loadInteractive(): Promise<InteractiveModule> {
  const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, "fetch");
  const hidden = fetchProperty?.configurable === true && delete (globalThis as { fetch?: unknown }).fetch;
  try {
    // First: in the binary, the shell is a script (scripts/kshell-bin.mjs), which can require Ink
    // only once it is loaded; the loader imports it (a script's own import() needs a Node flag).
    await (typeof kshellImport === "function" ? kshellImport("ink") : import("ink"));
    return await import("./interactive.js");
  } finally {
    if (hidden) Object.defineProperty(globalThis, "fetch", fetchProperty!);
  }
}
