// The problems found in one manifest document, said as the Kubernetes API server says them
// (apimachinery's field.Error: the field's path, then "Required value", "Invalid value: ...",
// "Unsupported value: ...", "Too many: ..."), and unknown fields as kubectl's strict decoding
// says them ('strict decoding error: unknown field "spec.containerz"'). Every problem of a
// document is collected, so one line names them all, as `kubectl apply` does.

import { MANIFEST_ERRORS_MAX } from "../../../src/limits.js";

/** A field's path as Kubernetes prints it: spec.containers[1].resources.limits.memory. */
export type FieldPath = string;

export function child(path: FieldPath, key: string): FieldPath {
  return path === "" ? key : `${path}.${key}`;
}

export function index(path: FieldPath, at: number): FieldPath {
  return `${path}[${at}]`;
}

export function quoted(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : typeof value === "object" && value !== null ? (Array.isArray(value) ? "[...]" : "{...}") : String(value);
}

export class FieldErrors {
  private readonly unknown: string[] = [];
  private readonly problems: string[] = [];

  required(path: FieldPath, detail?: string): void {
    this.add(`${path}: Required value${detail === undefined ? "" : `: ${detail}`}`);
  }

  invalid(path: FieldPath, value: unknown, detail: string): void {
    this.add(`${path}: Invalid value: ${quoted(value)}: ${detail}`);
  }

  unsupported(path: FieldPath, value: unknown, supported: readonly string[]): void {
    this.add(`${path}: Unsupported value: ${quoted(value)}: supported values: ${supported.map((s) => `"${s}"`).join(", ")}`);
  }

  tooMany(path: FieldPath, count: number, max: number): void {
    this.add(`${path}: Too many: ${count}: must have at most ${max} items`);
  }

  duplicate(path: FieldPath, value: unknown): void {
    this.add(`${path}: Duplicate value: ${quoted(value)}`);
  }

  notFound(path: FieldPath, value: unknown): void {
    this.add(`${path}: Not found: ${quoted(value)}`);
  }

  /** A problem already worded after the path (a quantity's). */
  at(path: FieldPath, problem: string): void {
    this.add(`${path}: ${problem}`);
  }

  unknownField(path: FieldPath): void {
    if (this.unknown.length < MANIFEST_ERRORS_MAX) this.unknown.push(`unknown field "${path}"`);
  }

  any(): boolean {
    return this.unknown.length > 0 || this.problems.length > 0;
  }

  /**
   * The line kubectl would print: strict decoding errors first (the API server refuses to decode
   * before it validates), else 'The Pod "web" is invalid: ...' with one problem, or all in brackets.
   */
  text(podName: string): string {
    if (this.unknown.length > 0) return `Pod in version "v1" cannot be handled as a Pod: strict decoding error: ${this.unknown.join(", ")}`;
    const head = `The Pod ${JSON.stringify(podName)} is invalid: `;
    return this.problems.length === 1 ? head + this.problems[0]! : `${head}[${this.problems.join(", ")}]`;
  }

  private add(problem: string): void {
    if (this.problems.length < MANIFEST_ERRORS_MAX) this.problems.push(problem);
  }
}
