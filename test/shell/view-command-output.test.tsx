// What a command typed on a live view's `:` line leaves: its pane under the panes while the view
// is up (an error shown once, as the prompt would show it), and, once the view is left, the line
// and its whole output in the scrollback, as if typed at the prompt.

import { cleanup, render } from "ink-testing-library";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { LEAVE_ALTERNATE_SCREEN } from "../../shell/screen-codes.js";
import { frameWhere, type, viewListening, writtenWhere } from "./frames.js";

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
    ["sleep 2m20", "error: bad duration"],
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

describe("`:` commands once the view is left", () => {
  it("writes each line and its whole output into the scrollback, as the prompt would have, errors too", async () => {
    const { session, stdin, frames, last } = await watching("vol");
    for (let n = 0; n < 20; n++) session.execute("vol list"); // a trail longer than the pane shows
    await type(stdin, ":audit query --limit 30", "\r");
    await frameWhere(last, (f) => f.includes("╭─ :audit query --limit 30"));
    await type(stdin, ":vol show nosuch", "\r");
    await frameWhere(last, (f) => f.includes("· failed"));
    expect(frames.join("")).not.toContain("# audit query --limit 30"); // not yet: the view is up
    await type(stdin, "q");
    const written = await writtenWhere(frames, (w) => w.includes(LEAVE_ALTERNATE_SCREEN) && stripAnsi(w).includes("# vol show nosuch"));
    const scrollback = stripAnsi(written.slice(written.indexOf(LEAVE_ALTERNATE_SCREEN))); // on the prompt's screen
    const query = scrollback.indexOf("kshell T+00:00:00 # audit query --limit 30\n");
    const failed = scrollback.indexOf("kshell T+00:00:00 # vol show nosuch\nerror: no volume named 'nosuch'");
    expect(query).toBeGreaterThanOrEqual(0);
    expect(failed).toBeGreaterThan(query); // in the order typed
    const rows = scrollback.slice(query, failed).split("\n").filter((line) => /^\d+ /.test(line));
    expect(rows).toHaveLength(30); // every row, not the pane's few
    expect(scrollback.split("error: no volume named 'nosuch'")).toHaveLength(2); // once
  });
});
