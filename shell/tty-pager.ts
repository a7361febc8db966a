// The built-in pager, for a terminal without less: the page on the alternate screen (the shell's
// screen comes back whole on q, as with man), keys read raw from the terminal (page-view.ts),
// redrawn whole on every key and resize. Lines wider than the terminal are cut by the terminal
// itself (autowrap off while paging), so one line is always one row.

import { LEAVE_ALTERNATE_SCREEN, ENTER_ALTERNATE_SCREEN, WIPE_SCREEN } from "./screen-codes.js";
import { pageHeight, pageKeyOfBytes, scrolled, statusLine, pageWindow } from "./page-view.js";

const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const AUTOWRAP_OFF = "\x1b[?7l";
const AUTOWRAP_ON = "\x1b[?7h";
const INVERSE = (text: string) => `\x1b[7m${text}\x1b[27m`;
const DEFAULT_ROWS = 24;

export interface PagerTerminal {
  readonly input: NodeJS.ReadStream;
  readonly output: NodeJS.WriteStream;
  /** Colour allowed: the status line in reverse video. */
  readonly color: boolean;
}

/** Shows `lines` until q (or Esc, Ctrl-C); resolves once the terminal is as it was. */
export function runBuiltinPager(lines: readonly string[], terminal: PagerTerminal): Promise<void> {
  const { input, output } = terminal;
  let top = 0;
  const height = () => pageHeight(output.rows || DEFAULT_ROWS);
  const draw = () => {
    const status = statusLine(top, height(), lines.length);
    output.write(`${WIPE_SCREEN}${pageWindow(lines, top, height()).join("\r\n")}\r\n${terminal.color ? INVERSE(status) : status}`);
  };
  return new Promise((resolve) => {
    const wasRaw = input.isRaw;
    const onKey = (data: Buffer | string) => {
      const key = pageKeyOfBytes(data.toString());
      if (key === undefined) return;
      if (key !== "quit") {
        top = scrolled(top, key, height(), lines.length);
        return draw();
      }
      input.off("data", onKey);
      output.off("resize", draw);
      input.setRawMode(wasRaw);
      input.pause();
      output.write(`${AUTOWRAP_ON}${SHOW_CURSOR}${LEAVE_ALTERNATE_SCREEN}`);
      resolve();
    };
    output.write(`${ENTER_ALTERNATE_SCREEN}${HIDE_CURSOR}${AUTOWRAP_OFF}`);
    input.setRawMode(true);
    input.on("data", onKey);
    input.resume();
    output.on("resize", draw);
    draw();
  });
}
