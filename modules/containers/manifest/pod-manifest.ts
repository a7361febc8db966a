// One manifest document (the plain value YAML gave) -> the PodDefinition the orchestrator
// applies, or every problem found, worded as the API server words them. The subset read:
//   apiVersion: v1, kind: Pod
//   metadata: name, namespace (default only), labels, annotations (the Multus one names networks:
//             k8s.v1.cni.cncf.io/networks: "net1, net2")
//   spec: containers[] (container-manifest.ts), volumes[].name + persistentVolumeClaim.claimName
//         (a kshell volume) and .readOnly, restartPolicy, nodeSelector, securityContext.runAsUser
//         and .seLinuxOptions.level (a kshell MAC level)
// Any other field is an unknown field, as kubectl's strict decoding says.

import { DNS_LABEL_LENGTH_MAX, MANIFEST_LABEL_MAX, POD_CONTAINER_MAX, POD_NETWORK_MAX, POD_VOLUME_MAX, UID_MAX } from "../../../src/limits.js";
import { POD_RESTART_POLICIES, type PodDefinition, type PodRestartPolicy, type PodVolume } from "../orchestrator/pod-definition.js";
import { checkLabelName, containerOf } from "./container-manifest.js";
import { child, FieldErrors, type FieldPath } from "./field-errors.js";
import { boolean, integer, list, mapping, requiredString, string, stringMap, type Mapping } from "./fields.js";

export const NETWORKS_ANNOTATION = "k8s.v1.cni.cncf.io/networks";
export const MAC_LEVELS = ["Public", "Internal", "Private", "Isolated"] as const;

const TOP_FIELDS = ["apiVersion", "kind", "metadata", "spec"] as const;
const METADATA_FIELDS = ["name", "namespace", "labels", "annotations"] as const;
const SPEC_FIELDS = ["containers", "volumes", "restartPolicy", "nodeSelector", "securityContext"] as const;
const VOLUME_FIELDS = ["name", "persistentVolumeClaim"] as const;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** A document read: the definition when nothing is wrong, else the name it gave and the problems. */
export type DocumentRead = { readonly definition: PodDefinition } | { readonly name: string; readonly problem: string };

export function podDefinitionOf(document: unknown): DocumentRead {
  const errors = new FieldErrors();
  const top = mapping(errors, "", document, TOP_FIELDS);
  if (document === null || document === undefined || Array.isArray(document) || typeof document !== "object") errors.required("kind", "the document is not a mapping");
  checkKind(errors, top);
  const metadata = mapping(errors, "metadata", top.metadata, METADATA_FIELDS);
  const name = requiredString(errors, "metadata.name", metadata.name);
  checkLabelName(errors, "metadata.name", name);
  const namespace = string(errors, "metadata.namespace", metadata.namespace);
  if (namespace !== undefined && namespace !== "default") errors.unsupported("metadata.namespace", namespace, ["default"]);
  const labels = labelsOf(errors, "metadata.labels", metadata.labels);
  const networks = networksOf(errors, stringMap(errors, "metadata.annotations", metadata.annotations)[NETWORKS_ANNOTATION]);
  const spec = mapping(errors, "spec", top.spec, SPEC_FIELDS);
  if (top.spec === undefined) errors.required("spec");
  const read = list(errors, "spec.containers", spec.containers);
  if (read.length === 0) errors.required("spec.containers");
  if (read.length > POD_CONTAINER_MAX) errors.tooMany("spec.containers", read.length, POD_CONTAINER_MAX);
  const containers = read.slice(0, POD_CONTAINER_MAX).map(({ item, path }) => containerOf(errors, path, item));
  checkUnique(errors, containers.map((c, at) => ({ value: c.spec.name, path: `spec.containers[${at}].name` })));
  const volumes = volumesOf(errors, spec.volumes);
  checkMounts(errors, containers.map((c) => c.spec.volumeMounts), volumes);
  const restartPolicy = restartPolicyOf(errors, spec.restartPolicy);
  const nodeSelector = labelsOf(errors, "spec.nodeSelector", spec.nodeSelector);
  const security = securityOf(errors, spec.securityContext, containers.flatMap((c) => c.capabilities));
  if (errors.any()) return { name, problem: errors.text(name) };
  return { definition: { name, labels, restartPolicy, nodeSelector, containers: containers.map((c) => c.spec), volumes, networks, security } };
}

function checkKind(errors: FieldErrors, top: Mapping): void {
  if (top.apiVersion === undefined) errors.required("apiVersion");
  else if (top.apiVersion !== "v1") errors.unsupported("apiVersion", top.apiVersion, ["v1"]);
  if (top.kind === undefined) errors.required("kind");
  else if (top.kind !== "Pod") errors.unsupported("kind", top.kind, ["Pod"]);
}

