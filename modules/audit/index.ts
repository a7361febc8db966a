// The audit module's public surface.
export { AuditingSystem, DENIED_RESULT } from "./auditing-system.js";
export { SAVED_AUDIT_SCHEMA } from "./saved-schema.js";
export type { AuditQuery, AuditStats, QueryResult, SavedAudit, VerifyReport } from "./auditing-system.js";
export { COMPLIANCE_RULES } from "./compliance.js";
export type { ComplianceFinding, CompliancePolicy, ComplianceRule } from "./compliance.js";
export { FILTER_EFFECTS } from "./filters.js";
export type { FilterEffect, FilterRow, FilterSpec } from "./filters.js";
export {
  AUDIT_LEVEL_NAMES,
  AUDIT_TYPE_NAMES,
  AuditEventType,
  AuditLevel,
  levelFromName,
  typeFromName,
} from "./types.js";
export type { AuditEntry, AuditLevelName, AuditRecord, AuditTypeName } from "./types.js";
export { subsystem } from "./subsystem.js";
