import { Box, Text } from "ink";
import { useRef } from "react";
import { sortKeysOf } from "../display/live.js";
import { cut } from "../display/live-fit.js";
import { footerLine } from "../display/live-footer.js";
import { useLiveFrame } from "../hooks/use-live-frame.js";
import type { PaneCommand } from "../hooks/use-pane-command.js";
import { usePaneControls, type PaneBox } from "../hooks/use-pane-controls.js";
import { completedLine } from "../complete.js";
import { useTerminalSize } from "../hooks/use-terminal-size.js";
import type { Outcome, Session } from "../session.js";
import { Pane } from "./Pane.js";

export interface LiveViewProps {
  /** Whose kernel to show; the view moves its clock while it is open. */
  readonly session: Session;
  /** Which view: top (every pane) or watch <group>. */
  readonly view: NonNullable<Outcome["view"]>;
  /** Called when the user presses q, Esc or Ctrl-C. */
  readonly onLeave: () => void;
  /** What `:` runs, and the output of the last command run there (shown in a pane for a few seconds). */
  readonly command?: PaneCommand;
  /** A long command started with `:` is running: its progress line. */
  readonly progress?: string | undefined;
}

/** Lines of a `:` command's output shown under the panes (its pane says how many more there were). */
const OUTPUT_PANE_LINES = 5;
/** A pane's top and bottom borders. */
const PANE_CHROME_LINES = 2;
const NO_COMMAND: PaneCommand = { output: undefined, run: () => undefined };

/** Live panes, redrawn when what they show changes, trimmed to stay shorter than the terminal; `:` runs a command under them. */
export function LiveView({ session, view, onLeave, command = NO_COMMAND, progress }: LiveViewProps) {
  const { color } = session.display; // no colour or style at all under NO_COLOR or --no-color
  const size = useTerminalSize(); // a resize redraws the whole screen at the new size
  const group = view.name === "top" ? "all" : view.group;
  const sortKeys = sortKeysOf(group);
  const boxes = useRef<readonly PaneBox[]>([]);
  const controls = usePaneControls(sortKeys, { onLeave, onCommand: command.run, busy: progress !== undefined, boxes: () => boxes.current, history: () => session.history(), complete: (line) => completedLine(line, session) }); // q, Esc, Ctrl-C; Tab, arrows, /; s, r for a sortable pane; `:`
  const output = outputPane(command, progress);
  const outputHeight = (output === undefined ? 0 : output.lines.length + PANE_CHROME_LINES) + (controls.commandHint.length > 0 ? 1 : 0); // Tab's candidates take a line
  const frame = useLiveFrame(session, group, view.denials, size.rows - outputHeight, { columns: size.columns, sort: controls.sort, filters: controls.filters, mayRead: view.mayRead, suChain: session.suChain }, controls.offsets);
  boxes.current = frame.sections;
  const focus = frame.sections.length === 0 ? -1 : controls.focus % frame.sections.length;
  const typingText = controls.command !== undefined || controls.typing; // space is text then, not a pane key
  return (
    <Box flexDirection="column">
      <Text bold={color} wrap="truncate">
        {frame.header}
      </Text>
      {frame.sections.map((section, index) => (
        <Pane key={`${section.pane?.title ?? ""}/${section.title}`} title={section.title} more={section.more} above={section.above} filter={section.filter} focused={index === focus} lines={section.lines} keys={!typingText} color={color} />
      ))}
      {frame.lines.map((line) => (
        <Text key={line.slice(0, line.indexOf(":"))} wrap="truncate">
          {line}
        </Text>
      ))}
      {frame.hidden !== "" && (
        <Text dimColor={color} wrap="truncate">
          {frame.hidden}
        </Text>
      )}
      {output !== undefined && <Pane key=":output" title={output.title} more={output.more} lines={output.lines} keys={false} color={color} />}
      {controls.commandHint.length > 0 && (
        <Text dimColor={color} wrap="truncate">
          {controls.commandHint.join("  ")}
        </Text>
      )}
      {controls.command !== undefined ? (
        <Text wrap="truncate-start">{`:${controls.command.text.slice(0, controls.command.cursor)}▏${controls.command.text.slice(controls.command.cursor)}`}</Text>
      ) : (
        <Text dimColor={color} wrap="truncate">
          {controls.typing ? `filter: ${controls.filter}▏ Enter keeps · Esc clears` : footerLine({ sortable: sortKeys.length > 0, filtered: controls.filtered }, size.columns)}
        </Text>
      )}
    </Box>
  );
}

/** The last `:` command's pane: its output cut to OUTPUT_PANE_LINES, or its progress while it runs. */
function outputPane(command: PaneCommand, progress: string | undefined): { title: string; lines: readonly string[]; more?: number | undefined } | undefined {
  const { output } = command;
  if (output === undefined) return progress === undefined ? undefined : { title: ":", lines: [progress] };
  const lines = progress !== undefined ? [...output.lines.slice(0, OUTPUT_PANE_LINES - 1), progress] : output.lines.length === 0 ? ["(no output)"] : output.lines;
  return { title: `:${output.line.trimEnd()}${output.failed ? " · failed" : ""}`, ...cut(lines, OUTPUT_PANE_LINES) }; // a completed word's space is no part of the title
}
