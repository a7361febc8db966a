// Probes: Kubernetes' startup, liveness and readiness probes (exec, httpGet, tcpSocket), with its
// fields and defaults, held in a fixed table of CONTAINER_COUNT_MAX * 3 rows (container slot * 3 +
// kind). Text form, as `ctr run --liveness` takes it:
//   http:PORT[/PATH] | tcp:PORT | exec:COMMAND, then ,key=value options:
//   delay=DUR (initialDelaySeconds, 0), period=DUR (periodSeconds, 10s), timeout=DUR (1s),
//   success=N (successThreshold, 1), failure=N (failureThreshold, 3)
// e.g. "http:80/healthz,period=5s,failure=2". A probe answers from the workload model: http and
// tcp succeed while the workload serves that port and has not hung; exec runs a simulated
// command (exec.ts) and succeeds on exit 0.
//
// Rules (as kubelet): the startup probe gates the other two; a liveness or startup probe failing
// failureThreshold times in a row kills the container; readiness sets Ready after successThreshold
// successes and clears it after failureThreshold failures. Liveness and startup take success=1.

import { fail } from "../../src/errors.js";
import { DURATION_MS_MAX, PROBE_TARGET_LENGTH_MAX, CONTAINER_COUNT_MAX, PROBE_FAILURE_THRESHOLD_DEFAULT, PROBE_PERIOD_MS_DEFAULT, PROBE_PERIOD_MS_MIN, PROBE_THRESHOLD_MAX, PROBE_TIMEOUT_MS_DEFAULT } from "../../src/limits.js";
import { enumIndex, int, text, timeOrNone } from "../../src/table/checks.js";
import { Columns, numbers, texts } from "../../src/table/columns.js";
import { parseDuration } from "../../src/units.js";
import { PROBE_HANDLERS, PROBE_KINDS, type ProbeHandler, type ProbeInfo, type ProbeKind } from "./types.js";

export const PROBE_KIND_COUNT = PROBE_KINDS.length;
export const ProbeKindIndex = { startup: 0, liveness: 1, readiness: 2 } as const satisfies Record<ProbeKind, number>;

export const PROBE_COLUMNS = {
  handler: numbers(Uint8Array, enumIndex(PROBE_HANDLERS, "a probe handler")),
  port: numbers(Uint16Array, int(0, 65535, "a port 0..65535")),
  target: texts(text(PROBE_TARGET_LENGTH_MAX)), // the http path or the exec command
  delayMs: numbers(Float64Array, int(0, DURATION_MS_MAX, "a delay in ms")), // as long as parseDuration takes: a longer bound refused the state it had let in
  periodMs: numbers(Float64Array, int(0, DURATION_MS_MAX, "a period in ms")),
  timeoutMs: numbers(Float64Array, int(0, DURATION_MS_MAX, "a timeout in ms")),
  successThreshold: numbers(Uint8Array, int(0, PROBE_THRESHOLD_MAX)),
  failureThreshold: numbers(Uint8Array, int(0, PROBE_THRESHOLD_MAX)),
  successes: numbers(Uint16Array, int(0, 65535)), // consecutive, saturating
  failures: numbers(Uint16Array, int(0, 65535)),
  nextMs: numbers(Float64Array, timeOrNone, -1), // when it runs next, -1 when it is not running
};

/** A probe as parsed from its text. */
export interface ProbeSpec {
  readonly handler: Exclude<ProbeHandler, "none">;
  readonly port: number;
  readonly target: string;
  readonly delayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

const PROBE_HINT = "http:PORT[/PATH], tcp:PORT or exec:COMMAND, then ,delay=0s,period=10s,timeout=1s,success=1,failure=3";

/** Parses a probe's text; `kind` tells whether success may be above 1 (readiness only). */
export function parseProbe(textForm: string, kind: ProbeKind): ProbeSpec {
  const match = /^(http|tcp|exec):(.*)$/.exec(textForm);
  if (match === null) fail("EINVAL", `bad ${kind} probe '${textForm}'`, PROBE_HINT);
  const [head, ...options] = match[2]!.split(/,(?=\w+=)/);
  const handler = match[1] as ProbeSpec["handler"];
  let port = 0;
  let target = head!;
  if (handler !== "exec") {
    const at = /^(\d{1,5})(\/\S*)?$/.exec(head!);
    if (at === null || Number(at[1]) < 1 || Number(at[1]) > 65535) fail("EINVAL", `bad ${kind} probe '${textForm}': expected a port 1..65535`, PROBE_HINT);
    port = Number(at[1]);
    target = handler === "http" ? (at[2] ?? "/") : "";
  } else if (target.trim() === "") fail("EINVAL", `bad ${kind} probe '${textForm}': no command`, PROBE_HINT);
  if (target.length > PROBE_TARGET_LENGTH_MAX) fail("EINVAL", `${kind} probe target is longer than ${PROBE_TARGET_LENGTH_MAX} characters`);
  const spec = { handler, port, target, delayMs: 0, periodMs: PROBE_PERIOD_MS_DEFAULT, timeoutMs: PROBE_TIMEOUT_MS_DEFAULT, successThreshold: 1, failureThreshold: PROBE_FAILURE_THRESHOLD_DEFAULT };
  for (const option of options) applyOption(spec, option, kind, textForm);
  return spec;
}

function applyOption(spec: { -readonly [K in keyof ProbeSpec]: ProbeSpec[K] }, option: string, kind: ProbeKind, textForm: string): void {
  const [key, value = ""] = option.split("=", 2) as [string, string];
  const count = () => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > PROBE_THRESHOLD_MAX) fail("EINVAL", `bad ${kind} probe ${key} '${value}'`, `a threshold 1..${PROBE_THRESHOLD_MAX}`);
    return Number(value);
  };
  switch (key) {
    case "delay": spec.delayMs = parseDuration(value, `${kind} probe delay`); break;
    case "period": spec.periodMs = parseDuration(value, `${kind} probe period`); break;
    case "timeout": spec.timeoutMs = parseDuration(value, `${kind} probe timeout`); break;
    case "success": spec.successThreshold = count(); break;
    case "failure": spec.failureThreshold = count(); break;
    default: fail("EINVAL", `unknown ${kind} probe option '${key}' in '${textForm}'`, PROBE_HINT);
  }
  if (spec.periodMs < PROBE_PERIOD_MS_MIN) fail("EINVAL", `${kind} probe period is below ${PROBE_PERIOD_MS_MIN / 1000}s`, "Kubernetes' periodSeconds is at least 1");
  if (spec.successThreshold !== 1 && kind !== "readiness") fail("EINVAL", `${kind} probe success threshold must be 1`, "as in Kubernetes: only readiness takes successThreshold above 1");
}

