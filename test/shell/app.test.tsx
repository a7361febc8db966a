import { render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup } from "ink-testing-library";
import { App } from "../../shell/components/App.js";
import { newSession } from "../helpers.js";
import { frameWhere, type, typeAtPrompt, viewListening, writtenWhere } from "./frames.js";

function mount(lines: string[] = []) {
  const session = newSession({ interactive: true, wallClockMs: () => 0 });
  return { session, ...render(<App session={session} onLine={(line) => lines.push(line)} />) };
}

afterEach(cleanup);

describe("the interactive shell", () => {
  it("renders a prompt with the user and the simulated clock", async () => {
    const { lastFrame } = mount();
    const frame = await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    expect(frame).toContain("root@kshell T+00:00:00 #");
  });

  it("runs a typed command and shows its output above a fresh prompt", async () => {
    const seen: string[] = [];
    const { lastFrame, frames, stdin } = mount(seen);
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo hello there", "\r");
    const written = await writtenWhere(frames, (w) => w.includes("hello there\n"));
    expect(written).toMatch(/\# echo hello there\nhello there\n/);
    expect(written.match(/^hello there$/gm)).toHaveLength(1); // written once, not redrawn with every frame
    expect((await frameWhere(lastFrame, (f) => !f.includes("hello"))).trimEnd()).toBe("root@kshell T+00:00:00 #");
    expect(seen).toEqual(["echo hello there"]);
  });

  it("shows an error in one line and keeps the prompt", async () => {
    const { lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "bogus", "\r");
    const written = await writtenWhere(frames, (w) => w.includes("error:"));
    expect(written).toContain("# bogus\nerror: unknown command 'bogus' [EINVAL]");
    expect(lastFrame()!.trimEnd().split("\n").at(-1)).toBe("root@kshell T+00:00:00 #");
  });

  it("recalls the previous command with Up", async () => {
    const { lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo first", "\r");
    await writtenWhere(frames, (w) => w.includes("first\n"));
    await type(stdin, "\u001b[A");
    const frame = await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("# echo first"));
    expect(frame.trimEnd().split("\n").at(-1)).toBe("root@kshell T+00:00:00 # echo first");
  });

  it("completes with Tab and lists candidates when there are several", async () => {
    const { lastFrame, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "audit que", "\t");
    await frameWhere(lastFrame, (f) => f.includes("# audit query"));
    await type(stdin, "--l", "\t");
    const frame = await frameWhere(lastFrame, (f) => f.includes("--level"));
    expect(frame).toContain("# audit query --l");
    expect(frame).toContain("--level  --limit");
  });

  it("cancels the line with Ctrl-C and edits with Ctrl-U and Ctrl-W", async () => {
    const { lastFrame, frames, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "echo one two", "\u0017");
    await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("# echo one"));
    await type(stdin, "\u0003");
    const written = await writtenWhere(frames, (w) => w.includes("^C"));
    expect(written).toContain("# echo one ^C");
    expect((await frameWhere(lastFrame, (f) => !f.includes("echo"))).trimEnd()).toBe("root@kshell T+00:00:00 #");
  });

  it("opens top as a live view and leaves it with q", async () => {
    const { lastFrame, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "top", "\r");
    const frame = await frameWhere(lastFrame, (f) => f.includes("q/Esc/Ctrl-C leave"));
    expect(frame).toContain("subsystems");
    expect(frame.split("\n").length).toBeLessThanOrEqual(24 + 4); // the live region stays within the terminal (finished output above)
    await viewListening(stdin, lastFrame, "kshell top");
    await type(stdin, "q");
    await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("#"));
  });

  it("leaves watch with Ctrl-C, as with q", async () => {
    const { lastFrame, stdin } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "watch vol", "\r");
    await frameWhere(lastFrame, (f) => f.includes("Ctrl-C leave"));
    await viewListening(stdin, lastFrame, "kshell watch vol");
    await type(stdin, "\u0003");
    const frame = await frameWhere(lastFrame, (f) => f.trimEnd().endsWith("#"));
    expect(frame).not.toContain("Ctrl-C leave");
  });

  it("asks before reset and does nothing unless confirmed", async () => {
    const { lastFrame, frames, stdin, session } = mount();
    await frameWhere(lastFrame, (f) => f.includes("kshell T+"));
    await type(stdin, "sleep 5s", "\r", "reset", "\r");
    await frameWhere(lastFrame, (f) => f.includes("[y/N]"));
    await type(stdin, "n");
    await writtenWhere(frames, (w) => w.includes("not confirmed"));
    expect(session.kernel.view.nowMs).toBe(5000);
    await typeAtPrompt(stdin, lastFrame, "reset"); // the prompt listens again a moment after the answer
    await type(stdin, "\r");
    await frameWhere(lastFrame, (f) => f.includes("[y/N]")); // asked again: a key typed before the question shows would go to the prompt
    await type(stdin, "y");
    await writtenWhere(frames, (w) => w.includes("kernel reset"));
    expect(session.kernel.view.nowMs).toBe(0);
  });
});
