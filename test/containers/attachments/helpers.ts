// Pods for the attachment tests without the orchestrator: a pod's containers are made as the
// orchestrator makes them (`<pod>-<container>`, part-1 containers) and bound by hand.

import type { Session } from "../../../shell/session.js";
import type { BoundPod, PodContainerSpec, PodDefinition } from "../../../modules/containers/index.js";
import { ok } from "../../helpers.js";
import { servicesOf } from "./setup.js";

export const NODE_W1 = { name: "w1", storageClient: "w1" };
export const NODE_W2 = { name: "w2", storageClient: "w2" };

const container = (name: string, mounts: PodContainerSpec["volumeMounts"] = []): PodContainerSpec => ({ name, image: "busybox", requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, volumeMounts: mounts });

/** A pod of one container `app` mounting each volume at /<its name>, joining `networks`. */
export function podDef(name: string, volumes: { name: string; volume: string; readOnly?: boolean; mountReadOnly?: boolean }[], networks: string[] = []): PodDefinition {
  return {
    name,
    labels: {},
    restartPolicy: "Always",
    nodeSelector: {},
    containers: [container("app", volumes.map((v) => ({ name: v.name, mountPath: `/${v.name}`, readOnly: v.mountReadOnly ?? false })))],
    volumes: volumes.map((v) => ({ name: v.name, volume: v.volume, readOnly: v.readOnly ?? false })),
    networks,
    security: { capabilities: [] },
  };
}

export function bound(def: PodDefinition, uid = 0, level = "public", correlation = 7): BoundPod {
  return { def, subject: { name: `pod/${def.name}`, uid, gid: uid, capabilities: [], level }, correlation };
}

/** Runs the pod's `app` container as `<pod>-app` with `command`. */
export function runApp(session: Session, pod: string, command: string): void {
  ok(session, "image pull busybox");
  ok(session, `ctr run busybox --name ${pod}-app --cmd "${command}"`);
}

export const attachmentsOf = (session: Session) => servicesOf(session).containers.attachments!;
