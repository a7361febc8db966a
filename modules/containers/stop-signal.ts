// What a signal does to a container's PID 1, for docker stop and docker kill. KILL always ends it
// (137). A server that still answers ends on TERM, INT and QUIT: with exit 0 when its image says it
// shuts down cleanly (on its stop signal or SIGTERM: nginx on SIGQUIT, redis and postgres on
// SIGTERM), else by the signal's default action (128 + n: 143 on SIGTERM). Any other signal, and
// every signal to a workload with no handler (sleep, a hung server), is ignored as PID 1 ignores it,
// so docker stop kills it after the grace period (137).

import type { ImageConfig } from "./images/index.js";
import { EXIT_KILLED, SIGNALS, type SignalName } from "./types.js";

/** The signal docker stop sends first: the image's STOPSIGNAL. */
export function stopSignalOf(config: ImageConfig): SignalName {
  return config.stopSignal === "SIGQUIT" ? "QUIT" : "TERM";
}

/** The exit code `signal` ends PID 1 with, or undefined when it is ignored; `serving`: a server that still answers. */
export function exitOnSignal(config: ImageConfig, serving: boolean, signal: SignalName): number | undefined {
  if (signal === "KILL") return EXIT_KILLED;
  if (!serving || !(signal === "TERM" || signal === "INT" || signal === "QUIT")) return undefined;
  const clean = config.stopsCleanly && (signal === "TERM" || signal === stopSignalOf(config));
  return clean ? 0 : 128 + SIGNALS[signal];
}
