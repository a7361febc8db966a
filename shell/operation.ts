// From a command's gate binding and its parsed input to the Operation the gate decides.

import { capabilityNumber } from "../modules/security/index.js";
import type { Operation } from "../src/gate.js";
import type { GateBinding, ParsedInput } from "./command.js";

/** The operation a command's gate binding and parsed input describe. */
export function operationOf(gate: GateBinding, input: ParsedInput): Operation {
  const capability = typeof gate.capability === "function" ? gate.capability(input) : gate.capability;
  return {
    action: gate.action,
    object: gate.object?.(input) ?? gate.action.split(".")[0]!,
    type: gate.type,
    mutates: gate.mutates,
    access: gate.access ?? (gate.mutates ? "write" : "read"),
    capability: capability === undefined ? undefined : capabilityNumber(capability),
  };
}
