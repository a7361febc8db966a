import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command(nodeVerb("fail", "fail a worker node: NotReady; its pods go Unknown, then are rescheduled elsewhere after the grace period", "node fail w1; pod list -o wide; sleep 5m; pod list -o wide", "failNode", "failed"));
