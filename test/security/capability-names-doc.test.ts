// An unknown capability's error sends the user to `help sec`, which must list every name kshell
// takes, in bit order, and no other.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CAPABILITY_NAMES } from "../../modules/security/index.js";
import { newSession } from "../helpers.js";

describe("capability names", () => {
  it("are listed whole in help sec, in bit order", () => {
    const page = readFileSync(new URL("../../help/sec.md", import.meta.url), "utf8");
    const listed = page.slice(page.indexOf("Capability names are"), page.indexOf("## Commands")).match(/CAP_[A-Z_]+(?=`)/g);
    expect(listed).toEqual([...CAPABILITY_NAMES]);
  });

  it("an unknown one is refused, pointing at that list", () => {
    expect(newSession().execute("user add bob; sec caps bob +CAP_BOGUS").error).toBe("error: unknown capability 'CAP_BOGUS' [EINVAL] — help sec lists the 41 names, e.g. CAP_NET_ADMIN");
  });
});
