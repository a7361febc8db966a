import { Box, Text, useInput } from "ink";
import { memo, useState } from "react";
import type { LiveSection } from "../panes/pane.js";

export interface PaneProps {
  /** Shown in the pane's top border line (a border and a title cost two lines, not three). */
  readonly title: string;
  /** Lines cut to fit the terminal, said in the title ("· 6 more"). */
  readonly more?: number | undefined;
  /** Of those, the rows above its window (it was scrolled). */
  readonly above?: number | undefined;
  /** The pane's content, already laid out as lines. */
  readonly lines: readonly string[];
  /** Whether it has the focus (marked ▸ in its title): the arrows scroll it, `/` filters its pane, space pauses it. */
  readonly focused?: boolean;
  /** A filter its rows passed: its title says `(filter: text, 3 of 40)`. */
  readonly filter?: LiveSection["filter"];
  /** Whether its keys (space pauses) are listened to; off while the view takes typed text. */
  readonly keys?: boolean;
  /** Whether to draw in colour (not under NO_COLOR or --no-color): Ink's bundled chalk is not the shell's, so its level cannot be relied on. */
  readonly color?: boolean;
}

/**
 * A bordered pane; space pauses the focused one (it keeps showing the lines it had). The live view
 * keeps which one has the focus (Tab moves it, use-pane-controls.ts): its scroll keys need to know,
 * and Ink's own focus would drop it on Esc, which clears a filter here. Memoised: the live view
 * hands an unchanged section's same `lines` again, and the pane is not rendered anew.
 */
export const Pane = memo(function Pane({ title, more, above, lines, focused: isFocused = false, filter, keys = true, color = true }: PaneProps) {
  const [frozen, setFrozen] = useState<readonly string[] | undefined>(undefined);
  useInput(
    (input) => {
      if (input === " ") setFrozen((current) => (current === undefined ? lines : undefined));
    },
    { isActive: isFocused && keys },
  );
  const colour = !color ? undefined : isFocused ? "cyan" : "gray";
  return (
    <Box flexDirection="column">
      <Box>
        <Box flexShrink={0}>
          <Text color={colour}>{isFocused ? "╭─▸ " : "╭─ "}</Text>
        </Box>
        <Text bold={color} wrap="truncate">{`${title}${filter !== undefined ? ` (filter: ${filter.text}, ${filter.shown} of ${filter.of})` : ""}${more !== undefined ? ` · ${more} more${above !== undefined ? `, ${above} above` : ""}` : ""}${frozen !== undefined ? " (paused)" : ""}`}</Text>
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
