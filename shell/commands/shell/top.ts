import { command } from "../../command.js";
import { liveSnapshot, renderLiveSnapshot } from "../../display/live.js";

export default command({
  path: ["top"],
  page: "shell",
  summary: "live panes: clock, subsystem counters and the audit tail; in a script, one frame (like top -b -n 1)",
  args: [],
  options: [],
  examples: ["top"],
  gate: { action: "kernel.top", type: "system", mutates: false, object: () => "kernel" },
  run: ({ session }) => {
    session.openView("top", "all");
    return liveSnapshot(session.kernelView(), "all", session.display);
  },
  display: renderLiveSnapshot,
});
