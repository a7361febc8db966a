// Control characters never reach a terminal raw: a typed line with one is refused (naming it,
// escaped), and error lines and the audit trail keep any that come from elsewhere (a file's
// bytes, a workload) escaped, \x1b, as ausearch and ls -b show them.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir } from "../helpers.js";

const ESCAPES = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

describe("control characters", () => {
  it("refuse a typed line that holds one, before it reaches the gate or the trail", () => {
    const session = newSession();
    ok(session, "user add alice; su alice");
    const recorded = session.kernel.view.audit.stats().recorded;
    expect(session.execute("vol read \x1b[2J\x1b[31mx 0 1").error).toBe("error: line has a control character (\\x1b) at column 10 [EINVAL] — kshell takes printable text; bytes go in with vol write --hex or --file");
    expect(session.kernel.view.audit.stats().recorded).toBe(recorded);
  });

  it("never reach an error line that quotes a file's bytes", () => {
    const session = newSession();
    const file = join(tempDir(), "state.json");
    writeFileSync(file, "\x1b[2J\x1b[31m not json");
    expect(session.execute(`load ${file}`).error).not.toMatch(ESCAPES);
  });

  it("are kept escaped in what the trail records, whoever records it", () => {
    const session = newSession();
    session.kernel.recordStart({ name: "root", uid: 0, gid: 0 }, { action: "kernel.boot", message: "a\x1b[2Jb\x07" });
    const entries = JSON.parse(ok(session, "audit query --action kernel.boot --json").join("\n")).entries as { message: string }[];
    expect(entries.at(-1)!.message).toBe("a\\x1b[2Jb\\x07");
  });
});
