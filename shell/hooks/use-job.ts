import { useInput } from "ink";
import { useCallback, useState } from "react";
import type { Session } from "../session.js";

export interface JobState {
  /** True while a long command runs in steps (its progress line shows instead of the prompt). */
  readonly running: boolean;
  /** Follows what `executeEach` returned: a promise means a long command is under way. */
  readonly track: (pending: void | Promise<void>, onError: (error: unknown) => void) => void;
}

/** A long command under way: Ctrl-C asks the session to stop it after its current step. */
export function useJob(session: Session): JobState {
  const [running, setRunning] = useState(false);
  // Always listening (interrupt is a no-op with no job): a listener switched on with `running`
  // starts only once React runs its effects, and a Ctrl-C pressed before that would be dropped.
  useInput((input, key) => {
    if (key.ctrl && input === "c") session.interrupt();
  });
  const track = useCallback((pending: void | Promise<void>, onError: (error: unknown) => void) => {
    if (pending === undefined) return;
    setRunning(true);
    pending.catch(onError).finally(() => setRunning(false));
  }, []);
  return { running, track };
}
