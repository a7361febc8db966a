// Helpers for shell frames drawn with ink-testing-library.

import { EventEmitter } from "node:events";
import { stripVTControlCharacters } from "node:util";

/** A terminal of the given size that keeps Ink's frames (debug mode writes each whole). */
export class SmallTerminal extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  constructor(readonly columns: number, readonly rows: number) {
    super();
  }
  write(frame: string): boolean {
    this.frames.push(frame);
    return true;
  }
}

// A frame that never comes fails the test after this long, with the last frame shown: not a
// speed limit (a loaded machine draws late, and the wait ends as soon as the frame is there), only
// a bound under vitest's testTimeout so that the failure says what was drawn instead.
const FRAME_WAIT_MS = 10_000;
const FRAME_POLL_MS = 10;

/** Polls the last frame until it satisfies `check` (Ink flushes effects late), however long the machine takes to draw it. */
export async function frameWhere(lastFrame: () => string | undefined, check: (frame: string) => boolean): Promise<string> {
  const deadline = performance.now() + FRAME_WAIT_MS;
  for (;;) {
    const frame = lastFrame() ?? "";
    if (check(frame)) return frame;
    if (performance.now() > deadline) throw new Error(`frame never matched; last frame:\n${lastFrame()}`);
    await new Promise((resolve) => setTimeout(resolve, FRAME_POLL_MS));
  }
}

/** Types keys one at a time, as a person would. */
export async function type(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    stdin.write(key);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

const ECHO_WAIT_MS = 200;

/**
 * Types `text` at a prompt that may not listen yet (Ink attaches a component's input a moment after
 * it shows): its first key again until the prompt echoes it, then the rest.
 */
export async function typeAtPrompt(stdin: { write(data: string): void }, lastFrame: () => string | undefined, text: string): Promise<void> {
  const deadline = performance.now() + FRAME_WAIT_MS;
  const echoed = () => (lastFrame() ?? "").includes(`# ${text[0]}`);
  while (!echoed()) {
    if (performance.now() > deadline) throw new Error(`the prompt never echoed '${text[0]}'; last frame:\n${lastFrame()}`);
    await type(stdin, text[0]!);
    const drawnBy = performance.now() + ECHO_WAIT_MS; // longer than Ink's render throttle: a key taken shows by then
    while (!echoed() && performance.now() < drawnBy) await new Promise((resolve) => setTimeout(resolve, FRAME_POLL_MS));
  }
  await type(stdin, ...text.slice(1));
}

/**
 * Polls everything written so far (every frame, joined) until it satisfies `check`. Finished
 * output is written once above the live region, so it appears in the frame of its write and not
 * in the redraws after it; the last frame holds only the prompt or live view.
 */
export async function writtenWhere(frames: readonly string[], check: (written: string) => boolean): Promise<string> {
  return frameWhere(() => frames.join(""), check);
}

/** A keyboard for a SmallTerminal: raw mode accepted, nothing typed (Ink's default, process.stdin, is no TTY under vitest). */
export class QuietKeyboard extends EventEmitter {
  readonly isTTY = true;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    return null;
  }
}

/** A keyboard that can be typed on, for a SmallTerminal (ink-testing-library's own terminal is 100 columns wide). */
export class Keyboard extends QuietKeyboard {
  private pending: string | null = null;
  override read(): string | null {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  write(data: string): void {
    this.pending = data;
    this.emit("readable");
    this.emit("data", data);
  }
}

/**
 * Waits until a live view's keys listen: its frame (holding `marker`) is drawn; its effects (the
 * prompt's keys off, the view's on) run in the flush after that commit, before a timer set once
 * the frame is seen; then a `/` opens its filter line and Esc closes it (clearing what was typed).
 */
export async function viewListening(stdin: { write(data: string): void }, lastFrame: () => string | undefined, marker: string): Promise<void> {
  const last = () => stripVTControlCharacters(lastFrame() ?? "");
  await frameWhere(last, (f) => f.includes(marker));
  await new Promise((resolve) => setTimeout(resolve, FRAME_POLL_MS));
  await type(stdin, "/");
  await frameWhere(last, (f) => f.includes("Enter keeps"));
  await type(stdin, "\u001b");
  await frameWhere(last, (f) => f.includes(marker) && !f.includes("Enter keeps"));
}
