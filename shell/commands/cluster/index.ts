import { group } from "../../group.js";

export default group({ name: "cluster", order: 60, summary: "PowerFlex-style distributed block storage: topology, tokens, health, failures, rebuild, chaos" });
