import { Box, Text, useStdout } from "ink";
import { liveSnapshot, sortKeysOf, type LiveSection } from "../display/live.js";
import { usePaneControls } from "../hooks/use-pane-controls.js";
import type { Outcome, Session } from "../session.js";
import { Pane } from "./Pane.js";

export interface LiveViewProps {
  /** Whose kernel to show. */
  readonly session: Session;
  /** Which view: top (every pane) or watch <group>. */
  readonly view: NonNullable<Outcome["view"]>;
  /** Simulated time of this frame; a new value redraws. */
  readonly nowMs: number;
  /** Called when the user presses q, Esc or Ctrl-C. */
  readonly onLeave: () => void;
}

// Header, key help, a margin. The view must stay shorter than the terminal: a frame as tall as the
// screen makes Ink clear the whole terminal, scrollback included, before each redraw.
const CHROME_LINES = 4;
const PANE_CHROME_LINES = 3; // a pane's borders and title

/** Live panes, redrawn on every clock step, trimmed to stay shorter than the terminal. */
export function LiveView({ session, view, onLeave }: LiveViewProps) {
  const { stdout } = useStdout();
  const group = view.name === "top" ? "all" : view.group;
  const sortKeys = sortKeysOf(group);
  const controls = usePaneControls(sortKeys, onLeave); // q, Esc, Ctrl-C; s, r, / for a sortable pane
  const snapshot = liveSnapshot(session.kernel.view, group, session.display, view.denials, 6, { columns: stdout.columns || 80, sort: controls.sort, filter: controls.filter });
  const shown: LiveSection[] = [];
  let budget = (stdout.rows || 24) - CHROME_LINES;
  for (const section of snapshot.sections) {
    const room = budget - PANE_CHROME_LINES;
    if (room < 1) break; // the rest would not fit the terminal
    const lines = section.lines.slice(0, room);
    shown.push({ ...section, lines });
    budget -= lines.length + PANE_CHROME_LINES;
  }
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {snapshot.header}
      </Text>
      {shown.map((section, index) => (
        <Pane key={section.title} title={section.title} autoFocus={index === 0} lines={section.lines} />
      ))}
      <Text dimColor wrap="truncate">
        {controls.typing ? `filter: ${controls.filter}▏ Enter keeps · Esc clears` : sortKeys.length > 0 ? "q/Esc/Ctrl-C leave · Tab next · space pause · s sort · r reverse · / filter" : "q/Esc/Ctrl-C leave · Tab next pane · space pause the focused pane"}
      </Text>
    </Box>
  );
}
