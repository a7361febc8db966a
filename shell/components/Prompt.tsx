import { Box, Text } from "ink";
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
}

/** "alice@kshell T+00:01:02 $ ", with "#" for root as shells do. */
export function promptPrefix(user: string, nowMs: number): string {
  return `${user}@kshell ${wholeSeconds(nowMs)} ${user === "root" ? "#" : "$"} `;
}

/** The prompt line with a block cursor; during Ctrl-R, the search and its match instead. */
export function Prompt({ user, nowMs, state, history }: PromptProps) {
  const { line, search, hint } = state;
  if (search !== undefined) {
    const match = search.match === undefined ? "" : history[search.match]!;
    return <Text>{`(reverse-i-search)'${search.query}': ${match}`}</Text>;
  }
  const before = line.text.slice(0, line.cursor);
  const under = line.text[line.cursor] ?? " ";
  const after = line.text.slice(line.cursor + 1);
  return (
    <Box flexDirection="column">
      <Text>
        <Text color="green">{promptPrefix(user, nowMs)}</Text>
        {before}
        <Text inverse>{under}</Text>
        {after}
      </Text>
      {hint.length > 0 && <Text dimColor>{hint.join("  ")}</Text>}
    </Box>
  );
}
