// A yes/no question at the prompt's place (`reset`): y runs the line it asks about, any other key
// says nothing changed. The question shows once its key is listened for (useInput's effect runs
// before this one's), so a key typed the moment it shows is never lost.

import { Text, useInput } from "ink";
import { useEffect, useState } from "react";

export interface ConfirmProps {
  readonly question: string;
  readonly onAnswer: (yes: boolean) => void;
  /** Whether to draw in colour (not under NO_COLOR or --no-color). */
  readonly color?: boolean;
}

export function Confirm({ question, onAnswer, color = true }: ConfirmProps) {
  useInput((input) => onAnswer(input.toLowerCase() === "y"));
  const [asking, setAsking] = useState(false);
  useEffect(() => setAsking(true), []);
  return <Text color={color ? "yellow" : undefined}>{asking ? `${question}? [y/N] ` : ""}</Text>;
}
