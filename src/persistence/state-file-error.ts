// A state file that cannot be used as it is: reported with its path and what is wrong, and
// never replaced. The shell exits 2 on it at start.

export class StateFileError extends Error {
  override name = "StateFileError";
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}
