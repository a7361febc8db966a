// kubelet's imagePullPolicy IfNotPresent, as a pod is placed on a node: an image the store holds
// is used as it is; one it lacks is pulled from the catalogue (Pulling; its containers' Pulled event
// says "Successfully pulled"); one the
// catalogue does not have fails (Failed: ErrImagePull), and each later retry of the pod, on the
// scheduler's back-off, is a Back-off pulling it (ImagePullBackOff) until the image appears (a
// tag made by hand). The pod stays Pending meanwhile; its reason shows which.

import { isKernelError } from "../../../src/errors.js";
import type { ImageStore } from "../images/index.js";
import type { OrchestratorEventReason } from "./types.js";

const FAILED_PULL = "Failed to pull image";
const BACK_OFF_PULL = "Back-off pulling image";

type Record = (reason: OrchestratorEventReason, message: string) => void;

/** Pulls what `images` (a pod's, in order) lacks; the first that cannot be pulled as [event reason, message], or undefined. `lastReason` is the pod's reason so far. */
export function pullImages(store: ImageStore, images: readonly string[], lastReason: string, record: Record): [OrchestratorEventReason, string] | undefined {
  for (const image of new Set(images)) {
    if (held(store, image)) continue;
    const retry = lastReason.startsWith(FAILED_PULL) || lastReason.startsWith(BACK_OFF_PULL);
    if (!retry) record("Pulling", `Pulling image "${image}"`);
    try {
      store.pull(image);
    } catch (error) {
      if (!isKernelError(error)) throw error;
      return retry ? ["BackOff", `${BACK_OFF_PULL} "${image}"`] : ["Failed", `${FAILED_PULL} "${image}": ${error.message}`];
    }
    record("Pulled", image); // the container's own Pulled event says it (members.ts)
  }
  return undefined;
}

/** kubectl's STATUS of a Pending pod whose reason is a failed pull (ErrImagePull, ImagePullBackOff), or undefined. */
export function pullStatus(reason: string): string | undefined {
  if (reason.startsWith(FAILED_PULL)) return "ErrImagePull";
  if (reason.startsWith(BACK_OFF_PULL)) return "ImagePullBackOff";
  return undefined;
}

function held(store: ImageStore, image: string): boolean {
  try {
    store.resolve(image);
    return true;
  } catch (error) {
    if (!isKernelError(error)) throw error;
    return false; // not held, or a reference the store cannot read: the pull says which
  }
}
