import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command({
  path: ["node", "fail"],
  ...nodeVerb("fail a worker node: NotReady; its pods go Unknown, then are rescheduled elsewhere after the grace period", "image pull nginx; node add w1 --cpu 4 --mem 8G; node add w2 --cpu 4 --mem 8G; pod apply -f test/scenarios/pods/plain.yaml; sleep 5s; node fail w1; pod list -o wide; sleep 5m; pod list -o wide", "failNode", "failed"),
});
