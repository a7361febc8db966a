import { Box, Text, useFocus, useInput } from "ink";
import { memo, useState } from "react";

export interface PaneProps {
  /** Shown in the pane's top border line (a border and a title cost two lines, not three). */
  readonly title: string;
  /** Lines cut to fit the terminal, said in the title ("· 6 more"). */
  readonly more?: number | undefined;
  /** The pane's content, already laid out as lines. */
  readonly lines: readonly string[];
  /** Whether the pane takes focus when it appears. */
  readonly autoFocus?: boolean;
  /** Whether its keys (space pauses) are listened to; off while the view takes typed text. */
  readonly keys?: boolean;
}

/**
 * A bordered, focusable pane; space pauses it (it keeps showing the lines it had). Memoised: the
 * live view hands an unchanged section's same `lines` again, and the pane is not rendered anew.
 */
export const Pane = memo(function Pane({ title, more, lines, autoFocus = false, keys = true }: PaneProps) {
  const { isFocused } = useFocus({ autoFocus });
  const [frozen, setFrozen] = useState<readonly string[] | undefined>(undefined);
  useInput(
    (input) => {
      if (input === " ") setFrozen((current) => (current === undefined ? lines : undefined));
    },
    { isActive: isFocused && keys },
  );
  const colour = isFocused ? "cyan" : "gray";
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexShrink={0}>
          <Text color={colour}>╭─ </Text>
        </Box>
        <Text bold wrap="truncate">{`${title}${more !== undefined ? ` · ${more} more` : ""}${frozen !== undefined ? " (paused)" : ""}`}</Text>
        <Text color={colour}> </Text>
        <Box flexGrow={1} minWidth={1} borderStyle="round" borderColor={colour} borderBottom={false} borderLeft={false} borderRight={false} />
        <Text color={colour}>╮</Text>
      </Box>
      <Box flexDirection="column" borderStyle="round" borderColor={colour} borderTop={false} paddingX={1}>
        {(frozen ?? lines).map((line, index) => (
          <Text key={index} wrap="truncate">
            {line}
          </Text>
        ))}
      </Box>
    </Box>
  );
});
