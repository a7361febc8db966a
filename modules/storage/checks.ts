// The storage limits a request is checked against before anything is allocated or changed, with
// messages that name sizes the way people type them (`over the 2G limit`). The shell calls
// checkIoLength too, before it builds a payload, so a 1G pattern is refused without a 1G buffer.

import { fail } from "../../src/errors.js";
import { IO_LENGTH_MAX, LOCAL_VOLUME_SIZE_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { formatBytes } from "../../src/units.js";

export function checkSize(sizeBytes: number, local = false): void {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) fail("EINVAL", `bad volume size ${sizeBytes}`, "give a size such as 512M or 2G");
  if (sizeBytes > VOLUME_SIZE_MAX) fail("EINVAL", `volume size ${formatBytes(sizeBytes)} is over the ${formatBytes(VOLUME_SIZE_MAX)} limit (VOLUME_SIZE_MAX)`);
  // Past it the flat chunk map of a local volume overflows into the next one's.
  if (local && sizeBytes > LOCAL_VOLUME_SIZE_MAX) fail("EINVAL", `volume size ${formatBytes(sizeBytes)} is over the ${formatBytes(LOCAL_VOLUME_SIZE_MAX)} limit of a local volume (LOCAL_VOLUME_SIZE_MAX)`, "a distributed volume may be larger");
}

/** One read or write command moves at most IO_LENGTH_MAX bytes. */
export function checkIoLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 0) fail("EINVAL", `bad IO length ${length}`);
  if (length > IO_LENGTH_MAX) fail("EINVAL", `IO of ${formatBytes(length)} is over the ${formatBytes(IO_LENGTH_MAX)} per-command limit (IO_LENGTH_MAX)`, "split it into several commands");
}
