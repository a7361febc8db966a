// What a command typed on a live view's `:` line leaves: its pane under the panes while the view
// is up (an error shown once, as the prompt would show it), and, once the view is left, the line
// and its whole output in the scrollback, as if typed at the prompt.

import { cleanup, render } from "ink-testing-library";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { frameWhere, type, viewListening } from "./frames.js";

afterEach(cleanup);

async function watching(group: string) {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  const rendered = render(<App session={session} onLine={() => undefined} />);
  await frameWhere(rendered.lastFrame, (f) => f.includes("kshell T+"));
  await type(rendered.stdin, `watch ${group}`, "\r");
  await viewListening(rendered.stdin, () => rendered.frames.at(-1), `kshell watch ${group}`);
  return { session, ...rendered, last: () => stripAnsi(rendered.lastFrame() ?? "") };
}

describe("a failing `:` command under a view", () => {
  for (const [typed, error] of [
    ["vol show nosuch", "error: no volume named 'nosuch'"],
    ["sleep 2m20s", "error: bad duration"],
  ] as const) {
    it(`shows its error once, with nothing stuck to it (${typed})`, async () => {
      const { stdin, last } = await watching("vol");
      await type(stdin, `:${typed}`, "\r");
      const frame = await frameWhere(last, (f) => f.includes("· failed"));
      const errorRows = frame.split("\n").filter((row) => row.includes(error));
      expect(errorRows).toHaveLength(1);
      expect(errorRows[0]!.split("error:")).toHaveLength(2); // once on its row
      expect(errorRows[0]).not.toMatch(/\] 0 /);
    });
  }
});
