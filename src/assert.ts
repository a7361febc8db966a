// Broken invariants are bugs, not user errors: they crash loudly (xv6's panic). Expected failures
// are KernelErrors instead (see errors.ts); nothing catches an AssertionError to carry on. The
// session undoes the command that failed one (it rebuilds the kernel from what the journal holds)
// and says so; a script exits 70.

export class AssertionError extends Error {
  override name = "AssertionError";
  constructor(readonly condition: string) {
    super(`assertion failed: ${condition}`);
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** `array[index]`, asserting the index is in bounds and the entry is there (instead of a bare `!`). */
export function at<T>(array: ArrayLike<T>, index: number, what: string): T {
  const value = array[index];
  assert(value !== undefined, `${what}: index ${index} within 0..${array.length - 1}`);
  return value;
}

/** `value`, asserting it is there: a lookup an invariant says finds something (instead of a bare `!`). */
export function present<T>(value: T | undefined, what: string): T {
  assert(value !== undefined, what);
  return value;
}

// A test-only way to fail an assertion on purpose, so tests can show what a kernel bug does to a
// session. Armed with an action name (tests call armTripwire; the binary arms it from the hidden
// KSHELL_TEST_TRIPWIRE variable), the gate fails its postcondition the next time that action has
// done its work, once: a bug met once, which the rebuild that undoes it does not meet again. No
// command can arm it.
let trippedAction: string | undefined;

export function armTripwire(action: string | undefined): void {
  trippedAction = action === "" ? undefined : action;
}

/** Fails, once, if the tripwire is armed for `action`. */
export function tripwire(action: string): void {
  if (trippedAction !== action) return;
  trippedAction = undefined;
  assert(false, `the test tripwire armed for ${action} (KSHELL_TEST_TRIPWIRE)`);
}
