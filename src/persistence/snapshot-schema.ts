// The schema of state.json: the kernel's own fields (seed, clock, rng), then each subsystem's
// part under its name, as the subsystem declares it (modules/<name>/saved-schema.ts, built from
// schema-parts.ts). Every number an integer or finite time within its column's range, every
// state and level one of its enumeration, every list within its table's capacity, so nothing
// wraps, spins or throws a RangeError while restoring; validate-snapshot.ts turns the first
// failure into `path: expected …, got …`. Fields the schema does not name are ignored (newer
// files may carry more), never written back.

import * as v from "valibot";
import { SAVED_CHUNK_SPACE_SCHEMA } from "../chunks/chunk-space.js";
import type { SubsystemList } from "../subsystem.js";
import { count, int, object, time, tuple } from "./schema-parts.js";

const word = int(0, 0xffffffff, "a 32-bit word");

/** The kernel's fields, then `subsystems`' parts in list order. */
export function snapshotSchema(subsystems: SubsystemList): v.GenericSchema {
  const parts: v.ObjectEntries = {};
  for (const { name, saved } of subsystems) parts[name] = saved.mayBeAbsent === true ? v.optional(saved.schema) : saved.schema;
  return object({
    seed: int(0, 0xffffffff, "a seed 0..4294967295"),
    clockMs: time,
    rng: tuple([word, word, word, word], "four 32-bit words"),
    chunks: v.optional(SAVED_CHUNK_SPACE_SCHEMA),
    correlationSeq: v.optional(count),
    ...parts,
  });
}
