import { group } from "../../group.js";

export default group({ name: "sec", order: 40, summary: "security: capabilities, clearances, labels, modes, policy rules, conflicts, why" });
