import { useEffect, useRef, useState } from "react";
import type { ScrollOffsets } from "../display/live-fit.js";
import { liveSnapshot, nextLiveFrame, wholeSeconds, type LiveFrame, type PaneControlOptions, type PaneDenials } from "../display/live.js";
import type { Session } from "../session.js";

export const LIVE_REFRESH_MS = 100; // the panes are sampled ten times a second
const TAIL_LINES = 6;

/**
 * The live view's frame, sampled every LIVE_REFRESH_MS (the session's clock moved with the wall
 * first) and replaced only when what it shows changed. Ink lays out and redraws the whole screen
 * on every React commit (about 14 ms a frame on the issue's large state): an unchanged sample
 * commits nothing. A sample is taken only when a command or a timer ran since the last one
 * (Kernel.changeCount) or the second shown turned: the header's clock shows whole seconds, as
 * the prompt does, so an idle kernel is sampled and redrawn once a second while a change still
 * shows within LIVE_REFRESH_MS; what time alone moves (a rate over the last seconds) shows as of
 * each second. `controls` are the
 * terminal's width, a sortable pane's order, the panes' filters, and `offsets` how far each box
 * is scrolled (shell/hooks/use-pane-controls.ts).
 */
export function useLiveFrame(session: Session, group: string, denials: PaneDenials, rows: number, controls: PaneControlOptions, offsets: ScrollOffsets): LiveFrame {
  const sample = (previous: LiveFrame | undefined) =>
    nextLiveFrame(previous, liveSnapshot(session.kernel.view, group, session.display, denials, TAIL_LINES, controls, wholeSeconds), rows, offsets);
  const [frame, setFrame] = useState(() => sample(undefined));
  const sampledAt = useRef<SampleStamp | undefined>(undefined);
  useEffect(() => {
    sampledAt.current = stampOf(session);
    setFrame(sample); // the terminal's size or the view may have changed since the first sample
    const timer = setInterval(() => {
      session.syncClock();
      const stamp = stampOf(session);
      if (sameStamp(stamp, sampledAt.current)) return;
      sampledAt.current = stamp;
      setFrame(sample);
    }, LIVE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [session, group, denials, rows, controls.columns, controls.sort?.key, controls.sort?.reversed, controls.filters, controls.mayRead, controls.suChain, offsets]); // a key that sorts, filters or scrolls redraws at once
  return frame;
}

/** What a sample depends on besides the controls: the kernel (reset and load replace it), what ran in it, and the second shown. */
type SampleStamp = readonly [kernel: object, changes: number, second: number];

function stampOf(session: Session): SampleStamp {
  const kernel = session.kernel;
  return [kernel, kernel.changeCount(), Math.floor(kernel.view.nowMs / 1000)];
}

function sameStamp(a: SampleStamp, b: SampleStamp | undefined): boolean {
  return b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}
