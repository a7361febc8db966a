// The security module's public surface.
export { DEFAULT_CLEARANCE, ROOT_UID, umaskText } from "./accounts.js";
export { hashPassword, PASSWORD_SALT_BYTES } from "./passwords.js";
export type { Credentials, UserRow } from "./accounts.js";
export { ALL_CAPABILITIES, CAPABILITY_NAMES, capabilityList, capabilityNumber, capabilityText, hasCapability, withCapability } from "./capabilities.js";
export type { CapabilityName, CapabilityWords } from "./capabilities.js";
export { findRuleProblems } from "./conflicts.js";
export type { RuleFinding } from "./conflicts.js";
export { modeText, parseMode, validateObjectPath } from "./labels.js";
export { levelName, levelNumber, SECURITY_LEVEL_NAMES, SecurityLevel } from "./levels.js";
export { Effect, effectName, POD_RULE_PREFIX, RULE_EFFECTS, SubjectKind } from "./rules.js";
export type { RuleEffect, RuleRow, RuleSpec } from "./rules.js";
export { SecurityManager } from "./security-manager.js";
export type { Explanation, SavedSecurity, TraceStep } from "./security-manager.js";
export { subsystem } from "./subsystem.js";
