// Restart policies (Docker's: no, on-failure[:N], always, unless-stopped) and the kubelet's
// back-off: the first restart waits CONTAINER_BACKOFF_MS_MIN (10 s), each next one twice as long
// up to CONTAINER_BACKOFF_MS_MAX (300 s: CrashLoopBackOff); a run that lasted
// CONTAINER_BACKOFF_RESET_MS (10 min) before it ended starts the back-off again from 10 s.
// A container a person stopped or killed is never restarted by its policy (Docker's rule; the
// difference of unless-stopped shows only when the daemon restarts, which kshell does not model),
// except a pod's: its kubelet sees the container exit and restarts it per the pod's restartPolicy
// (Always, OnFailure, Never), as on a real node after `docker stop` or `docker kill`.

import { fail } from "../../src/errors.js";
import { CONTAINER_BACKOFF_MS_MAX, CONTAINER_BACKOFF_MS_MIN, CONTAINER_BACKOFF_RESET_MS, CONTAINER_RESTART_COUNT_MAX } from "../../src/limits.js";
import { RESTART_POLICIES, type RestartPolicyName } from "./types.js";

export interface RestartPolicy {
  readonly policy: number; // index in RESTART_POLICIES
  readonly maxRetries: number; // on-failure:N; 0: no bound
}

export function parseRestartPolicy(text: string): RestartPolicy {
  const match = /^(no|on-failure|always|unless-stopped)(?::(\d+))?$/.exec(text);
  if (match === null || (match[2] !== undefined && match[1] !== "on-failure")) {
    fail("EINVAL", `bad restart policy '${text}'`, "no, on-failure[:N], always or unless-stopped");
  }
  const maxRetries = match[2] === undefined ? 0 : Number(match[2]);
  if (maxRetries > CONTAINER_RESTART_COUNT_MAX) fail("EINVAL", `on-failure retry count ${maxRetries} is above ${CONTAINER_RESTART_COUNT_MAX}`);
  return { policy: RESTART_POLICIES.indexOf(match[1] as RestartPolicyName), maxRetries };
}

export function formatRestartPolicy(policy: number, maxRetries: number): string {
  const name = RESTART_POLICIES[policy]!;
  return name === "on-failure" && maxRetries > 0 ? `${name}:${maxRetries}` : name;
}

/** Whether a run that ended by itself with `exitCode` is restarted, `restarts` restarts so far. */
export function shouldRestart(policy: number, maxRetries: number, restarts: number, exitCode: number): boolean {
  switch (RESTART_POLICIES[policy]) {
    case "on-failure": return exitCode !== 0 && (maxRetries === 0 || restarts < maxRetries);
    case "always":
    case "unless-stopped": return true;
    default: return false;
  }
}

/** Whether on-failure:N has run out: the run failed and N restarts were already made (no more comes). */
export function retriesExhausted(policy: number, maxRetries: number, restarts: number, exitCode: number): boolean {
  return RESTART_POLICIES[policy] === "on-failure" && maxRetries > 0 && exitCode !== 0 && restarts >= maxRetries;
}

/** The wait before this restart, given the one before (0: none yet) and how long the run lasted. */
export function backOffFor(previousMs: number, runMs: number): number {
  if (previousMs === 0 || runMs >= CONTAINER_BACKOFF_RESET_MS) return CONTAINER_BACKOFF_MS_MIN;
  return Math.min(previousMs * 2, CONTAINER_BACKOFF_MS_MAX);
}
