// A PodDefinition back as the manifest that declares it (the plain value YAML prints): what
// `pod show -o yaml`-like output and the round-trip property test need. Reading what it prints
// gives the same definition: requests are written out (never left to default from limits),
// probes from their canonical text, the pod's added capabilities on its first container.

import type { PodContainerSpec, PodDefinition } from "../orchestrator/pod-definition.js";
import type { Mapping } from "./fields.js";
import { NETWORKS_ANNOTATION } from "./pod-manifest.js";
import { probeManifest } from "./probe-manifest.js";
import { cpuText, memoryText } from "./quantity.js";

export function manifestOf(def: PodDefinition): Mapping {
  const metadata = {
    name: def.name,
    ...(Object.keys(def.labels).length === 0 ? {} : { labels: { ...def.labels } }),
    ...(def.networks.length === 0 ? {} : { annotations: { [NETWORKS_ANNOTATION]: def.networks.join(", ") } }),
  };
  const security = def.security;
  const securityContext = {
    ...(security.runAsUser === undefined ? {} : { runAsUser: security.runAsUser }),
    ...(security.level === undefined ? {} : { seLinuxOptions: { level: security.level } }),
  };
  const spec = {
    containers: def.containers.map((c, at) => containerManifest(c, at === 0 ? security.capabilities : [])),
    ...(def.volumes.length === 0 ? {} : { volumes: def.volumes.map((v) => ({ name: v.name, persistentVolumeClaim: { claimName: v.volume, ...(v.readOnly ? { readOnly: true } : {}) } })) }),
    restartPolicy: def.restartPolicy,
    ...(Object.keys(def.nodeSelector).length === 0 ? {} : { nodeSelector: { ...def.nodeSelector } }),
    ...(Object.keys(securityContext).length === 0 ? {} : { securityContext }),
  };
  return { apiVersion: "v1", kind: "Pod", metadata, spec };
}

function containerManifest(c: PodContainerSpec, capabilities: readonly string[]): Mapping {
  const requests = resourceManifest(c.requests);
  const limits = resourceManifest(c.limits);
  const resources = { ...(requests === undefined ? {} : { requests }), ...(limits === undefined ? {} : { limits }) };
  return {
    name: c.name,
    image: c.image,
    ...(c.command === undefined ? {} : { command: [c.command] }),
    ...(Object.keys(resources).length === 0 ? {} : { resources }),
    ...(c.liveness === undefined ? {} : { livenessProbe: probeManifest(c.liveness, "liveness") }),
    ...(c.readiness === undefined ? {} : { readinessProbe: probeManifest(c.readiness, "readiness") }),
    ...(c.startup === undefined ? {} : { startupProbe: probeManifest(c.startup, "startup") }),
    ...(c.volumeMounts.length === 0 ? {} : { volumeMounts: c.volumeMounts.map((m) => ({ name: m.name, mountPath: m.mountPath, ...(m.readOnly ? { readOnly: true } : {}) })) }),
    ...(capabilities.length === 0 ? {} : { securityContext: { capabilities: { add: [...capabilities] } } }),
  };
}

function resourceManifest(r: PodContainerSpec["requests"]): Mapping | undefined {
  if (r.cpuMillicores === 0 && r.memoryBytes === 0) return undefined;
  return { ...(r.cpuMillicores === 0 ? {} : { cpu: cpuText(r.cpuMillicores) }), ...(r.memoryBytes === 0 ? {} : { memory: memoryText(r.memoryBytes) }) };
}
