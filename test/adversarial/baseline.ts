// The ordinary run every attack starts from: users (alice with password `a`, ops with a password
// and CAP_SETUID), a block volume with data, a policy rule, a three-node cluster with a mapped
// distributed volume, ten seconds of clock, then a kshell killed with -9 after four more commands,
// so the state directory holds a snapshot, a journal with records, and the audit key. Built once
// per process; each try works on a copy (run.ts copyState).

import { copyState, killedDuring, onState, scratch } from "./run.js";

export const ALICE_PASSWORD = "a";
export const OPS_PASSWORD = "s3cret";

export const ORDINARY = [
  `user add alice --password ${ALICE_PASSWORD}`,
  `user add ops --password ${OPS_PASSWORD} --caps CAP_SETUID`,
  "vol create d --size 1M",
  "vol write d 0 --data base-data",
  "sec rule add --effect deny --user alice --object vol:secret* --action vol.*",
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 1G",
  "cluster sds add sds2 --pool pd1/sp1 --capacity 1G",
  "cluster sds add sds3 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add host1",
  "vol create dv --type distributed --pool pd1/sp1 --size 64M",
  "cluster map dv host1",
  "vol write dv 0 --data hello-cluster",
  "sleep 10s",
];

/** Journalled after the snapshot, by a kshell then killed: the journal's records. */
export const JOURNALLED = ["vol create j --size 1M", "vol write j 0 --data journalled", "sec rule add --effect audit --action kernel.* --priority 10", "sleep 2s", "echo journal-ready"];

let template: string | undefined;

/** The prepared state directory (do not modify it: copy it). */
export async function baseline(): Promise<string> {
  if (template !== undefined) return template;
  const dir = `${scratch("kshell-adv-", true)}/state`;
  const first = onState(dir, ORDINARY);
  if (first.status !== 0) throw new Error(`the ordinary run failed: ${first.stderr}`);
  const killed = await killedDuring(["--state", dir], JOURNALLED, { until: /journal-ready/ });
  if (!killed.stdout.includes("journal-ready")) throw new Error(`the journalled run failed: ${killed.stderr}`);
  template = dir;
  return dir;
}

/** A fresh copy of the baseline for one try. */
export async function freshState(): Promise<string> {
  return copyState(await baseline());
}
