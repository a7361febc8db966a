import { useEffect, useState } from "react";
import type { Session } from "../session.js";

/**
 * Moves the session's simulated clock with the wall clock every `intervalMs` and re-renders;
 * returns the simulated time as of this render (so a command that just jumped it shows at once).
 * Live panes and a running long command ask for 100 ms (10 redraws a second at most).
 */
export function useClock(session: Session, intervalMs: number): number {
  const [, setNowMs] = useState(session.kernel.view.nowMs);
  useEffect(() => {
    const timer = setInterval(() => {
      session.syncClock();
      setNowMs(session.kernel.view.nowMs);
    }, intervalMs);
    return () => clearInterval(timer);
  }, [session, intervalMs]);
  return session.kernel.view.nowMs;
}
