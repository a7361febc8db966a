import { group } from "../../group.js";

export default group({ name: "audit", order: 10, summary: "the tamper-evident audit trail: query, verify, export, filters, compliance" });
