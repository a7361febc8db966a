import { useCallback, useRef, useState } from "react";

/** One finished line of output, drawn once in <Static>. */
export interface OutputItem {
  readonly id: number;
  readonly text: string;
  readonly tone: "plain" | "error" | "dim";
}

/** The shell's finished output, starting with `first`, and a way to add lines to it. */
export function useOutput(first: OutputItem): { items: OutputItem[]; append: (lines: readonly string[], tone: OutputItem["tone"]) => void } {
  const nextId = useRef(first.id + 1);
  const [items, setItems] = useState<OutputItem[]>([first]);
  const append = useCallback((lines: readonly string[], tone: OutputItem["tone"]) => {
    // An empty Text renders no line at all; a space keeps blank lines in the output.
    setItems((previous) => [...previous, ...lines.map((text) => ({ id: nextId.current++, text: text === "" ? " " : text, tone }))]);
  }, []);
  return { items, append };
}
