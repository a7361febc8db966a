// Questions the crash test asks a restarted child, through ordinary commands: read a range of a
// volume or snapshot back (`vol read ... --out <file>`, compared byte for byte), list volumes,
// snapshots and crashed storage nodes. Also the check after every restart: every volume and
// snapshot the model holds is there, whole, with nothing the model does not know of beside it.

import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Child } from "./child.js";
import type { Image, Model } from "./model.js";
import type { Probe } from "./workload.js";

/** The first column of a table's rows (the header and a "(no ...)" line give none). */
function firstColumn(text: string): Set<string> {
  const rows = text.split("\n").slice(1).filter((line) => line.trim() !== "" && !line.startsWith("("));
  return new Set(rows.map((line) => line.split(/\s+/)[0]!));
}

export function probeOf(child: Child, scratch: string): Probe {
  const out = join(scratch, "read-back");
  const asked = async (line: string): Promise<string> => {
    const reply = await child.run(line);
    if (!reply.done || reply.ok !== true) throw new ProbeError(`'${line}' failed: ${reply.done ? reply.text.trim() : "no answer (the child hung or died)"}`);
    return reply.text;
  };
  return {
    read: async (image, offset, length) => {
      const reply = await child.run(`vol read ${image} ${offset} ${length} --out ${out}`);
      if (!reply.done || reply.ok !== true) return reply.done ? reply.text.trim() : "no answer (the child hung or died)";
      const bytes = readFileSync(out);
      rmSync(out);
      return bytes;
    },
    volumes: async () => firstColumn(await asked("vol list")),
    snapshots: async (volume) => firstColumn(await asked(`vol snap list ${volume}`)),
    failedNode: async () => {
      const rows = (await asked("cluster sds list")).split("\n").slice(1).map((line) => line.split(/\s+/));
      return rows.find((cells) => cells.length > 1 && cells[1]!.endsWith("/crashed"))?.[0]; // STALE or DOWN alone: back, heartbeats not yet seen
    },
  };
}

/** A probe command itself failed: the restarted child cannot be checked. */
export class ProbeError extends Error {}

/** What one check after a restart found. */
export interface Check {
  lostWrites: number; // acknowledged writes whose bytes did not read back
  lostObjects: number; // acknowledged volumes or snapshots missing, or acknowledged deletes undone
  readonly failures: string[];
}

/** Reads every volume and snapshot of the model back and compares. */
export async function checkAll(probe: Probe, model: Model): Promise<Check> {
  const check: Check = { lostWrites: 0, lostObjects: 0, failures: [] };
  const names = await probe.volumes();
  for (const name of names) if (!model.volumes.has(name)) lostObject(check, `volume ${name} is there, but its delete was acknowledged (or its create never was)`);
  for (const volume of model.volumes.values()) {
    if (!names.has(volume.name)) {
      lostObject(check, `acknowledged volume ${volume.name} is gone`);
      continue;
    }
    // an unmapped distributed volume cannot be read (nor written: it holds zeros); the next step maps it
    if (volume.mapped) await compare(probe, check, volume.name, volume.image.bytes.length, volume.image);
    const snaps = await probe.snapshots(volume.name);
    for (const snap of snaps) if (!volume.snapshots.has(snap)) lostObject(check, `snapshot ${volume.name}@${snap} is there, but its delete was acknowledged (or its create never was)`);
    for (const [snap, image] of volume.snapshots) {
      if (snaps.has(snap)) await compare(probe, check, `${volume.name}@${snap}`, image.bytes.length, image);
      else lostObject(check, `acknowledged snapshot ${volume.name}@${snap} is gone`);
    }
  }
  return check;
}

function lostObject(check: Check, text: string): void {
  check.lostObjects++;
  check.failures.push(text);
}

async function compare(probe: Probe, check: Check, name: string, size: number, image: Image): Promise<void> {
  const back = await probe.read(name, 0, size);
  if (typeof back === "string") {
    check.failures.push(`cannot read ${name} back: ${back}`);
    check.lostWrites += image.writes.length;
    return;
  }
  const { lostWrites, strayBytes, firstAt } = image.differences(back);
  check.lostWrites += lostWrites;
  if (lostWrites > 0 || strayBytes > 0) check.failures.push(`${name}: ${lostWrites} acknowledged writes lost, ${strayBytes} never-written bytes changed, first difference at ${firstAt}`);
}
