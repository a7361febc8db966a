// A live view stays shorter than the terminal whatever its size: a frame as tall as the screen makes
// Ink clear the terminal, scrollback included, on every redraw, and the finished output above is lost.

import { render } from "ink";
import { describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { newSession, ok } from "../helpers.js";
import { SmallTerminal } from "./frames.js";

describe("live view size", () => {
  for (const [columns, rows] of [[40, 12], [50, 20], [80, 24], [120, 40]] as const) {
    it(`fits top in ${columns}x${rows} with room for the prompt line`, () => {
      const session = newSession({ interactive: true, wallClockMs: () => 0 });
      for (let volume = 0; volume < 12; volume++) ok(session, `vol create volume-with-a-long-name-${volume} --size 1G`);
      const view = session.execute("top").view!;
      const terminal = new SmallTerminal(columns, rows);
      const instance = render(<LiveView session={session} view={view} onLeave={() => {}} />, {
        stdout: terminal as unknown as NodeJS.WriteStream,
        debug: true,
        patchConsole: false,
      });
      const frame = terminal.frames.filter((written) => written.includes("kshell top")).at(-1) ?? "";
      instance.unmount();
      expect(frame).toContain("q/Esc/Ctrl-C leave");
      expect(frame.split("\n").length).toBeLessThan(rows);
    });
  }
});
