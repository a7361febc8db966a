import { group } from "../../group.js";

export default group({ name: "ctr", order: 58, summary: "containers: run images as simulated workloads with limits, probes, restart back-off, logs, stats" });
