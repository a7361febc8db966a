import { group } from "../../group.js";

export default group({ name: "pod", order: 59, summary: "pods: apply Kubernetes-style manifests, list, describe, logs, delete; scheduled onto worker nodes" });
