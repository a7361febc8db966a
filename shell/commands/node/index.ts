import { group } from "../../group.js";

export default group({ name: "node", order: 60, summary: "worker nodes: add with allocatable CPU and memory, list, describe, cordon, drain, fail, recover, remove" });
