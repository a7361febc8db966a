// The storage limits a request is checked against before anything is allocated or changed, with
// messages that name sizes the way people type them (`over the 2G limit`). The shell calls
// checkIoLength too, before it builds a payload, so a 1G pattern is refused without a 1G buffer.

import { fail } from "../../src/errors.js";
import { CLUSTER_CHUNK_SIZE, CLUSTER_VOLUME_CHUNKS_MAX, IO_LENGTH_MAX, VOLUME_SIZE_MAX } from "../../src/limits.js";
import { formatBytes } from "../../src/units.js";

export function checkSize(sizeBytes: number): void {
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes <= 0) fail("EINVAL", `bad volume size ${sizeBytes}`, "give a size such as 512M or 2G");
  if (sizeBytes > VOLUME_SIZE_MAX) fail("EINVAL", `volume size ${formatBytes(sizeBytes)} is over the ${formatBytes(VOLUME_SIZE_MAX)} limit (VOLUME_SIZE_MAX)`);
}

/** Distributed volumes stop where the cluster's chunk addresses do (CLUSTER_VOLUME_CHUNKS_MAX chunks), below VOLUME_SIZE_MAX for now. */
export function checkDistributedSize(sizeBytes: number): void {
  const max = CLUSTER_VOLUME_CHUNKS_MAX * CLUSTER_CHUNK_SIZE;
  if (sizeBytes > max) fail("EINVAL", `distributed volume size ${formatBytes(sizeBytes)} is over the cluster's ${formatBytes(max)} limit (CLUSTER_VOLUME_CHUNKS_MAX)`, "use a local volume for larger sizes");
}

/** One read or write command moves at most IO_LENGTH_MAX bytes. */
export function checkIoLength(length: number): void {
  if (!Number.isSafeInteger(length) || length < 0) fail("EINVAL", `bad IO length ${length}`);
  if (length > IO_LENGTH_MAX) fail("EINVAL", `IO of ${formatBytes(length)} is over the ${formatBytes(IO_LENGTH_MAX)} per-command limit (IO_LENGTH_MAX)`, "split it into several commands");
}
