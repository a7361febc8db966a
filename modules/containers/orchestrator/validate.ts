// A pod definition checked before anything is made, in the kernel (the manifest parser checks
// too, but a journal replays definitions, and tests hand them in directly). Errors read as the
// API server's do: `Pod "web" is invalid: spec.containers: Too many: 5: must have at most 4 items`.

import { fail } from "../../../src/errors.js";
import { OBJECT_NAME_LENGTH_MAX, POD_CAPABILITY_MAX, POD_CONTAINER_MAX, POD_MOUNT_MAX, POD_NETWORK_MAX, POD_VOLUME_MAX } from "../../../src/limits.js";
import { labelsText } from "./labels.js";
import { POD_RESTART_POLICIES, type PodDefinition } from "./pod-definition.js";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validateDefinition(def: PodDefinition): void {
  const invalid = (field: string, problem: string): never => fail("EINVAL", `Pod "${def.name}" is invalid: ${field}: ${problem}`);
  if (def.containers.length === 0) invalid("spec.containers", "Required value");
  if (def.containers.length > POD_CONTAINER_MAX) invalid("spec.containers", `Too many: ${def.containers.length}: must have at most ${POD_CONTAINER_MAX} items (POD_CONTAINER_MAX)`);
  if (def.volumes.length > POD_VOLUME_MAX) invalid("spec.volumes", `Too many: ${def.volumes.length}: must have at most ${POD_VOLUME_MAX} items (POD_VOLUME_MAX)`);
  if (def.networks.length > POD_NETWORK_MAX) invalid("metadata.annotations[k8s.v1.cni.cncf.io/networks]", `Too many: ${def.networks.length}: must have at most ${POD_NETWORK_MAX} networks (POD_NETWORK_MAX)`);
  if (def.security.capabilities.length > POD_CAPABILITY_MAX) invalid("securityContext.capabilities.add", `Too many: ${def.security.capabilities.length}: must have at most ${POD_CAPABILITY_MAX} items (POD_CAPABILITY_MAX)`);
  if (!POD_RESTART_POLICIES.includes(def.restartPolicy)) invalid("spec.restartPolicy", `Unsupported value: "${def.restartPolicy}": supported values: "Always", "OnFailure", "Never"`);
  labelsText(def.labels, `Pod "${def.name}" is invalid: metadata.labels`);
  labelsText(def.nodeSelector, `Pod "${def.name}" is invalid: spec.nodeSelector`);
  const volumeNames = def.volumes.map((volume) => volume.name);
  def.volumes.forEach((volume, i) => {
    if (volumeNames.indexOf(volume.name) !== i) invalid(`spec.volumes[${i}].name`, `Duplicate value: "${volume.name}"`);
  });
  const names = def.containers.map((spec) => spec.name);
  def.containers.forEach((spec, i) => {
    const at = `spec.containers[${i}]`;
    if (!DNS_LABEL.test(spec.name)) invalid(`${at}.name`, `Invalid value: "${spec.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`);
    if (names.indexOf(spec.name) !== i) invalid(`${at}.name`, `Duplicate value: "${spec.name}"`);
    if (def.name.length + 1 + spec.name.length > OBJECT_NAME_LENGTH_MAX) invalid(`${at}.name`, `Invalid value: "${spec.name}": its container "${def.name}-${spec.name}" would be longer than ${OBJECT_NAME_LENGTH_MAX} characters`);
    for (const resource of ["cpuMillicores", "memoryBytes"] as const) {
      const request = spec.requests[resource];
      const limit = spec.limits[resource];
      const word = resource === "cpuMillicores" ? "cpu" : "memory";
      if (!(Number.isInteger(request) && request >= 0)) invalid(`${at}.resources.requests.${word}`, `Invalid value: ${request}: must be greater than or equal to 0`);
      if (!(Number.isInteger(limit) && limit >= 0)) invalid(`${at}.resources.limits.${word}`, `Invalid value: ${limit}: must be greater than or equal to 0`);
      if (limit > 0 && request > limit) invalid(`${at}.resources.requests`, `Invalid value: "${request}": must be less than or equal to ${word} limit of ${limit}`);
    }
    if (spec.volumeMounts.length > POD_MOUNT_MAX) invalid(`${at}.volumeMounts`, `Too many: ${spec.volumeMounts.length}: must have at most ${POD_MOUNT_MAX} items (POD_MOUNT_MAX)`);
    spec.volumeMounts.forEach((mount, j) => {
      if (!volumeNames.includes(mount.name)) invalid(`${at}.volumeMounts[${j}].name`, `Not found: "${mount.name}"`);
    });
  });
}
