// The live views draw on the terminal's alternate screen, as htop and k9s do: the prompt's screen
// and its scrollback stay as they were (`echo before; watch audit` keeps "before"), and leaving
// brings them back whole. Every switch goes through Ink's own write, which erases Ink's frame on
// the screen being left, writes the switch, and draws the frame again on the other screen, so
// Ink's idea of what is on screen stays true.
//
// Entering happens before the view's first frame is drawn (the prompt moves over, then the view
// replaces it up there). Leaving waits until the prompt has replaced the view: Ink draws at most
// every RENDER_SETTLE_MS, and a view's frame redrawn on the prompt's screen would scroll it.

import { useStdout } from "ink";
import { useCallback, useEffect, useRef } from "react";
import { ENTER_ALTERNATE_SCREEN, LEAVE_ALTERNATE_SCREEN } from "../screen-codes.js";

/** Longer than Ink's render throttle (30 frames a second, so 34 ms): the prompt's frame is drawn by then. */
const RENDER_SETTLE_MS = 60;

export interface AlternateScreen {
  /** Switches to the alternate screen, once (a view opened from a view stays there). */
  readonly enter: () => void;
  /** Back to the prompt's screen once the prompt is drawn, unless a view opened again meanwhile; then `left`, there. */
  readonly leave: (left?: () => void) => void;
}

export function useAlternateScreen(): AlternateScreen {
  const { stdout, write } = useStdout();
  const active = useRef(false);
  const pendingLeave = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const cancelLeave = () => {
    clearTimeout(pendingLeave.current);
    pendingLeave.current = undefined;
  };
  const leaveNow = useCallback(() => {
    cancelLeave();
    if (!active.current) return;
    active.current = false;
    write(LEAVE_ALTERNATE_SCREEN);
  }, [write]);
  const enter = useCallback(() => {
    cancelLeave();
    if (active.current) return;
    active.current = true;
    write(ENTER_ALTERNATE_SCREEN);
  }, [write]);
  const leave = useCallback(
    (left?: () => void) => {
      cancelLeave();
      pendingLeave.current = setTimeout(() => {
        leaveNow();
        left?.();
      }, RENDER_SETTLE_MS);
    },
    [leaveNow],
  );
  // Unmounted (the shell ends, Ink has drawn its last): never leave the terminal on the alternate screen.
  useEffect(
    () => () => {
      cancelLeave();
      if (active.current) stdout.write(LEAVE_ALTERNATE_SCREEN);
      active.current = false;
    },
    [stdout],
  );
  return { enter, leave };
}
