// Namespaces: every container has the eight Linux namespace kinds, each with an inode number as
// `ls -l /proc/self/ns` shows it. A container's own namespaces take ids from NAMESPACE_ID_FIRST on,
// eight per container in creation order (its serial), so the same script gives the same ids. As
// Docker does without userns-remap, a container shares the host's user and time namespaces (the
// host's ids, as a fresh Linux boot numbers them); part 2's pods will share net, ipc and uts the
// same way, by writing the pod's ids into the member's cells.

import { NAMESPACE_ID_FIRST, NAMESPACE_SERIAL_WRAP } from "../../src/limits.js";
import { NAMESPACE_KINDS, type NamespaceKind } from "./types.js";

/** The host's namespace ids (init_*_ns on a fresh boot). */
export const HOST_NAMESPACE_IDS: Readonly<Record<NamespaceKind, number>> = { mnt: 4026531841, uts: 4026531838, ipc: 4026531839, pid: 4026531836, net: 4026531840, user: 4026531837, cgroup: 4026531835, time: 4026531834 };

/** Kinds a container shares with the host by default. */
const SHARED_WITH_HOST: readonly NamespaceKind[] = ["user", "time"];

/** Fills the eight ids of a new container with serial `serial`. */
export function assignNamespaces(ids: Uint32Array, slot: number, serial: number): void {
  NAMESPACE_KINDS.forEach((kind, index) => {
    ids[slot * NAMESPACE_KINDS.length + index] = SHARED_WITH_HOST.includes(kind) ? HOST_NAMESPACE_IDS[kind] : NAMESPACE_ID_FIRST + (serial % NAMESPACE_SERIAL_WRAP) * NAMESPACE_KINDS.length + index;
  });
}

export function namespacesOf(ids: Uint32Array, slot: number): { kind: NamespaceKind; id: number }[] {
  return NAMESPACE_KINDS.map((kind, index) => ({ kind, id: ids[slot * NAMESPACE_KINDS.length + index]! }));
}

/** `ls -l /proc/self/ns` lines: "net -> net:[4026532008]", in ls's (alphabetical) order. */
export function namespaceLines(ids: Uint32Array, slot: number): string[] {
  return namespacesOf(ids, slot).sort((a, b) => a.kind.localeCompare(b.kind)).map(({ kind, id }) => `${kind} -> ${kind}:[${id}]`);
}

/** Kinds the containers of one pod share (one IP, localhost between them, one hostname and IPC). */
export const POD_SHARED_KINDS: readonly NamespaceKind[] = ["net", "ipc", "uts"];

/** Writes `from`'s ids of the pod-shared kinds into `to`'s cells (a pod member joins its first container's namespaces). */
export function shareNamespaces(ids: Uint32Array, from: number, to: number): void {
  for (const kind of POD_SHARED_KINDS) {
    const index = NAMESPACE_KINDS.indexOf(kind);
    ids[to * NAMESPACE_KINDS.length + index] = ids[from * NAMESPACE_KINDS.length + index]!;
  }
}
