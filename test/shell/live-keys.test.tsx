// The live view's keys arriving in one burst (a paste, tmux send-keys, fast typing): Ink delivers
// them as one input string, and each key must act in order, as if typed one at a time.

import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere, type } from "./frames.js";

afterEach(cleanup);

function watchCtr() {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  ok(session, "image pull nginx; image pull busybox; ctr run nginx --name web; ctr run busybox --name burner --cmd 'cpu 1'; sleep 1s");
  let left = 0;
  const rendered = render(<LiveView session={session} view={{ name: "watch", group: "ctr", denials: {} }} onLeave={() => left++} />);
  return { ...rendered, left: () => left };
}

describe("the live view's keys in one burst", () => {
  it("keeps a filter typed with its Enter in one chunk, and takes the next key as a command", async () => {
    const { lastFrame, stdin, left } = watchCtr();
    await frameWhere(lastFrame, (f) => f.includes("sort name↑") && f.includes("burner"));
    stdin.write("/web\r");
    const frame = await frameWhere(lastFrame, (f) => f.includes("filter 'web': 1 shown") && f.includes("Ctrl-C leave"));
    expect(frame).not.toContain("burner");
    expect(frame).not.toContain("Enter keeps"); // the filter line closed; the title keeps saying it
    await type(stdin, "q");
    expect(left()).toBe(1);
  });

  it("applies each command key of a burst in order: sort twice, reverse, then a filter with a Backspace", async () => {
    const { lastFrame, stdin, left } = watchCtr();
    await frameWhere(lastFrame, (f) => f.includes("sort name↑"));
    stdin.write("ssr");
    await frameWhere(lastFrame, (f) => f.includes("sort cpu↑")); // name → state → cpu, reversed: smallest first
    stdin.write("/bx\x7fu\r");
    await frameWhere(lastFrame, (f) => f.includes("filter 'bu': 1 shown") && f.includes("Ctrl-C leave"));
    expect(left()).toBe(0);
  });

  it("leaves on a q after the filter's Enter in the same burst", async () => {
    const { lastFrame, stdin, left } = watchCtr();
    await frameWhere(lastFrame, (f) => f.includes("sort name↑"));
    stdin.write("/q\rq");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(left()).toBe(1); // the first q was filter text, the second left
  });

  it("clears kept filters on the first Esc, as k9s does, and leaves on the next", async () => {
    const { lastFrame, stdin, left } = watchCtr();
    await frameWhere(lastFrame, (f) => f.includes("sort name↑") && f.includes("burner"));
    stdin.write("/web\r");
    const filtered = await frameWhere(lastFrame, (f) => f.includes("filter 'web': 1 shown") && !f.includes("Enter keeps"));
    expect(filtered).toContain("Esc clears filter"); // the footer says what Esc will do
    await type(stdin, "\u001b");
    const cleared = await frameWhere(lastFrame, (f) => !f.includes("filter 'web'") && f.includes("burner"));
    expect(cleared).toContain("q/Esc/Ctrl-C leave");
    expect(left()).toBe(0);
    await type(stdin, "\u001b");
    expect(left()).toBe(1);
  });
});
