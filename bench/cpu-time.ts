// CPU seconds (user + system, all threads) that `run` took. In-process figures use it rather than
// wall time: on a busy shared machine, wall time stretches whichever side of a ratio was running
// when someone else's work took the core; CPU time does not.

export function cpuSeconds(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
