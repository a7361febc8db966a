// Shared by the attachment tests: a session with a three-node cluster (2 copies), a storage
// client per worker, a distributed and a local volume, and a network; and the kernel's services
// as root (the managers and the ports they provide).

import { ROOT } from "../../../src/gate.js";
import type { Session } from "../../../shell/session.js";
import { newSession, ok } from "../../helpers.js";

export const SETUP = [
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 1G",
  "cluster sds add sds2 --pool pd1/sp1 --capacity 1G",
  "cluster sds add sds3 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add w1",
  "cluster sdc add w2",
  "vol create dv --type distributed --pool pd1/sp1 --size 64M",
  "vol create db --size 1M",
  "net create lan --type bridged --cidr 10.0.0.0/24",
  "sleep 2s",
];

export function world(): Session {
  const session = newSession();
  for (const line of SETUP) ok(session, line);
  return session;
}

/** The kernel's services as root, outside any command (tests reach managers and ports this way). */
export function servicesOf(session: Session) {
  return session.kernel.syscallBegin(ROOT, { action: "test.inspect", object: "kernel", type: "system", mutates: false, access: "read" });
}

export const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
