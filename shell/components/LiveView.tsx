import { Box, Text, useInput, useStdout } from "ink";
import type { Outcome, Session } from "../session.js";
import { liveSnapshot } from "../display/live.js";
import { entryRows } from "../display/audit.js";
import { formatSimTime } from "../../src/clock.js";
import { Pane } from "./Pane.js";

export interface LiveViewProps {
  /** Whose kernel to show. */
  readonly session: Session;
  /** Which view: top (all panes) or watch <group>. */
  readonly view: NonNullable<Outcome["view"]>;
  /** Simulated time of this frame; a new value redraws. */
  readonly nowMs: number;
  /** Called when the user presses q or Esc. */
  readonly onLeave: () => void;
}

const CHROME_LINES = 10; // header, pane borders and titles, the key help line

/** Live panes, redrawn on every clock step; kept shorter than the terminal. */
export function LiveView({ session, view, nowMs, onLeave }: LiveViewProps) {
  const { stdout } = useStdout();
  useInput((input, key) => {
    if (input === "q" || key.escape) onLeave();
  });
  const tailLines = Math.max(3, (stdout.rows || 24) - CHROME_LINES - (view.name === "top" ? 4 : 0));
  const snapshot = liveSnapshot(session.kernel.view, view.group, tailLines);
  const d = session.display;
  const a = snapshot.auditStats;
  return (
    <Box flexDirection="column">
      <Text bold>{`kshell ${view.name === "top" ? "top" : `watch ${view.group}`}  ${formatSimTime(nowMs)}  audit ${a.retained}/${a.capacity}, ${a.recorded} recorded, ${a.lost} lost, ${a.alerts} alerts`}</Text>
      {view.name === "top" && (
        <Pane title="subsystems" autoFocus lines={d.table(["SUBSYSTEM", "USED", "CAPACITY", "HEALTH", "DETAIL"], snapshot.subsystems.map((s) => [s.subsystem, s.used, s.capacity, s.health, s.detail]))} />
      )}
      <Pane title="audit tail" autoFocus={view.name !== "top"} lines={entryRows(snapshot.auditTail, d)} />
      <Text dimColor>q/Esc leave · Tab next pane · space pause the focused pane</Text>
    </Box>
  );
}
