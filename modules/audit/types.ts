// The audit vocabulary of seed Task 6: levels, event types, and the shape of one entry.

export const AuditLevel = { Debug: 0, Info: 1, Warning: 2, Error: 3, Critical: 4 } as const;
export type AuditLevel = (typeof AuditLevel)[keyof typeof AuditLevel];
export const AUDIT_LEVEL_NAMES = ["debug", "info", "warning", "error", "critical"] as const;
export type AuditLevelName = (typeof AUDIT_LEVEL_NAMES)[number];

export const AuditEventType = { Security: 0, Performance: 1, System: 2, User: 3, Storage: 4, Network: 5, Container: 6 } as const;
export type AuditEventType = (typeof AuditEventType)[keyof typeof AuditEventType];
export const AUDIT_TYPE_NAMES = ["security", "performance", "system", "user", "storage", "network", "container"] as const;
export type AuditTypeName = (typeof AUDIT_TYPE_NAMES)[number];

/** What a caller hands to `append`. */
export interface AuditRecord {
  readonly level: AuditLevel;
  readonly type: AuditEventType;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
  readonly correlation?: number; // the story it belongs to (src/decisions.ts); absent or 0 for none
}

/** One retained entry as the trail reports it. */
export interface AuditEntry {
  readonly seq: number;
  readonly timeMs: number;
  readonly level: AuditLevelName;
  readonly type: AuditTypeName;
  readonly uid: number;
  readonly action: string;
  readonly object: string;
  readonly result: string;
  readonly message: string;
  readonly correlation: number; // 0 for none (and for every entry of a trail older than correlation ids)
  readonly alert: boolean;
  readonly acked: boolean;
  readonly hash: string;
}

export function levelFromName(name: string): AuditLevel | undefined {
  const index = AUDIT_LEVEL_NAMES.indexOf(name.toLowerCase() as AuditLevelName);
  return index < 0 ? undefined : (index as AuditLevel);
}

export function typeFromName(name: string): AuditEventType | undefined {
  const index = AUDIT_TYPE_NAMES.indexOf(name.toLowerCase() as AuditTypeName);
  return index < 0 ? undefined : (index as AuditEventType);
}
