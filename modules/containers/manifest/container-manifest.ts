// One entry of spec.containers[]: name, image, command + args (joined into part 1's workload
// text and checked by its grammar), resources.requests/limits (Kubernetes quantities), the three
// probes, volumeMounts, and securityContext.capabilities.add (gathered into the pod's security).
// As Kubernetes defaults it, a resource with a limit and no request requests its limit.

import { CONTAINER_CPU_MILLICORES_MAX, CONTAINER_MEMORY_BYTES_MAX, CONTAINER_MEMORY_BYTES_MIN, DNS_LABEL_LENGTH_MAX } from "../../../src/limits.js";
import { isKernelError } from "../../../src/errors.js";
import type { PodContainerSpec } from "../orchestrator/pod-definition.js";
import { parseWorkload } from "../workload.js";
import { child, type FieldErrors, type FieldPath } from "./field-errors.js";
import { boolean, list, mapping, requiredString, strings, type Mapping } from "./fields.js";
import { probeText } from "./probe-manifest.js";
import { cpuText, memoryText, quantityIn } from "./quantity.js";

const CONTAINER_FIELDS = ["name", "image", "command", "args", "resources", "livenessProbe", "readinessProbe", "startupProbe", "volumeMounts", "securityContext", "ports", "imagePullPolicy"] as const;
const RESOURCE_NAMES = ["cpu", "memory"] as const;
const MOUNT_FIELDS = ["name", "mountPath", "readOnly"] as const;

/** A DNS-1123 label, as container and pod names must be (Kubernetes' wording in the error). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_LABEL_PROBLEM = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')";

/** A DNS-1123 subdomain, as node names must be (kubectl's wording, regex and all). */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const DNS_SUBDOMAIN_PROBLEM = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Checks a name against the DNS-1123 label rules at `path`. */
export function checkLabelName(errors: FieldErrors, path: FieldPath, name: string): void {
  if (name === "") return; // already "Required value"
  if (name.length > DNS_LABEL_LENGTH_MAX) errors.invalid(path, name, `must be no more than ${DNS_LABEL_LENGTH_MAX} characters`);
  else if (!DNS_LABEL.test(name)) errors.invalid(path, name, DNS_LABEL_PROBLEM);
}

/** A container of the manifest, with the capabilities it adds (the pod's security gathers them). */
export interface ContainerRead {
  readonly spec: PodContainerSpec;
  readonly capabilities: readonly string[];
}

export function containerOf(errors: FieldErrors, path: FieldPath, value: unknown): ContainerRead {
  const fields = mapping(errors, path, value, CONTAINER_FIELDS);
  const name = requiredString(errors, child(path, "name"), fields.name);
  checkLabelName(errors, child(path, "name"), name);
  const image = requiredString(errors, child(path, "image"), fields.image);
  const command = workloadOf(errors, path, fields);
  const resources = mapping(errors, child(path, "resources"), fields.resources, ["requests", "limits"]);
  const limits = resourcesOf(errors, child(child(path, "resources"), "limits"), resources.limits);
  const given = resourcesOf(errors, child(child(path, "resources"), "requests"), resources.requests);
  const requests = { cpuMillicores: given.cpuMillicores || limits.cpuMillicores, memoryBytes: given.memoryBytes || limits.memoryBytes };
  checkRequestsFit(errors, child(path, "resources"), requests, limits);
  const liveness = probeText(errors, child(path, "livenessProbe"), fields.livenessProbe, "liveness");
  const readiness = probeText(errors, child(path, "readinessProbe"), fields.readinessProbe, "readiness");
  const startup = probeText(errors, child(path, "startupProbe"), fields.startupProbe, "startup");
  const volumeMounts = mountsOf(errors, child(path, "volumeMounts"), fields.volumeMounts);
  const security = mapping(errors, child(path, "securityContext"), fields.securityContext, ["capabilities"]);
  const capabilityFields = mapping(errors, child(child(path, "securityContext"), "capabilities"), security.capabilities, ["add"]);
  const capabilities = strings(errors, child(child(child(path, "securityContext"), "capabilities"), "add"), capabilityFields.add);
  const spec: PodContainerSpec = {
    name, image, requests, limits, volumeMounts,
    ...(command === undefined ? {} : { command }),
    ...(liveness === undefined ? {} : { liveness }),
    ...(readiness === undefined ? {} : { readiness }),
    ...(startup === undefined ? {} : { startup }),
  };
  return { spec, capabilities };
}

