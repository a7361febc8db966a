import { Box, Text, useInput, useStdout } from "ink";
import { useLiveFrame } from "../hooks/use-live-frame.js";
import type { Outcome, Session } from "../session.js";
import { Pane } from "./Pane.js";

export interface LiveViewProps {
  /** Whose kernel to show; the view moves its clock while it is open. */
  readonly session: Session;
  /** Which view: top (every pane) or watch <group>. */
  readonly view: NonNullable<Outcome["view"]>;
  /** Called when the user presses q, Esc or Ctrl-C. */
  readonly onLeave: () => void;
}

const DEFAULT_ROWS = 24;

/** Live panes, redrawn when what they show changes, trimmed to stay shorter than the terminal. */
export function LiveView({ session, view, onLeave }: LiveViewProps) {
  const { stdout } = useStdout();
  useInput((input, key) => {
    if (input === "q" || key.escape || (key.ctrl && input === "c")) onLeave();
  });
  const frame = useLiveFrame(session, view.name === "top" ? "all" : view.group, view.denials, stdout.rows || DEFAULT_ROWS);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {frame.header}
      </Text>
      {frame.sections.map((section, index) => (
        <Pane key={section.title} title={section.title} autoFocus={index === 0} lines={section.lines} />
      ))}
      <Text dimColor wrap="truncate">
        q/Esc/Ctrl-C leave · Tab next pane · space pause the focused pane
      </Text>
    </Box>
  );
}
