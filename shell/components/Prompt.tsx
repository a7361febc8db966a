import { Box, Text, useCursor, useStdout } from "ink";
import { wholeSeconds } from "../display/live.js";
import type { PromptState } from "../hooks/use-prompt.js";

export interface PromptProps {
  /** The current user's name, shown first in the prompt. */
  readonly user: string;
  /** Simulated time, shown in the prompt. */
  readonly nowMs: number;
  /** The line being edited, a reverse search in progress, and completion candidates. */
  readonly state: PromptState;
  /** The history the search looks through. */
  readonly history: readonly string[];
  /** Whether to draw in colour; without it (NO_COLOR, --no-color) the terminal's own cursor marks the place. */
  readonly color: boolean;
}

const DEFAULT_COLUMNS = 80;

/** "alice@kshell T+00:01:02 $ ", with "#" for root as shells do. */
export function promptPrefix(user: string, nowMs: number): string {
  return `${user}@kshell ${wholeSeconds(nowMs)} ${user === "root" ? "#" : "$"} `;
}

/** The prompt line with a block cursor; during Ctrl-R, the search and its match instead. */
export function Prompt({ user, nowMs, state, history, color }: PromptProps) {
  const { line, search, hint } = state;
  const { setCursorPosition } = useCursor();
  const columns = useStdout().stdout.columns || DEFAULT_COLUMNS;
  const searched = search === undefined ? undefined : `(reverse-i-search)'${search.query}`;
  const before = line.text.slice(0, line.cursor);
  // Without colour there is no inverse block: the terminal's cursor goes where typing goes (a wrapped line's row).
  const at = searched === undefined ? promptPrefix(user, nowMs).length + before.length : searched.length;
  setCursorPosition(color ? undefined : { x: at % columns, y: Math.floor(at / columns) });
  if (searched !== undefined) return <Text>{`${searched}': ${search!.match === undefined ? "" : history[search!.match]!}`}</Text>;
  const under = line.text[line.cursor] ?? " ";
  const after = line.text.slice(line.cursor + 1);
  return (
    <Box flexDirection="column">
      <Text>
        <Text color={color ? "green" : undefined}>{promptPrefix(user, nowMs)}</Text>
        {before}
        <Text inverse={color}>{under}</Text>
        {after}
      </Text>
      {hint.length > 0 && <Text dimColor={color}>{hint.join("  ")}</Text>}
    </Box>
  );
}
