// The live view's `:` line takes the prompt's Tab completion and history (Up/Down), through the
// prompt's own code (use-prompt.ts completedLine, line-editor.ts walkHistory): a user who types
// `:vol sh<Tab> d<Tab>` or `:<Up>` under the panes gets what the prompt would give.

import { cleanup, render } from "ink-testing-library";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { frameWhere, type, typeAtPrompt, viewListening } from "./frames.js";

afterEach(cleanup);

const UP = "\u001b[A";
const DOWN = "\u001b[B";
const TAB = "\t";

/** A session with one volume and a line of history, watching volumes. */
async function watchingVolumes() {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  const rendered = render(<App session={session} onLine={() => undefined} />);
  await frameWhere(rendered.lastFrame, (f) => f.includes("kshell T+"));
  await typeAtPrompt(rendered.stdin, rendered.lastFrame, "vol create db --size 1M");
  await type(rendered.stdin, "\r");
  await frameWhere(rendered.lastFrame, (f) => /#\s*$/.test(stripAnsi(f))); // the prompt again, empty
  await typeAtPrompt(rendered.stdin, rendered.lastFrame, "watch vol");
  await type(rendered.stdin, "\r");
  await viewListening(rendered.stdin, () => rendered.frames.at(-1), "kshell watch vol");
  return { session, ...rendered, last: () => stripAnsi(rendered.lastFrame() ?? "") };
}

describe("the `:` line under a live view", () => {
  it("walks the history with Up and Down, as the prompt does", async () => {
    const { stdin, last, session } = await watchingVolumes();
    expect(session.history().slice(-2)).toEqual(["vol create db --size 1M", "watch vol"]);
    await type(stdin, ":", UP);
    await frameWhere(last, (f) => f.includes(":watch vol▏"));
    await type(stdin, UP);
    await frameWhere(last, (f) => f.includes(":vol create db --size 1M▏"));
    await type(stdin, DOWN, DOWN);
    await frameWhere(last, (f) => /^:▏/m.test(f)); // back to the empty line being typed
  });

  it("completes with Tab, and shows the candidates when several fit", async () => {
    const { stdin, last } = await watchingVolumes();
    await type(stdin, ":", "vol sh", TAB);
    await frameWhere(last, (f) => f.includes(":vol show ▏"));
    await type(stdin, "d", TAB);
    await frameWhere(last, (f) => f.includes(":vol show db ▏"));
    await type(stdin, "\r");
    await frameWhere(last, (f) => f.includes("╭─ :vol show db ─")); // the completed word's space left out of the title
    await type(stdin, ":", "vol s", TAB);
    const frame = await frameWhere(last, (f) => /show\s+snap\s+stats/.test(f));
    expect(frame).toContain(":vol s▏");
  });
});
