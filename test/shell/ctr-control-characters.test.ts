// A workload writes what its command says, and a manifest's command may hold any character: ESC
// and the C1 controls (U+009B is ESC [ to a terminal) reach no terminal raw from a container,
// whichever command shows it (logs, list, show, exec, inspect, --json), escaped as ls -b does.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir } from "../helpers.js";

const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // all but tab and newline (--json lines are split on newlines already)

describe("a container's text on a terminal", () => {
  it("keeps ESC and C1 controls of a manifest's command escaped everywhere it is shown", () => {
    const session = newSession();
    const file = join(tempDir(), "ctl2.yaml");
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: ctl2}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    command: ["log", "\\"\\e[2Jhi\\u009b\\"", "every", "1s"]\n');
    ok(session, `image pull busybox; node add w1 --cpu 4 --mem 8G; pod apply -f ${file}; sleep 2s`);
    expect(ok(session, "ctr show ctl2-app --json").join("")).toContain('"command": "log \\"\\u001b[2Jhi\\u009b\\" every 1s"'); // the value itself is kept
    expect(ok(session, "ctr logs ctl2-app --tail 1")).toEqual(["\\x1b[2Jhi\\x9b"]);
    for (const line of ["ctr logs ctl2-app -t", "pod logs ctl2", "ctr list", "ctr list --json", "ctr show ctl2-app", "ctr exec ctl2-app ps", "ctr inspect ctl2-app", "pod show ctl2", "ctr events ctl2-app"]) {
      for (const shown of ok(session, line)) expect(shown, line).not.toMatch(RAW_CONTROL);
    }
  });
});
