// Broken invariants are bugs, not user errors: they crash loudly (xv6's panic).
// Expected failures are KernelErrors instead (see errors.ts).

export class AssertionError extends Error {
  override name = "AssertionError";
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(`assertion failed: ${message}`);
}
