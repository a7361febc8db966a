import { group } from "../../group.js";

export default group({ name: "vol", order: 50, summary: "storage volumes with real bytes: IO, snapshots, replication, QoS, stats" });
