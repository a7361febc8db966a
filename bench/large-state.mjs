// The issue-13 "large state": 31 volumes (30 local of 1 GiB, each with a few bytes, and a 10 GiB
// distributed one), 16 storage nodes, 64 MiB of distributed data (64 x 1 MiB of random bytes),
// and a full audit ring (4,200 `vol show` after them: 8,400 entries for 8,192 slots). Built once
// per bench run with `kshell --state dir run`, then copied for each figure that changes it
// (with --state every command a figure types is journaled there).

import { spawnSync } from "node:child_process";
import { randomFillSync } from "node:crypto";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MiB = 1024 * 1024;
const NODES = 16;
const LOCAL_VOLUMES = 30;
const DISTRIBUTED_MIB = 64;
const SHOWS_PER_VOLUME = 140; // 30 x 140 x 2 entries: past the 8,192-entry ring

export function largeStateLines(dataFile) {
  const lines = ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2"];
  for (let n = 1; n <= NODES; n++) lines.push(`cluster sds add sds${n} --pool pd1/sp1 --capacity 100G`);
  lines.push("cluster sdc add sdc1", "vol create dv --type distributed --pool pd1/sp1 --size 10G", "cluster map dv sdc1");
  for (let i = 0; i < DISTRIBUTED_MIB; i++) lines.push(`vol write dv ${i * MiB} --file ${dataFile}`);
  for (let v = 0; v < LOCAL_VOLUMES; v++) lines.push(`vol create v${v} --size 1G`, `vol write v${v} 0 --data hello${v}`);
  for (let round = 0; round < SHOWS_PER_VOLUME; round++) for (let v = 0; v < LOCAL_VOLUMES; v++) lines.push(`vol show v${v}`);
  return lines;
}

/** Builds the large state and an empty one (initialised, nothing in it) under `scratch`; their directories. */
export function buildStates(context) {
  const dataFile = join(context.scratch, "large-1m.bin");
  writeFileSync(dataFile, randomFillSync(Buffer.alloc(MiB)));
  const script = join(context.scratch, "large-state.ksh");
  writeFileSync(script, `${largeStateLines(dataFile).join("\n")}\n`);
  const large = join(context.scratch, "large-state");
  const empty = join(context.scratch, "empty-state");
  for (const [dir, file] of [[large, script], [empty, undefined]]) {
    mkdirSync(dir, { mode: 0o700 });
    const args = [context.kshell, "--state", dir, ...(file === undefined ? ["-c", "echo ready"] : ["run", file])];
    const result = spawnSync(process.execPath, args, { env: context.env, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (result.status !== 0) throw new Error(`building ${dir} failed: ${result.stderr.trim().split("\n")[0]}`);
  }
  return { large, empty };
}

let copies = 0;
/** A fresh copy of state directory `dir`, for a figure whose commands are journaled into it. */
export function copyOf(context, dir) {
  const copy = join(context.scratch, `copy-${++copies}`);
  cpSync(dir, copy, { recursive: true });
  return copy;
}
