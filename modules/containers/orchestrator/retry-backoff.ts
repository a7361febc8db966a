// When a Pending pod's scheduler retries next, as kube-scheduler backs off an unschedulable pod:
// POD_RETRY_BACKOFF_MS_MIN after it was created, the wait doubling up to POD_RETRY_BACKOFF_MS_MAX,
// then every POD_RETRY_BACKOFF_MS_MAX. The times are a grid from the pod's createdMs (saved), not
// a count of tries (not saved), so a restored kernel retries at the same moments as one that never
// stopped; a pod Pending again after an eviction goes on at the grid's long end.

import { POD_RETRY_BACKOFF_MS_MAX, POD_RETRY_BACKOFF_MS_MIN } from "../../../src/limits.js";

/** The first retry time after `nowMs` of a pod created at `createdMs`. */
export function nextRetryMs(createdMs: number, nowMs: number): number {
  let atMs = createdMs;
  let waitMs = POD_RETRY_BACKOFF_MS_MIN;
  while (waitMs < POD_RETRY_BACKOFF_MS_MAX) {
    atMs += waitMs;
    if (atMs > nowMs) return atMs;
    waitMs = Math.min(waitMs * 2, POD_RETRY_BACKOFF_MS_MAX);
  }
  return atMs + (Math.floor((nowMs - atMs) / POD_RETRY_BACKOFF_MS_MAX) + 1) * POD_RETRY_BACKOFF_MS_MAX;
}
