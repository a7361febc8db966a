// The terminal's size for a full-screen view, followed on resize: the view lays out for the new
// size at once, drawn on a wiped screen, so no half-drawn frame of the old size is left above
// (a terminal made narrower rewraps the old frame's lines, which Ink can then no longer erase).

import { useStdout } from "ink";
import { useEffect, useState } from "react";
import { WIPE_SCREEN } from "../screen-codes.js";

const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export function useTerminalSize(): TerminalSize {
  const { stdout, write } = useStdout();
  const sizeNow = (): TerminalSize => ({ columns: stdout.columns || DEFAULT_COLUMNS, rows: stdout.rows || DEFAULT_ROWS });
  const [size, setSize] = useState(sizeNow);
  useEffect(() => {
    const onResize = () => {
      write(WIPE_SCREEN);
      setSize(sizeNow());
    };
stdout.on("resize", onResize);
    return () => void stdout.off("resize", onResize);
  }, [stdout, write]);
  return size;
}
