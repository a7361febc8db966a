// exported-before-wrap judges what was lost against what had been exported before it was lost
// (issue #9): an export after the loss does not bring the lost entries back.

import { describe, expect, it } from "vitest";
import { AuditingSystem, AuditLevel, AuditEventType, type AuditRecord } from "../../modules/audit/index.js";
import { Clock } from "../../src/clock.js";
import { TEST_KEY } from "../helpers.js";

const RECORD: AuditRecord = { level: AuditLevel.Info, type: AuditEventType.System, uid: 0, action: "kernel.test", object: "kernel", result: "success", message: "" };

function trail(capacity: number): AuditingSystem {
  const audit = new AuditingSystem(new Clock(), TEST_KEY, undefined, capacity);
  audit.compliance.add({ name: "export", rule: "exported-before-wrap", maxAgeMs: 0 });
  return audit;
}

const finding = (audit: AuditingSystem) => audit.complianceReport()[0]!;
const append = (audit: AuditingSystem, n: number) => {
  for (let i = 0; i < n; i++) audit.append(RECORD);
};

describe("exported-before-wrap", () => {
  it("fails when entries were overwritten before the export that came after them", () => {
    const audit = trail(4);
    append(audit, 6); // #1 and #2 are gone
    audit.markExported(); // writes #3..#6 only
    expect(finding(audit)).toMatchObject({ passed: false, evidence: "entries #1..#2 were overwritten before export" });
  });

  it("passes when every overwritten entry had been exported first", () => {
    const audit = trail(4);
    append(audit, 4);
    audit.markExported();
    append(audit, 4); // #1..#4 go, all exported
    expect(finding(audit)).toMatchObject({ passed: true, evidence: "all 4 overwritten entries were exported first" });
    append(audit, 1); // #5 was not
    expect(finding(audit)).toMatchObject({ passed: false, evidence: "entries #5 were overwritten before export" });
  });

  it("names the first runs of unexported losses, counts the rest, and keeps them through a snapshot", () => {
    const audit = trail(2);
    append(audit, 2);
    for (let run = 0; run < 6; run++) {
      audit.markExported();
      append(audit, 3); // the two exported entries go, and the first of the three new ones
    }
    const evidence = finding(audit).evidence;
    expect(evidence).toBe("entries #3, #6, #9, #12 and 2 more were overwritten before export");
    const copy = new AuditingSystem(new Clock(), TEST_KEY, undefined, 2);
    copy.restore(audit.toJSON());
    expect(finding(copy).evidence).toBe(evidence);
  });

  it("judges a snapshot from before losses were tracked as it was judged then", () => {
    const audit = trail(4);
    append(audit, 6);
    const { lostUnexported, ...old } = audit.toJSON();
    expect(lostUnexported).toEqual({ count: 2, ranges: [[1, 2]] });
    const copy = new AuditingSystem(new Clock(), TEST_KEY, undefined, 4);
    copy.restore(old);
    expect(finding(copy)).toMatchObject({ passed: false, evidence: "entries #1..#2 were overwritten before export" });
  });
});
