import { group } from "../../group.js";

export default group({ name: "net", order: 55, summary: "virtual networks: bridges with VLANs, interfaces and IPAM, states, stats" });