/** command and args joined into the workload text, checked by part 1's grammar; undefined: the image's default. */
function workloadOf(errors: FieldErrors, path: FieldPath, fields: Mapping): string | undefined {
  const words = [...strings(errors, child(path, "command"), fields.command), ...strings(errors, child(path, "args"), fields.args)];
  if (words.length === 0) return undefined;
  const text = words.join(" ");
  try {
    parseWorkload(text);
  } catch (error) {
    if (!isKernelError(error)) throw error;
    errors.invalid(child(path, fields.command === undefined ? "args" : "command"), text, error.message);
  }
  return text;
}

type Resources = PodContainerSpec["limits"];

function resourcesOf(errors: FieldErrors, path: FieldPath, value: unknown): Resources {
  const fields = mapping(errors, path, value);
  for (const key of Object.keys(fields)) if (!(RESOURCE_NAMES as readonly string[]).includes(key)) errors.unsupported(child(path, key), key, RESOURCE_NAMES);
  return { cpuMillicores: amountOf(errors, child(path, "cpu"), fields.cpu, 1000, CONTAINER_CPU_MILLICORES_MAX), memoryBytes: amountOf(errors, child(path, "memory"), fields.memory, 1, CONTAINER_MEMORY_BYTES_MAX) };
}

function amountOf(errors: FieldErrors, path: FieldPath, value: unknown, unit: number, max: number): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== "string" && typeof value !== "number") {
    errors.at(path, `invalid quantity ${JSON.stringify(value)}`);
    return 0;
  }
  const amount = quantityIn(value, unit, max);
  if (typeof amount === "number") return amount;
  errors.at(path, amount.problem);
  return 0;
}

/** Requests within limits (the API server's rule); a memory limit the runtime can start a container under. */
function checkRequestsFit(errors: FieldErrors, resources: FieldPath, requests: Resources, limits: Resources): void {
  const requested = child(resources, "requests");
  if (limits.cpuMillicores > 0 && requests.cpuMillicores > limits.cpuMillicores) errors.invalid(child(requested, "cpu"), cpuText(requests.cpuMillicores), `must be less than or equal to cpu limit of ${cpuText(limits.cpuMillicores)}`);
  if (limits.memoryBytes > 0 && requests.memoryBytes > limits.memoryBytes) errors.invalid(child(requested, "memory"), memoryText(requests.memoryBytes), `must be less than or equal to memory limit of ${memoryText(limits.memoryBytes)}`);
  if (limits.memoryBytes > 0 && limits.memoryBytes < CONTAINER_MEMORY_BYTES_MIN) errors.invalid(child(child(resources, "limits"), "memory"), memoryText(limits.memoryBytes), `must be at least ${memoryText(CONTAINER_MEMORY_BYTES_MIN)} (the runtime's smallest memory limit)`);
}

function mountsOf(errors: FieldErrors, path: FieldPath, value: unknown): PodContainerSpec["volumeMounts"] {
  const paths = new Set<string>();
  return list(errors, path, value).map(({ item, path: at }) => {
    const fields = mapping(errors, at, item, MOUNT_FIELDS);
    const name = requiredString(errors, child(at, "name"), fields.name);
    const mountPath = requiredString(errors, child(at, "mountPath"), fields.mountPath);
    if (mountPath !== "" && !mountPath.startsWith("/")) errors.invalid(child(at, "mountPath"), mountPath, "must be an absolute path");
    if (paths.has(mountPath)) errors.invalid(child(at, "mountPath"), mountPath, "must be unique");
    paths.add(mountPath);
    return { name, mountPath, readOnly: boolean(errors, child(at, "readOnly"), fields.readOnly) };
  });
}
