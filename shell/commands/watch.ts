import { fail } from "../../src/errors.js";
import { command } from "../command.js";
import { didYouMean } from "../did-you-mean.js";
import { LIVE_GROUPS, liveData, liveSnapshot, paneDenials, paneReader, renderLiveSnapshot, withLiveData } from "../display/live.js";

// Groups with no view of their own, and the view that shows their objects (watch pod lists the worker nodes).
const SHOWN_IN: Readonly<Record<string, string>> = { node: "pod" };

export default command({
  path: ["watch"],
  page: "shell",
  summary: "stream a group's changes live (q, Esc or Ctrl-C leaves); in a script, its current state once",
  args: [{ name: "group", required: true, kind: "view" }],
  options: [],
  examples: ["watch audit"],
  gate: { action: "kernel.watch", type: "system", mutates: false, object: (input) => input.args.group },
  run: ({ kernel, session }, input) => {
    const group = input.args.group;
    if (!LIVE_GROUPS.includes(group)) {
      const shownIn = Object.hasOwn(SHOWN_IN, group) ? SHOWN_IN[group] : undefined;
      fail("EINVAL", `no live view for '${group}'`, shownIn !== undefined ? `watch ${shownIn} shows the ${group}s` : (didYouMean(group, LIVE_GROUPS, "watch ") ?? `watch takes a group with a live view: ${LIVE_GROUPS.join(", ")}`));
    }
    const denials = paneDenials(session.registry, kernel.security, session.subject, group, session.kernelView(), session.gateCheck); // refuses, and audits, what its command would
    const mayRead = paneReader(kernel.security, session.subject);
    session.openView("watch", group, denials, mayRead);
    return withLiveData(liveSnapshot(session.kernelView(), group, session.display, denials, undefined, { mayRead, suChain: session.suChain }), () => liveData(session.kernelView(), group, denials, undefined, { mayRead, suChain: session.suChain }));
  },
  display: renderLiveSnapshot,
});
