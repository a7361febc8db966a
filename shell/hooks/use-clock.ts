import { useEffect, useState } from "react";
import type { Session } from "../session.js";

/**
 * Moves the session's simulated clock with the wall clock every `intervalMs` and re-renders;
 * returns the simulated time as of this render (so a command that just jumped it shows at once).
 * A running long command asks for 100 ms (10 redraws a second at most); with no interval the
 * clock is left alone (a live view moves it itself, use-live-frame.ts).
 */
export function useClock(session: Session, intervalMs: number | undefined): number {
  const [, setNowMs] = useState(session.kernel.view.nowMs);
  useEffect(() => {
    if (intervalMs === undefined) return;
    const timer = setInterval(() => {
      session.syncClock();
      setNowMs(session.kernel.view.nowMs);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [session, intervalMs]);
  return session.kernel.view.nowMs;
}
