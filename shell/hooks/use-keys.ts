// Keypresses for the prompt, decoded from the sequences Ink's input parser splits stdin into
// (keys.ts), where useInput cannot tell Backspace from Delete or see Ctrl-Left. The handler gets
// every keypress of one sequence at once, so a pasted "status\r" acts on one state.

import type { Key } from "ink";
import { useStdin } from "ink";
import { useEffect, useRef } from "react";
import { keysOf } from "../keys.js";

export function useKeys(handler: (keys: [string, Key][]) => void, active: boolean): void {
  const { internal_eventEmitter: emitter, setRawMode } = useStdin();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!active) return;
    setRawMode(true);
    return () => setRawMode(false);
  }, [active, setRawMode]);
  useEffect(() => {
    if (!active) return;
    const onSequence = (sequence: string) => {
      const keys = keysOf(sequence);
      if (keys.length > 0) latest.current(keys);
    };
    emitter.on("input", onSequence);
    return () => void emitter.removeListener("input", onSequence);
  }, [active, emitter]);
}
