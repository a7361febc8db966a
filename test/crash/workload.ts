// The crash test's seeded workload: the next command for the child, chosen from what the model
// holds — writes to local and distributed volumes (text, hex, a repeated byte, or a host file of
// up to a few MiB; at aligned and unaligned offsets), snapshots created, deleted and restored,
// volumes created and deleted, `save`, a storage node crashed (only while the cluster is
// HEALTHY, so no chunk is ever left without a reachable copy) and recovered, and sleeps.
//
// Each step says what its acknowledgement changes in the model, and how to settle it when the
// kill came before its output was read: after the restart, probe whether it happened (both
// outcomes are accepted) and bring the model in line; neither outcome is a failure.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Image, type Model, type ModelVolume } from "./model.js";

export const POOL = "pd1/sp1";
export const CLIENT = "host1";
export const NODES = ["sds1", "sds2", "sds3"] as const;
const VOLUMES_MAX = 4; // live volumes at once (the kernel allows 32; bytes still live in state.json)
const SNAPSHOTS_MAX = 2; // per volume
const LOCAL_SIZE = 2 * 1024 * 1024; // bytes of a local volume
const DISTRIBUTED_SIZE = 4 * 1024 * 1024; // of a distributed one (1 MiB chunks)
const FILE_LENGTH_MAX = 3 * 1024 * 1024; // the largest --file payload
const SMALL_LENGTH_MAX = 64 * 1024;
const BURST_SHARE = 0.7; // of the volumes a burst writes to; and of its writes followed by a report

/** What the restarted child can be asked, to settle a step the kill left unacknowledged. */
export interface Probe {
  read(image: string, offset: number, length: number): Promise<Uint8Array | string>; // a string: the error
  volumes(): Promise<ReadonlySet<string>>;
  snapshots(volume: string): Promise<ReadonlySet<string>>;
  failedNode(): Promise<string | undefined>;
}

export interface Step {
  readonly kind: string; // for the report: write, snap-create, save, ...
  readonly line: string;
  readonly payload?: string; // a host file to remove once the step is over (the journal keeps its bytes)
  /** The child answered: success (`ok`) or the error it printed; `text` is its output. */
  acknowledged(model: Model, ok: boolean, text: string): void;
  /** Killed before the answer was read: find out whether it happened; a message if neither outcome is there. */
  settle(probe: Probe, model: Model): Promise<string | undefined>;
}

export type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const nothing = async (): Promise<undefined> => undefined;

/** The next step. `scratch` is where payload files go; `n` numbers them. */
export function nextStep(model: Model, random: Random, scratch: string, n: number): Step {
  const volumes = [...model.volumes.values()];
  const unmapped = volumes.find((volume) => !volume.mapped);
  if (unmapped !== undefined) return mapStep(unmapped);
  if (model.mayFailNode) return failStep(pick(random, NODES));
  if (volumes.length === 0) return createStep(model, random);
  const roll = random();
  if (roll < 0.5) return writeStep(pick(random, volumes), random, scratch, n);
  if (roll < 0.58) return snapshotCreateOrDelete(model, pick(random, volumes), random);
  if (roll < 0.63) return restoreStep(pick(random, volumes), random) ?? saveStep();
  if (roll < 0.69) return volumes.length < VOLUMES_MAX ? createStep(model, random) : saveStep();
  if (roll < 0.73) return volumes.length > 1 ? deleteStep(pick(random, volumes)) : saveStep();
  if (roll < 0.83) return saveStep();
  if (roll < 0.9) return model.failedNode === undefined ? healthStep() : recoverStep(model.failedNode);
  return sleepStep(pick(random, ["10s", "1m"]));
}

/**
 * A burst: writes to distinct volumes (at most one each, so each settles on its own whatever the
 * others did), each maybe followed by a report, for the child to run as one batch (group commit);
 * undefined while a volume is still to be mapped. `n` numbers each step's payload file.
 */
