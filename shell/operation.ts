// From a command's gate binding and its parsed input to the Operation the gate decides.

import { CAPABILITY_NAMES, capabilityNumber } from "../modules/security/index.js";
import type { Operation } from "../src/gate.js";
import type { Kernel } from "../src/kernel.js";
import type { GateBinding, ParsedInput } from "./command.js";

/**
 * The operation a command's gate binding and parsed input describe; `object`, when given, the one
 * decided instead of the binding's (sec why's named object, a second decision on `net`), the
 * capability then the one that object needs.
 */
export function operationOf(gate: GateBinding, input: ParsedInput, view: Kernel["view"], object?: string): Operation {
  const decided = object ?? gate.object?.(input, view) ?? gate.action.slice(0, gate.action.indexOf(".") >>> 0);
  const capability = typeof gate.capability === "function" ? gate.capability(input, decided) : gate.capability;
  return {
    action: gate.action,
    object: decided,
    type: gate.type,
    mutates: gate.mutates,
    access: (typeof gate.access === "function" ? gate.access(input) : gate.access) ?? (gate.mutates ? "write" : "read"),
    capability: capability === undefined ? undefined : typeof gate.capability === "string" ? declaredNumber(capability) : capabilityNumber(capability),
    inputCapabilities: gate.inputCapabilities === undefined ? undefined : canonicalNames(gate.inputCapabilities(input)),
  };
}

/** Capability names as the kernel writes them (CAP_ prefix, upper case), once each; undefined for none. An unknown name fails here. */
export function canonicalNames(names: readonly string[]): readonly string[] | undefined {
  const canonical = [...new Set(names.map((name) => CAPABILITY_NAMES[capabilityNumber(name)]!))];
  return canonical.length === 0 ? undefined : canonical;
}

// The capability names commands declare, by number (every gated command asks). Only declared
// names are kept, so the map holds at most one per command; a name worked out from the input
// (user cap add) is looked up each time.
const declared = new Map<string, number>();

function declaredNumber(capability: string): number {
  let number = declared.get(capability);
  if (number === undefined) declared.set(capability, (number = capabilityNumber(capability))); // an unknown name fails here, uncached
  return number;
}
