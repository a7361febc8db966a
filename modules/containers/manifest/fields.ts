// Reading the plain values YAML gives (mappings, lists, strings, numbers) at a field path: each
// reader checks the type, reports a wrong one at its path and hands back a value the caller can
// go on with, so one pass finds every problem of a document.

import { child, index, type FieldErrors, type FieldPath } from "./field-errors.js";

export type Mapping = Readonly<Record<string, unknown>>;

function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "list" : typeof value === "object" ? "mapping" : typeof value;
}

/** A mapping whose keys are among `known` (others are unknown fields); {} when absent or not a mapping. */
export function mapping(errors: FieldErrors, path: FieldPath, value: unknown, known?: readonly string[]): Mapping {
  if (value === undefined || value === null) return {};
  if (kindOf(value) !== "mapping") {
    errors.invalid(path, value, `must be a mapping, not a ${kindOf(value)}`);
    return {};
  }
  const fields = value as Mapping;
  if (known !== undefined) for (const key of Object.keys(fields)) if (!known.includes(key)) errors.unknownField(child(path, key));
  return fields;
}

/** A list's items with their paths; [] when absent or not a list. */
export function list(errors: FieldErrors, path: FieldPath, value: unknown): readonly { readonly item: unknown; readonly path: FieldPath }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.invalid(path, value, `must be a list, not a ${kindOf(value)}`);
    return [];
  }
  return value.map((item, at) => ({ item, path: index(path, at) }));
}

/** A string; undefined when absent (or wrong, reported). A number where a string belongs is refused, as Go's decoder does. */
export function string(errors: FieldErrors, path: FieldPath, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") {
    errors.invalid(path, value, `must be a string, not a ${kindOf(value)}`);
    return undefined;
  }
  return value;
}

/** A required string: "Required value" when absent or empty. */
export function requiredString(errors: FieldErrors, path: FieldPath, value: unknown): string {
  const text = string(errors, path, value);
  if (text === undefined || text === "") {
    if (value === undefined || value === null || value === "") errors.required(path);
    return "";
  }
  return text;
}

export function boolean(errors: FieldErrors, path: FieldPath, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") {
    errors.invalid(path, value, `must be true or false, not a ${kindOf(value)}`);
    return false;
  }
  return value;
}

/** A whole number in [min, max]; undefined when absent or wrong. */
export function integer(errors: FieldErrors, path: FieldPath, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    errors.invalid(path, value, "must be a whole number");
    return undefined;
  }
  if (value < min || value > max) {
    errors.invalid(path, value, value < min ? `must be greater than or equal to ${min}` : `must be less than or equal to ${max}`);
    return undefined;
  }
  return value;
}

/** A list of strings (command, args, capabilities.add). */
export function strings(errors: FieldErrors, path: FieldPath, value: unknown): readonly string[] {
  return list(errors, path, value).flatMap(({ item, path: at }) => {
    const text = string(errors, at, item);
    return text === undefined ? [] : [text];
  });
}

/** A mapping of strings to strings (labels, nodeSelector, annotations). */
export function stringMap(errors: FieldErrors, path: FieldPath, value: unknown): Readonly<Record<string, string>> {
  const fields = mapping(errors, path, value);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(fields)) {
    const text = string(errors, `${path}[${key}]`, item);
    if (text !== undefined) out[key] = text;
  }
  return out;
}