export function burstSteps(model: Model, random: Random, scratch: string, n: () => number): Step[] | undefined {
  const volumes = [...model.volumes.values()];
  if (volumes.length === 0 || volumes.some((volume) => !volume.mapped)) return undefined;
  const chosen = volumes.filter(() => random() < BURST_SHARE);
  const steps: Step[] = [];
  for (const volume of chosen.length > 0 ? chosen : volumes.slice(0, 1)) {
    steps.push(writeStep(volume, random, scratch, n()));
    if (random() < BURST_SHARE) steps.push(reportStep(pick(random, ["status", "vol list", `vol show ${volume.name}`, "audit query --limit 2"])));
  }
  return steps;
}

/** A command that changes nothing the model knows of (its audit entries aside). */
function reportStep(line: string): Step {
  return { kind: "report", line, acknowledged: () => undefined, settle: nothing };
}

/** A write of text, hex, a repeated byte or a host file, at an aligned or unaligned offset. */
function writeStep(volume: ModelVolume, random: Random, scratch: string, n: number): Step {
  const form = pick(random, ["data", "hex", "pattern", "file", "file"] as const);
  const lengthMax = form === "data" ? 64 : form === "hex" ? 256 : form === "pattern" || random() < 0.5 ? SMALL_LENGTH_MAX : FILE_LENGTH_MAX;
  const length = Math.min(between(random, 1, lengthMax), volume.size);
  const aligned = random() < 0.5;
  const room = volume.size - length;
  const offset = aligned ? Math.floor(between(random, 0, room) / 4096) * 4096 : between(random, 0, room);
  const { data, source, payload } = payloadOf(form, length, random, join(scratch, `payload-${n}`));
  const name = volume.name;
  return {
    kind: `write-${form}`,
    line: `vol write ${name} ${offset} ${source}`,
    payload,
    acknowledged: (model, ok) => ok && model.volumes.get(name)?.image.write(offset, data),
    settle: async (probe, model) => {
      const image = model.volumes.get(name)!.image;
      const back = await probe.read(name, offset, length);
      if (typeof back === "string") return `cannot read ${name} back: ${back}`;
      if (Image.holds(back, 0, data)) image.write(offset, data);
      else if (!Image.holds(back, 0, image.bytes.subarray(offset, offset + length))) return `unacknowledged write to ${name} at ${offset} (${length} bytes) left neither the old nor the new bytes`;
      return undefined;
    },
  };
}

function payloadOf(form: string, length: number, random: Random, file: string): { data: Uint8Array; source: string; payload?: string } {
  if (form === "data") {
    const text = Array.from({ length }, () => pick(random, [..."abcdefghijklmnopqrstuvwxyz0123456789"])).join("");
    return { data: Buffer.from(text), source: `--data ${text}` };
  }
  if (form === "pattern") {
    const byte = between(random, 0, 255);
    return { data: new Uint8Array(length).fill(byte), source: `--pattern ${byte} --len ${length}` };
  }
  const data = randomBytes(random, length);
  if (form === "hex") return { data, source: `--hex ${Buffer.from(data).toString("hex")}` };
  writeFileSync(file, data);
  return { data, source: `--file ${file}`, payload: file };
}

/** Seeded bytes, four at a time. */
function randomBytes(random: Random, length: number): Uint8Array {
  const words = new Uint32Array(Math.ceil(length / 4));
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32);
  return new Uint8Array(words.buffer, 0, length).slice();
}

function createStep(model: Model, random: Random): Step {
  const distributed = random() < 0.5;
  const name = model.newName(distributed ? "dv" : "v");
  const size = distributed ? DISTRIBUTED_SIZE : LOCAL_SIZE;
  const line = distributed ? `vol create ${name} --type distributed --pool ${POOL} --size ${size}` : `vol create ${name} --size ${size}`;
  return {
    kind: "vol-create",
    line,
    acknowledged: (m, ok) => ok && m.create(name, distributed, size),
    settle: async (probe, m) => void ((await probe.volumes()).has(name) && m.create(name, distributed, size)),
  };
}

