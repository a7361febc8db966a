import { Box, Text, useStdout } from "ink";
import { sortKeysOf } from "../display/live.js";
import { useLiveFrame } from "../hooks/use-live-frame.js";
import { usePaneControls } from "../hooks/use-pane-controls.js";
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
  const group = view.name === "top" ? "all" : view.group;
  const sortKeys = sortKeysOf(group);
  const controls = usePaneControls(sortKeys, onLeave); // q, Esc, Ctrl-C; s, r, / for a sortable pane
  const frame = useLiveFrame(session, group, view.denials, stdout.rows || DEFAULT_ROWS, { columns: stdout.columns || 80, sort: controls.sort, filter: controls.filter, mayRead: view.mayRead });
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {frame.header}
      </Text>
      {frame.sections.map((section, index) => (
        <Pane key={section.title} title={section.title} more={section.more} autoFocus={index === 0} lines={section.lines} />
      ))}
      {frame.hidden !== "" && (
        <Text dimColor wrap="truncate">
          {frame.hidden}
        </Text>
      )}
      <Text dimColor wrap="truncate">
        {controls.typing ? `filter: ${controls.filter}▏ Enter keeps · Esc clears` : sortKeys.length > 0 ? "q/Esc/Ctrl-C leave · Tab next · space pause · s sort · r reverse · / filter" : "q/Esc/Ctrl-C leave · Tab next pane · space pause the focused pane"}
      </Text>
    </Box>
  );
}
