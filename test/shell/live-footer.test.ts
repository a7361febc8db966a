// The live view's footer says less on a narrower terminal, whole hints only, and always names
// the way out and the `:` command line where 80 columns or 60 hold them.

import { describe, expect, it } from "vitest";
import { footerLine } from "../../shell/display/live-footer.js";

const plain = { sortable: false, filtered: false };

describe("the live view's footer", () => {
  it("shows every hint on a wide terminal", () => {
    expect(footerLine({ sortable: true, filtered: false }, 200)).toBe("q/Esc/Ctrl-C leave · : command · / filter · Tab next pane · ↑↓ PgUp/PgDn Home/End scroll · s sort · r reverse · space pause");
  });

  it("names `: command` at 80 columns and at 60, within the width, cutting no hint", () => {
    for (const sortable of [false, true]) {
      for (const columns of [80, 60]) {
        const line = footerLine({ sortable, filtered: false }, columns);
        expect(line.length).toBeLessThanOrEqual(columns);
        expect(line).toContain(": command");
        expect(line).not.toContain("…");
        expect(line.endsWith(" ·")).toBe(false);
      }
    }
    expect(footerLine(plain, 60).length).toBeLessThan(footerLine(plain, 80).length); // says less at 60
  });

  it("says Esc clears a kept filter, then how to leave", () => {
    expect(footerLine({ sortable: false, filtered: true }, 80)).toMatch(/^Esc clears filter · q\/Ctrl-C leave · : command/);
  });

  it("keeps the first hint whole on a terminal too narrow for it (the terminal cuts it)", () => {
    expect(footerLine(plain, 10)).toBe("q/Esc/Ctrl-C leave");
  });
});
