import { command } from "../command.js";
import { liveData, liveSnapshot, paneDenials, paneReader, renderLiveSnapshot, withLiveData } from "../display/live.js";

export default command({
  path: ["top"],
  page: "shell",
  summary: "live panes: clock, subsystem counters and the audit tail; in a script, one frame (like top -b -n 1); --json: the figures once",
  args: [],
  options: [],
  examples: ["top"],
  gate: { action: "kernel.top", type: "system", mutates: false, object: () => "kernel" },
  run: ({ kernel, session }) => {
    const denials = paneDenials(session.registry, kernel.security, session.subject, "all", session.kernelView());
    const mayRead = paneReader(kernel.security, session.subject);
    session.openView("top", "all", denials, mayRead);
    return withLiveData(liveSnapshot(session.kernelView(), "all", session.display, denials, undefined, { mayRead, suChain: session.suChain }), () => liveData(session.kernelView(), "all", denials, undefined, { mayRead, suChain: session.suChain }));
  },
  display: renderLiveSnapshot,
});
