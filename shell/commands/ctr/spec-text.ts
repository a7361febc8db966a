// The text forms `ctr run` and `ctr create` take for what does not fit one unit: a restart policy
// as Docker writes it (`on-failure:3`) and a probe as one quoted word list
// (`http 80 /healthz period=5s failure=3`), with Kubernetes' fields and defaults. Each parser
// returns the typed value or throws one EINVAL line saying what was wanted.

import { fail } from "../../../src/errors.js";
import { parseCount, parseDuration } from "../../values.js";

export const RESTART_POLICIES = ["no", "on-failure", "always", "unless-stopped"] as const;
export type RestartPolicyName = (typeof RESTART_POLICIES)[number];

export interface RestartText {
  readonly policy: RestartPolicyName;
  /** on-failure:N: at most N restarts; absent: no bound. */
  readonly maxRetries?: number;
}

export const PROBE_KINDS = ["http", "tcp", "exec"] as const;
export type ProbeKindName = (typeof PROBE_KINDS)[number];

export interface ProbeText {
  readonly kind: ProbeKindName;
  readonly port?: number; // http, tcp
  readonly path?: string; // http
  readonly command?: string; // exec
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

const PORT_MAX = 65_535;
const THRESHOLD_MAX = 100; // a probe's success and failure counts; Kubernetes sets no bound, a simulation needs one
const PROBE_DEFAULTS = { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 }; // Kubernetes'
const PROBE_FIELDS = { delay: "initialDelayMs", period: "periodMs", timeout: "timeoutMs", success: "successThreshold", failure: "failureThreshold" } as const;
const PROBE_EXAMPLE = `e.g. "http 80 /healthz period=5s failure=3", "tcp 6379", "exec cat /tmp/healthy"`;

/** `no`, `on-failure`, `on-failure:3`, `always`, `unless-stopped`. */
export function parseRestart(text: string, what = "--restart"): RestartText {
  const [name, count, ...more] = text.toLowerCase().split(":");
  if (!(RESTART_POLICIES as readonly string[]).includes(name!) || more.length > 0 || (count !== undefined && name !== "on-failure")) {
    fail("EINVAL", `bad ${what} '${text}'`, "choose one of: no, on-failure[:N], always, unless-stopped");
  }
  const policy = name as RestartPolicyName;
  return count === undefined ? { policy } : { policy, maxRetries: parseCount(count, `${what} on-failure count`, 1, THRESHOLD_MAX) };
}

/** A probe: its kind, its target, then `field=value` words (delay, period, timeout, success, failure). */
export function parseProbe(text: string, what: string): ProbeText {
  const words = text.trim().split(/\s+/).filter((word) => word !== "");
  const fields = words.filter((word) => /^[a-z]+=/.test(word));
  const target = words.filter((word) => !/^[a-z]+=/.test(word));
  const kind = target.shift()?.toLowerCase();
  if (!(PROBE_KINDS as readonly string[]).includes(kind ?? "")) fail("EINVAL", `bad ${what} '${text}': it starts with http, tcp or exec`, PROBE_EXAMPLE);
  const probe: Record<string, unknown> = { kind, ...PROBE_DEFAULTS, ...probeTarget(kind as ProbeKindName, target, text, what) };
  for (const field of fields) {
    const [name, value] = [field.slice(0, field.indexOf("=")), field.slice(field.indexOf("=") + 1)];
    const key = PROBE_FIELDS[name as keyof typeof PROBE_FIELDS];
    if (key === undefined) fail("EINVAL", `bad ${what} field '${name}'`, `fields: ${Object.keys(PROBE_FIELDS).join(", ")} (e.g. period=5s failure=3)`);
    probe[key] = key.endsWith("Ms") ? parseDuration(value, `${what} ${name}`) : parseCount(value, `${what} ${name}`, 1, THRESHOLD_MAX);
  }
  if ((probe.periodMs as number) === 0) fail("EINVAL", `${what} period must be longer than 0s`);
  return probe as unknown as ProbeText;
}

function probeTarget(kind: ProbeKindName, target: readonly string[], text: string, what: string): Partial<ProbeText> {
  if (kind === "exec") {
    if (target.length === 0) fail("EINVAL", `bad ${what} '${text}': exec needs a command`, PROBE_EXAMPLE);
    return { command: target.join(" ") };
  }
  const [port, path, ...extra] = target;
  if (port === undefined) fail("EINVAL", `bad ${what} '${text}': ${kind} needs a port`, PROBE_EXAMPLE);
  if (extra.length > 0 || (kind === "tcp" && path !== undefined)) fail("EINVAL", `bad ${what} '${text}': unexpected '${kind === "tcp" ? path : extra[0]}'`, PROBE_EXAMPLE);
  const number = parseCount(port, `${what} port`, 1, PORT_MAX);
  if (kind === "tcp") return { port: number };
  if (path !== undefined && !path.startsWith("/")) fail("EINVAL", `bad ${what} path '${path}': it starts with /`);
  return { port: number, path: path ?? "/" };
}
