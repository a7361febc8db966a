// How messages name a copy so a person can find it: the volume (or snapshot) and offset of its
// chunk, the node, and the file on the node's chunk device (sds/<node>/<n>.chunk in the folder
// `cluster sds show` prints). The file's number is the device's slot, not the cluster's stored
// chunk id, so it is asked of the device; so is what is wrong with a file that fails a read.

import { CLUSTER_CHUNK_SIZE } from "../../src/limits.js";
import { formatBytes } from "../../src/units.js";
import { indexOf } from "./chunk-address.js";
import type { NodeStores } from "./node-store.js";

/** The copy's file as its device names it: "sds/sds1/0.chunk" ("" when it has no bytes stored). */
export function copyFile(stores: NodeStores, node: number, address: number): string {
  const device = stores.device(node);
  const stored = device.stored(stores.chunkIdOr(node, address));
  return stored === undefined ? "" : `${device.name}/${stored.where.slice(stored.where.lastIndexOf("/") + 1)}`;
}

/** "dv at 3M on sds1 (sds/sds1/0.chunk)": the chunk's volume (or volume@snapshot) and first byte, the node and the file. */
export function copyText(stores: NodeStores, node: number, address: number, nodeName: string): string {
  const owner = stores.names.owner(address);
  const offset = indexOf(address) * CLUSTER_CHUNK_SIZE;
  const file = copyFile(stores, node, address);
  return `${owner} at ${offset === 0 ? "0" : formatBytes(offset)} on ${nodeName}${file === "" ? "" : ` (${file})`}`;
}

/** What is wrong with a copy that failed a read, `deviceMessage` being the device's EIO: "the file is empty", "the file is short: 1000 of 1048576 bytes". */
export function copyFault(stores: NodeStores, node: number, address: number, deviceMessage: string): string {
  const stored = stores.device(node).stored(stores.chunkIdOr(node, address));
  if (stored === undefined) return deviceMessage;
  if (stored.bytes < 0) return "the file is missing";
  if (stored.bytes === 0) return "the file is empty";
  if (stored.bytes < CLUSTER_CHUNK_SIZE) return `the file is short: ${stored.bytes} of ${CLUSTER_CHUNK_SIZE} bytes`;
  return stored.torn ? "a write to it failed" : "its bytes do not match their checksum";
}