function labelsOf(errors: FieldErrors, path: FieldPath, value: unknown): Readonly<Record<string, string>> {
  const labels = stringMap(errors, path, value);
  const keys = Object.keys(labels);
  if (keys.length > MANIFEST_LABEL_MAX) errors.tooMany(path, keys.length, MANIFEST_LABEL_MAX);
  for (const key of keys) {
    const at = `${path}[${key}]`;
    if (!LABEL_KEY.test(key) || key.length > 2 * DNS_LABEL_LENGTH_MAX) errors.invalid(path, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    if (labels[key]!.length > DNS_LABEL_LENGTH_MAX) errors.invalid(at, labels[key], `must be no more than ${DNS_LABEL_LENGTH_MAX} characters`);
    else if (!LABEL_VALUE.test(labels[key]!)) errors.invalid(at, labels[key], "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  }
  return labels;
}

/** Multus' short form: network names separated by commas. */
function networksOf(errors: FieldErrors, annotation: string | undefined): readonly string[] {
  if (annotation === undefined || annotation.trim() === "") return [];
  const path = `metadata.annotations[${NETWORKS_ANNOTATION}]`;
  const names = annotation.split(",").map((name) => name.trim());
  if (names.length > POD_NETWORK_MAX) errors.tooMany(path, names.length, POD_NETWORK_MAX);
  for (const name of names) if (name === "" || name.length > DNS_LABEL_LENGTH_MAX || !/^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(name)) errors.invalid(path, annotation, `bad network name ${JSON.stringify(name)}: write "net1, net2"`);
  checkUnique(errors, names.map((value) => ({ value, path })));
  return names;
}

function volumesOf(errors: FieldErrors, value: unknown): readonly PodVolume[] {
  const read = list(errors, "spec.volumes", value);
  if (read.length > POD_VOLUME_MAX) errors.tooMany("spec.volumes", read.length, POD_VOLUME_MAX);
  const volumes = read.slice(0, POD_VOLUME_MAX).map(({ item, path }) => {
    const fields = mapping(errors, path, item);
    for (const key of Object.keys(fields)) if (!(VOLUME_FIELDS as readonly string[]).includes(key)) errors.unsupported(child(path, key), key, ["persistentVolumeClaim"]);
    const name = requiredString(errors, child(path, "name"), fields.name);
    checkLabelName(errors, child(path, "name"), name);
    const claimPath = child(path, "persistentVolumeClaim");
    if (fields.persistentVolumeClaim === undefined) errors.required(path, "must specify a volume type");
    const claim = mapping(errors, claimPath, fields.persistentVolumeClaim, ["claimName", "readOnly"]);
    const volume = fields.persistentVolumeClaim === undefined ? "" : requiredString(errors, child(claimPath, "claimName"), claim.claimName);
    return { name, volume, readOnly: boolean(errors, child(claimPath, "readOnly"), claim.readOnly) };
  });
  checkUnique(errors, volumes.map((v, at) => ({ value: v.name, path: `spec.volumes[${at}].name` })));
  return volumes;
}

/** Each mount names a volume of the pod. */
function checkMounts(errors: FieldErrors, mounts: readonly PodDefinitionMounts[], volumes: readonly PodVolume[]): void {
  mounts.forEach((list, container) =>
    list.forEach((mount, at) => {
      if (mount.name !== "" && !volumes.some((v) => v.name === mount.name)) errors.notFound(`spec.containers[${container}].volumeMounts[${at}].name`, mount.name);
    }),
  );
}
type PodDefinitionMounts = PodDefinition["containers"][number]["volumeMounts"];

function restartPolicyOf(errors: FieldErrors, value: unknown): PodRestartPolicy {
  if (value === undefined || value === null) return "Always";
  if (!(POD_RESTART_POLICIES as readonly unknown[]).includes(value)) {
    errors.unsupported("spec.restartPolicy", value, POD_RESTART_POLICIES);
    return "Always";
  }
  return value as PodRestartPolicy;
}

function securityOf(errors: FieldErrors, value: unknown, added: readonly string[]): PodDefinition["security"] {
  const fields = mapping(errors, "spec.securityContext", value, ["runAsUser", "seLinuxOptions"]);
  const runAsUser = integer(errors, "spec.securityContext.runAsUser", fields.runAsUser, 0, UID_MAX);
  const options = mapping(errors, "spec.securityContext.seLinuxOptions", fields.seLinuxOptions, ["level"]);
  const given = string(errors, "spec.securityContext.seLinuxOptions.level", options.level);
  const level = given === undefined ? undefined : MAC_LEVELS.find((name) => name.toLowerCase() === given.toLowerCase());
  if (given !== undefined && level === undefined) errors.unsupported("spec.securityContext.seLinuxOptions.level", given, MAC_LEVELS);
  const capabilities = [...new Set(added.map((name) => name.replace(/^CAP_/, "")))];
  capabilities.forEach((name) => {
    if (!/^[A-Z][A-Z_]*$/.test(name)) errors.invalid("spec.containers[].securityContext.capabilities.add", name, "a capability is upper case, e.g. NET_ADMIN");
  });
  return { capabilities, ...(runAsUser === undefined ? {} : { runAsUser }), ...(level === undefined ? {} : { level }) };
}

function checkUnique(errors: FieldErrors, items: readonly { readonly value: string; readonly path: FieldPath }[]): void {
  const seen = new Set<string>();
  for (const { value, path } of items) {
    if (value !== "" && seen.has(value)) errors.duplicate(path, value);
    seen.add(value);
  }
}
