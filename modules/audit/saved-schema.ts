// The audit trail's part of state.json: its schema (entries, filters, compliance policies, the
// seal), bounded by the trail's capacities. The chain itself is judged on restore (verify), not here.

import * as v from "valibot";
import { bool, count, enumIndex, glob, hash, id, list, message, name, object, oneOf, time, tuple } from "../../src/persistence/schema-parts.js";
import * as L from "../../src/limits.js";
import { COMPLIANCE_RULES } from "./compliance.js";
import { FILTER_EFFECTS } from "./filters.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES } from "./types.js";

const auditLevel = enumIndex(AUDIT_LEVEL_NAMES, "an audit level");
const auditEntry = object({
  seq: count,
  timeMs: time,
  level: oneOf(AUDIT_LEVEL_NAMES, "an audit level"),
  type: oneOf(AUDIT_TYPE_NAMES, "an audit type"),
  uid: id,
  action: message,
  object: message,
  result: message,
  message,
  correlation: v.optional(count), // absent in states older than correlation ids: none
  alert: bool,
  acked: bool,
  hash,
});
const auditFilter = object({
  id: count,
  effect: oneOf(FILTER_EFFECTS, "a filter effect"),
  minLevel: v.optional(auditLevel),
  maxLevel: v.optional(auditLevel),
  type: v.optional(enumIndex(AUDIT_TYPE_NAMES, "an audit type")),
  uid: v.optional(id),
  action: v.optional(glob),
  hits: count,
});
export const SAVED_AUDIT_SCHEMA = object({
  headSeq: count,
  anchorHash: hash,
  lost: count,
  dropped: count,
  securityDeniesRecorded: count,
  securityDeniesDropped: count,
  exportedThroughSeq: count,
  lostUnexported: v.optional(object({ count, ranges: list(tuple([count, count], "[first, last]"), L.AUDIT_LOST_RANGE_MAX, "AUDIT_LOST_RANGE_MAX") })),
  seal: object({ seq: count, hash, mac: hash }),
  entries: list(auditEntry, L.AUDIT_ENTRY_MAX, "AUDIT_ENTRY_MAX"),
  filters: object({ nextId: count, filters: list(auditFilter, L.AUDIT_FILTER_MAX, "AUDIT_FILTER_MAX") }),
  compliance: list(object({ name, rule: oneOf(COMPLIANCE_RULES, "a compliance rule"), maxAgeMs: time }), L.COMPLIANCE_POLICY_MAX, "COMPLIANCE_POLICY_MAX"),
});