/** The probe table: PROBE_KIND_COUNT rows per container slot. */
export class ProbeTable {
  readonly columns = new Columns(CONTAINER_COUNT_MAX * PROBE_KIND_COUNT, PROBE_COLUMNS);
  readonly a = this.columns.arrays;

  set(slot: number, kind: number, spec: ProbeSpec | undefined): void {
    const row = slot * PROBE_KIND_COUNT + kind;
    this.columns.clear(row);
    if (spec === undefined) return;
    this.a.handler[row] = PROBE_HANDLERS.indexOf(spec.handler);
    this.a.port[row] = spec.port;
    this.a.target[row] = spec.target;
    this.a.delayMs[row] = spec.delayMs;
    this.a.periodMs[row] = spec.periodMs;
    this.a.timeoutMs[row] = spec.timeoutMs;
    this.a.successThreshold[row] = spec.successThreshold;
    this.a.failureThreshold[row] = spec.failureThreshold;
  }

  has(slot: number, kind: number): boolean {
    return this.a.handler[slot * PROBE_KIND_COUNT + kind] !== 0;
  }

  clearSlot(slot: number): void {
    for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) this.columns.clear(slot * PROBE_KIND_COUNT + kind);
  }

  /** A new run: counts start again and the probes wait for their initial delay (startup first). */
  arm(slot: number, nowMs: number): void {
    const hasStartup = this.has(slot, ProbeKindIndex.startup);
    for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) {
      const row = slot * PROBE_KIND_COUNT + kind;
      this.a.successes[row] = 0;
      this.a.failures[row] = 0;
      const gated = hasStartup && kind !== ProbeKindIndex.startup;
      this.a.nextMs[row] = this.a.handler[row] === 0 || gated ? -1 : nowMs + this.a.delayMs[row]!;
    }
  }

  /** The startup probe passed: liveness and readiness begin (after their own delay). */
  ungate(slot: number, nowMs: number): void {
    for (const kind of [ProbeKindIndex.liveness, ProbeKindIndex.readiness]) {
      const row = slot * PROBE_KIND_COUNT + kind;
      if (this.a.handler[row] !== 0) this.a.nextMs[row] = nowMs + this.a.delayMs[row]!;
    }
  }

  disarm(slot: number): void {
    for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) this.a.nextMs[slot * PROBE_KIND_COUNT + kind] = -1;
  }

  /** The earliest time one of the slot's probes runs, or -1. */
  nextDue(slot: number): number {
    let due = -1;
    for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) {
      const next = this.a.nextMs[slot * PROBE_KIND_COUNT + kind]!;
      if (next >= 0 && (due < 0 || next < due)) due = next;
    }
    return due;
  }

  /** Counts one result; returns the consecutive count of that result (successes or failures). */
  record(row: number, succeeded: boolean): number {
    if (succeeded) {
      this.a.failures[row] = 0;
      this.a.successes[row] = Math.min(65535, this.a.successes[row]! + 1);
      return this.a.successes[row]!;
    }
    this.a.successes[row] = 0;
    this.a.failures[row] = Math.min(65535, this.a.failures[row]! + 1);
    return this.a.failures[row]!;
  }

  info(slot: number): ProbeInfo[] {
    const result: ProbeInfo[] = [];
    for (let kind = 0; kind < PROBE_KIND_COUNT; kind++) {
      const row = slot * PROBE_KIND_COUNT + kind;
      if (this.a.handler[row] === 0) continue;
      const handler = PROBE_HANDLERS[this.a.handler[row]!]!;
      result.push({
        kind: PROBE_KINDS[kind]!,
        handler,
        target: handler === "exec" ? this.a.target[row]! : handler === "http" ? `${this.a.port[row]}${this.a.target[row]}` : String(this.a.port[row]),
        initialDelaySeconds: this.a.delayMs[row]! / 1000,
        periodSeconds: this.a.periodMs[row]! / 1000,
        timeoutSeconds: this.a.timeoutMs[row]! / 1000,
        successThreshold: this.a.successThreshold[row]!,
        failureThreshold: this.a.failureThreshold[row]!,
        consecutiveSuccesses: this.a.successes[row]!,
        consecutiveFailures: this.a.failures[row]!,
      });
    }
    return result;
  }
}
