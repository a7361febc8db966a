// The kinds of value a command's arguments and options take, and the one parser for each: numbers
// with units (size, duration, offset), whole numbers with bounds (count, vlan), names checked like
// object names, choices, and the network values to come (MAC, CIDR). A kind that names an object
// of the kernel (volume, sds, user, rule, ...) stays text: it drives completion and the object the
// gate sees; whether the object exists is the kernel's to say, so no second lookup changes which
// error wins. Each parser returns the value or throws a KernelError(EINVAL) saying what was wanted.

import { SUBSYSTEMS } from "../modules/subsystems.js";
import { fail } from "../src/errors.js";
import type { KindsOf, NumberedKindsOf, ObjectKindSpec } from "../src/subsystem.js";
import { VLAN_ID_MAX } from "../src/limits.js";
import { expandHome } from "../src/persistence/user-file.js";
import { validateName } from "../src/table/slot-table.js";
import { parseCount, parseDuration, parseSize } from "./values.js";

/** Objects of the kernel an argument can name: the kinds each subsystem declares (its `kinds`). */
export type ObjectKind = KindsOf<typeof SUBSYSTEMS>;

/** Text whose candidates come from elsewhere: host files, live views, help topics, actions. */
export type PickKind = "file" | "view" | "topic" | "command" | "action";

/** Objects named by a number: a rule, an audit filter, an alert (whole numbers from 1). */
export type IdKind = NumberedKindsOf<typeof SUBSYSTEMS>;
export type NumberKind = "size" | "duration" | "offset" | "count" | "vlan" | IdKind;
export type TextKind = "string" | "name" | "choice" | "mac" | "cidr" | Exclude<ObjectKind, IdKind> | PickKind;
export type ValueKind = NumberKind | TextKind;

const OBJECT_KIND_SPECS: Readonly<Record<string, ObjectKindSpec>> = Object.assign({}, ...SUBSYSTEMS.map((s) => s.kinds));

/** How an argument or option value is declared: its kind and the kind's limits. */
export interface ValueSpec {
  readonly name: string;
  /** Text ("string") unless said. */
  readonly kind?: ValueKind | "flag";
  readonly choices?: readonly string[];
  /** Bounds of a count (inclusive). */
  readonly min?: number;
  readonly max?: number;
  /** What error lines call it ("sequence number"); the argument's name, or --option, by default. */
  readonly label?: string;
}

/** Where an object of `kind` sits at the gate (`vol` for a volume; "" when the value is itself a path), if it does. */
export function objectPathOf(kind: ObjectKind): string | undefined {
  return OBJECT_KIND_SPECS[kind]?.path;
}

/** The paths at the gate of every kind of object (vol, user, audit/filter, ...). */
export const OBJECT_PATHS: readonly string[] = Object.values(OBJECT_KIND_SPECS).flatMap((spec) => (spec.path === undefined ? [] : [spec.path]));

export function isObjectKind(kind: string | undefined): kind is ObjectKind {
  return kind !== undefined && Object.hasOwn(OBJECT_KIND_SPECS, kind);
}

/** The typed value of `text` for `spec`, under the label `what`. */
export function parseValue(spec: ValueSpec, text: string, what: string): string | number {
  switch (spec.kind) {
    case "size":
    case "offset":
      return parseSize(text, what);
    case "duration":
      return parseDuration(text, what);
    case "count":
      return parseCount(text, what, spec.min, spec.max);
    case "vlan":
      return parseCount(text, what, spec.min ?? 1, spec.max ?? VLAN_ID_MAX);
    case "choice":
      return parseChoice(spec.choices ?? [], text, what);
    case "name":
      validateName(what, text);
      return text;
    case "mac":
      return parseMac(text, what);
    case "cidr":
      return parseCidr(text, what);
    case "file":
      return expandHome(text);
    default:
      return spec.kind !== undefined && OBJECT_KIND_SPECS[spec.kind]?.numbered === true ? parseCount(text, what, 1) : text;
  }
}

export function parseChoice(choices: readonly string[], text: string, what: string): string {
  if (!choices.includes(text.toLowerCase())) fail("EINVAL", `bad ${what} '${text}'`, `choose one of: ${choices.join(", ")}`);
  return text.toLowerCase();
}

/** Six bytes as hex pairs separated by colons or dashes; kept lowercase with colons. */
export function parseMac(text: string, what: string): string {
  if (!/^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i.test(text) || /:.*-|-.*:/.test(text)) fail("EINVAL", `bad ${what} '${text}'`, "write six hex pairs, e.g. 52:54:00:12:34:56");
  return text.toLowerCase().replaceAll("-", ":");
}

/** An IPv4 network: four octets (no leading zeros) and a prefix length 0..32, with no host bits set. */
export function parseCidr(text: string, what: string): string {
  const match = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\/(0|[1-9]\d?)$/.exec(text);
  const octets = match === null ? [] : match.slice(1, 5).map(Number);
  const prefix = match === null ? 0 : Number(match[5]);
  if (match === null || octets.some((octet) => octet > 255) || prefix > 32) fail("EINVAL", `bad ${what} '${text}'`, "write an IPv4 network, e.g. 10.0.0.0/24");
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix); // addresses in the network
  if (address % size !== 0) fail("EINVAL", `bad ${what} '${text}': host bits are set`, `the network is ${dotted(address - (address % size))}/${prefix}`);
  return text;
}

function dotted(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
