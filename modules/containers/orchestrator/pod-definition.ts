// What a pod is, as the manifest parser (modules/containers/manifest, `pod apply -f`) returns it
// and the orchestrator schedules it: Kubernetes' Pod spec, reduced to what kshell models. Sizes
// are numbers (millicores, bytes); 0 in requests or limits means none, as an absent field does in
// a manifest. The shape is the contract of issue 16 between the parts: fields may be added, not
// renamed.

export type PodRestartPolicy = "Always" | "OnFailure" | "Never";

export const POD_RESTART_POLICIES: readonly PodRestartPolicy[] = ["Always", "OnFailure", "Never"];

export interface PodContainerSpec {
  readonly name: string; // DNS label, unique in the pod
  readonly image: string; // a reference the image store resolves
  readonly command?: string; // kshell workload text (command + args joined; part 1's grammar)
  readonly requests: { readonly cpuMillicores: number; readonly memoryBytes: number }; // 0 = none
  readonly limits: { readonly cpuMillicores: number; readonly memoryBytes: number }; // 0 = none
  readonly liveness?: string; // part 1's probe text (probes.ts)
  readonly readiness?: string;
  readonly startup?: string;
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly: boolean }[];
}

export interface PodVolume {
  readonly name: string;
  readonly volume: string; // a kshell volume
  readonly readOnly: boolean;
}

export interface PodSecurity {
  readonly runAsUser?: number;
  readonly level?: string; // Public | Internal | Private | Isolated
  readonly capabilities: readonly string[]; // added, e.g. NET_ADMIN
}

export interface PodDefinition {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly restartPolicy: PodRestartPolicy; // default Always
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly containers: readonly PodContainerSpec[]; // 1..POD_CONTAINER_MAX (4)
  readonly volumes: readonly PodVolume[];
  readonly networks: readonly string[]; // kshell networks the pod joins
  readonly security: PodSecurity;
}

/** Storage mounts a pod volume read-only when the pod says so or every container mounting it does. */
export function mountsReadOnly(def: PodDefinition, volume: PodVolume): boolean {
  const uses = def.containers.flatMap((c) => c.volumeMounts.filter((m) => m.name === volume.name));
  return volume.readOnly || (uses.length > 0 && uses.every((m) => m.readOnly));
}
