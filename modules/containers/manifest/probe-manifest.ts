// A container's probe as a manifest writes it (httpGet.path/port, tcpSocket.port, exec.command,
// initialDelaySeconds, periodSeconds, timeoutSeconds, successThreshold, failureThreshold) and as
// part 1's probe text says it ("http:80/healthz,period=5s"). The text is canonical: only the
// fields that differ from Kubernetes' defaults, in one order, so a probe printed and read back is
// the same text.

import { DURATION_MS_MAX, PROBE_FAILURE_THRESHOLD_DEFAULT, PROBE_PERIOD_MS_DEFAULT, PROBE_THRESHOLD_MAX, PROBE_TIMEOUT_MS_DEFAULT } from "../../../src/limits.js";
import { isKernelError } from "../../../src/errors.js";
import { parseProbe } from "../probes.js";
import type { ProbeKind } from "../types.js";
import { child, type FieldErrors, type FieldPath } from "./field-errors.js";
import { integer, mapping, strings, type Mapping } from "./fields.js";

const PROBE_FIELDS = ["httpGet", "tcpSocket", "exec", "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold", "failureThreshold"] as const;
const HANDLERS = ["httpGet", "tcpSocket", "exec"] as const;
const LONGEST_SECONDS = DURATION_MS_MAX / 1000; // the longest duration a command takes, in a manifest's seconds

/** Probe options as the text names them, with the manifest's field and the default left out. */
const OPTIONS = [
  { key: "delay", field: "initialDelaySeconds", seconds: true, defaultValue: 0 },
  { key: "period", field: "periodSeconds", seconds: true, defaultValue: PROBE_PERIOD_MS_DEFAULT / 1000 },
  { key: "timeout", field: "timeoutSeconds", seconds: true, defaultValue: PROBE_TIMEOUT_MS_DEFAULT / 1000 },
  { key: "success", field: "successThreshold", seconds: false, defaultValue: 1 },
  { key: "failure", field: "failureThreshold", seconds: false, defaultValue: PROBE_FAILURE_THRESHOLD_DEFAULT },
] as const;

/** The probe text of a manifest's probe at `path`, or undefined when absent or wrong (reported). */
export function probeText(errors: FieldErrors, path: FieldPath, value: unknown, kind: ProbeKind): string | undefined {
  if (value === undefined || value === null) return undefined;
  const fields = mapping(errors, path, value, PROBE_FIELDS);
  const given = HANDLERS.filter((handler) => fields[handler] !== undefined);
  if (given.length !== 1) {
    if (given.length === 0) errors.required(path, "must specify a handler type");
    else errors.invalid(child(path, given[1]!), "", "may not specify more than 1 handler type");
    return undefined;
  }
  const head = handlerText(errors, child(path, given[0]!), given[0]!, fields[given[0]!]);
  const options = OPTIONS.flatMap((option) => {
    const at = child(path, option.field);
    const number = integer(errors, at, fields[option.field], option.seconds ? (option.key === "delay" ? 0 : 1) : 1, option.seconds ? LONGEST_SECONDS : PROBE_THRESHOLD_MAX);
    return number === undefined || number === option.defaultValue ? [] : [`${option.key}=${number}${option.seconds ? "s" : ""}`];
  });
  if (head === undefined) return undefined;
  const text = [head, ...options].join(",");
  try {
    parseProbe(text, kind); // part 1's own rules (success=1 but for readiness, port range, lengths)
  } catch (error) {
    if (!isKernelError(error)) throw error;
    errors.invalid(path, text, error.message);
    return undefined;
  }
  return text;
}

function handlerText(errors: FieldErrors, path: FieldPath, handler: (typeof HANDLERS)[number], value: unknown): string | undefined {
  if (handler === "exec") {
    const fields = mapping(errors, path, value, ["command"]);
    const command = strings(errors, child(path, "command"), fields.command).join(" ");
    if (command.trim() === "") errors.required(child(path, "command"));
    return command.trim() === "" ? undefined : `exec:${command}`;
  }
  const fields = mapping(errors, path, value, handler === "httpGet" ? ["path", "port", "scheme"] : ["port"]);
  const port = portOf(errors, child(path, "port"), fields.port);
  if (handler === "tcpSocket") return port === undefined ? undefined : `tcp:${port}`;
  if (fields.scheme !== undefined && fields.scheme !== "HTTP") errors.unsupported(child(path, "scheme"), fields.scheme, ["HTTP"]);
  const at = fields.path === undefined ? "/" : fields.path;
  if (typeof at !== "string" || !at.startsWith("/")) {
    errors.invalid(child(path, "path"), at, "must be an absolute path");
    return undefined;
  }
  return port === undefined ? undefined : `http:${port}${at}`;
}

function portOf(errors: FieldErrors, path: FieldPath, value: unknown): number | undefined {
  if (value === undefined) {
    errors.required(path);
    return undefined;
  }
  if (typeof value === "string" && !/^\d+$/.test(value)) {
    errors.invalid(path, value, "named ports are not supported here: give the port number");
    return undefined;
  }
  return integer(errors, path, typeof value === "string" ? Number(value) : value, 1, 65535);
}

/** The manifest form of a canonical probe text (the printer's half of the round trip). */
export function probeManifest(text: string, kind: ProbeKind): Mapping {
  const spec = parseProbe(text, kind);
  const handler = spec.handler === "http" ? { httpGet: { path: spec.target, port: spec.port } } : spec.handler === "tcp" ? { tcpSocket: { port: spec.port } } : { exec: { command: [spec.target] } };
  const values: Record<string, number> = { delay: spec.delayMs / 1000, period: spec.periodMs / 1000, timeout: spec.timeoutMs / 1000, success: spec.successThreshold, failure: spec.failureThreshold };
  const options = Object.fromEntries(OPTIONS.filter((option) => values[option.key] !== option.defaultValue).map((option) => [option.field, values[option.key]]));
  return { ...handler, ...options };
}
