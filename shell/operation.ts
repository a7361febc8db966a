// From a command's gate binding and its parsed input to the Operation the gate decides.

import { capabilityNumber } from "../modules/security/index.js";
import type { Operation } from "../src/gate.js";
import type { GateBinding, ParsedInput } from "./command.js";

/** The operation a command's gate binding and parsed input describe. */
export function operationOf(gate: GateBinding, input: ParsedInput): Operation {
  const capability = typeof gate.capability === "function" ? gate.capability(input) : gate.capability;
  return {
    action: gate.action,
    object: gate.object?.(input) ?? gate.action.slice(0, gate.action.indexOf(".") >>> 0),
    type: gate.type,
    mutates: gate.mutates,
    access: gate.access ?? (gate.mutates ? "write" : "read"),
    capability: capability === undefined ? undefined : numberOf(capability),
  };
}

// Capability names the commands declare, by number: every gated command asks. A name typed by
// a person (any casing) may come too, so the cache stops at CACHED_NAMES_MAX.
const CACHED_NAMES_MAX = 64;
const numbers = new Map<string, number>();

function numberOf(capability: string): number {
  const cached = numbers.get(capability);
  if (cached !== undefined) return cached;
  const number = capabilityNumber(capability); // an unknown name fails here, uncached
  if (numbers.size < CACHED_NAMES_MAX) numbers.set(capability, number);
  return number;
}
