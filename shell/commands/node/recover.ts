import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command(nodeVerb("recover", "bring a failed node back: Ready; pods still waiting for it find it again", "node recover w1", "recoverNode", "recovered"));
