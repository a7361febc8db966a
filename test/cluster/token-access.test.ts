// `cluster token issue` asks of the volume what the token allows: a read token needs read access
// (DAC, MAC, rules), a write token write access, as the IO it stands for would.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

const CLUSTER = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sdc add h1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h1";

describe("an IO token's access", () => {
  it("lets a user who may read the volume, not write it, have a read token and refuses a write token", () => {
    const session = newSession();
    ok(session, `${CLUSTER}; sec chmod vol/dv 644; user add ops --caps CAP_SYS_ADMIN; su ops`);
    expect(ok(session, "cluster token issue dv read 0 4K --sdc h1")[0]).toMatch(/^token for read of 4K at 0 on dv by h1: nonce /);
    expect(session.execute("cluster token issue dv write 0 4K --sdc h1").error).toMatch(/permission denied: ops may not cluster\.token\.issue vol\/dv: .*write/);
  });

  it("refuses both to a user who may not read the volume", () => {
    const session = newSession();
    ok(session, `${CLUSTER}; sec chmod vol/dv 600; user add ops --caps CAP_SYS_ADMIN; su ops`);
    expect(session.execute("cluster token issue dv read 0 4K --sdc h1").error).toMatch(/permission denied: ops may not cluster\.token\.issue vol\/dv/);
  });
});
