import { Box, Text, useFocus, useInput } from "ink";
import { memo, useState } from "react";

export interface PaneProps {
  /** Shown in the pane's top border line. */
  readonly title: string;
  /** The pane's content, already laid out as lines. */
  readonly lines: readonly string[];
  /** Whether the pane takes focus when it appears. */
  readonly autoFocus?: boolean;
}

/**
 * A bordered, focusable pane; space pauses it (it keeps showing the lines it had). Memoised: the
 * live view hands an unchanged section's same `lines` again, and the pane is not rendered anew.
 */
export const Pane = memo(function Pane({ title, lines, autoFocus = false }: PaneProps) {
  const { isFocused } = useFocus({ autoFocus });
  const [frozen, setFrozen] = useState<readonly string[] | undefined>(undefined);
  useInput(
    (input) => {
      if (input === " ") setFrozen((current) => (current === undefined ? lines : undefined));
    },
    { isActive: isFocused },
  );
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={isFocused ? "cyan" : "gray"} paddingX={1}>
      <Text bold wrap="truncate">{`${title}${frozen !== undefined ? " (paused)" : ""}`}</Text>
      {(frozen ?? lines).map((line, index) => (
        <Text key={index} wrap="truncate">
          {line}
        </Text>
      ))}
    </Box>
  );
});