function mapStep(volume: ModelVolume): Step {
  const mapped = (model: Model) => void (model.volumes.get(volume.name)!.mapped = true);
  return {
    kind: "map",
    line: `cluster map ${volume.name} ${CLIENT}`,
    acknowledged: (model, ok, text) => (ok || /already mapped/.test(text)) && mapped(model),
    settle: nothing, // still unmapped in the model: the next step maps it again, and "already mapped" settles it
  };
}

function deleteStep(volume: ModelVolume): Step {
  const name = volume.name;
  return {
    kind: "vol-delete",
    line: `vol delete ${name} --force`,
    acknowledged: (model, ok) => ok && model.volumes.delete(name),
    settle: async (probe, model) => void (!(await probe.volumes()).has(name) && model.volumes.delete(name)),
  };
}

function snapshotCreateOrDelete(model: Model, volume: ModelVolume, random: Random): Step {
  const existing = [...volume.snapshots.keys()];
  if (existing.length >= SNAPSHOTS_MAX || (existing.length > 0 && random() < 0.3)) return snapshotDeleteStep(volume, pick(random, existing));
  const snap = model.newName("s");
  const name = volume.name;
  const take = (m: Model) => m.volumes.get(name)!.snapshots.set(snap, m.volumes.get(name)!.image.copy());
  return {
    kind: "snap-create",
    line: `vol snap create ${name} ${snap}`,
    acknowledged: (m, ok) => ok && take(m),
    settle: async (probe, m) => void ((await probe.snapshots(name)).has(snap) && take(m)),
  };
}

function snapshotDeleteStep(volume: ModelVolume, snap: string): Step {
  const name = volume.name;
  return {
    kind: "snap-delete",
    line: `vol snap delete ${name} ${snap}`,
    acknowledged: (m, ok) => ok && m.volumes.get(name)!.snapshots.delete(snap),
    settle: async (probe, m) => void (!(await probe.snapshots(name)).has(snap) && m.volumes.get(name)!.snapshots.delete(snap)),
  };
}

function restoreStep(volume: ModelVolume, random: Random): Step | undefined {
  const snaps = [...volume.snapshots.keys()];
  if (snaps.length === 0) return undefined;
  const snap = pick(random, snaps);
  const name = volume.name;
  const restore = (m: Model) => {
    const target = m.volumes.get(name)!;
    target.image = target.snapshots.get(snap)!.copy();
  };
  return {
    kind: "snap-restore",
    line: `vol snap restore ${name} ${snap}`,
    acknowledged: (m, ok) => void (ok && restore(m)),
    settle: async (probe, m) => {
      const target = m.volumes.get(name)!;
      const back = await probe.read(name, 0, target.size);
      if (typeof back === "string") return `cannot read ${name} back: ${back}`;
      if (Image.holds(back, 0, target.snapshots.get(snap)!.bytes)) restore(m);
      else if (!Image.holds(back, 0, target.image.bytes)) return `unacknowledged restore of ${name}@${snap} left neither the old nor the restored bytes`;
      return undefined;
    },
  };
}

export function saveStep(): Step {
  return { kind: "save", line: "save", acknowledged: () => undefined, settle: nothing };
}

function sleepStep(duration: string): Step {
  return { kind: "sleep", line: `sleep ${duration}`, acknowledged: () => undefined, settle: nothing };
}

/** Asks for the cluster's health: a node may be crashed next only when it is HEALTHY. */
function healthStep(): Step {
  return {
    kind: "health",
    line: "cluster health",
    acknowledged: (model, ok, text) => void (model.mayFailNode = ok && /^HEALTHY/.test(text)),
    settle: nothing,
  };
}

function failStep(node: string): Step {
  return {
    kind: "sds-fail",
    line: `cluster sds fail ${node}`,
    acknowledged: (model, ok) => {
      model.mayFailNode = false;
      if (ok) model.failedNode = node;
    },
    settle: async (probe, model) => void (model.failedNode = await probe.failedNode()),
  };
}

function recoverStep(node: string): Step {
  return {
    kind: "sds-recover",
    line: `cluster sds recover ${node}`,
    acknowledged: (model, ok) => void (ok && (model.failedNode = undefined)),
    settle: async (probe, model) => void (model.failedNode = await probe.failedNode()),
  };
}
