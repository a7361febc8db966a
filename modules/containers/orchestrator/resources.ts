// A pod's resources as Kubernetes reads them: a container's request defaults to its limit when
// only the limit is set; the pod asks for the sum of its containers' requests; kube-scheduler
// scores a container that requests nothing as asking 100m CPU and 200 MiB; and the QoS class
// follows from requests and limits (qos.GetPodQOS): Guaranteed when every container has CPU and
// memory limits equal to its requests, BestEffort when none has any, Burstable otherwise.

import { SCHEDULER_DEFAULT_CPU_MILLICORES, SCHEDULER_DEFAULT_MEMORY_BYTES } from "../../../src/limits.js";
import type { PodContainerSpec, PodDefinition } from "./pod-definition.js";
import { QOS_CLASSES, type QosClass } from "./types.js";

export interface PodResources {
  readonly cpuMillicores: number; // requested, what the filter fits
  readonly memoryBytes: number;
  readonly cpuScored: number; // what the scorer counts (the defaults for a container that requests nothing)
  readonly memoryScored: number;
}

/** A container's requests after defaulting: the limit when the request is absent. */
export function effectiveRequests(spec: PodContainerSpec): { cpuMillicores: number; memoryBytes: number } {
  return { cpuMillicores: spec.requests.cpuMillicores || spec.limits.cpuMillicores, memoryBytes: spec.requests.memoryBytes || spec.limits.memoryBytes };
}

export function podResources(def: PodDefinition): PodResources {
  let cpuMillicores = 0, memoryBytes = 0, cpuScored = 0, memoryScored = 0;
  for (const spec of def.containers) {
    const request = effectiveRequests(spec);
    cpuMillicores += request.cpuMillicores;
    memoryBytes += request.memoryBytes;
    cpuScored += request.cpuMillicores || SCHEDULER_DEFAULT_CPU_MILLICORES;
    memoryScored += request.memoryBytes || SCHEDULER_DEFAULT_MEMORY_BYTES;
  }
  return { cpuMillicores, memoryBytes, cpuScored, memoryScored };
}

export function qosClassOf(def: PodDefinition): QosClass {
  const any = def.containers.some((spec) => spec.requests.cpuMillicores + spec.requests.memoryBytes + spec.limits.cpuMillicores + spec.limits.memoryBytes > 0);
  if (!any) return "BestEffort";
  const guaranteed = def.containers.every((spec) => {
    const request = effectiveRequests(spec);
    return spec.limits.cpuMillicores > 0 && spec.limits.memoryBytes > 0 && request.cpuMillicores === spec.limits.cpuMillicores && request.memoryBytes === spec.limits.memoryBytes;
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

export const qosIndex = (qos: QosClass): number => QOS_CLASSES.indexOf(qos);
