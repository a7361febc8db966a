import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command(nodeVerb("uncordon", "mark a node schedulable again (kubectl uncordon): Pending pods may go there", "node uncordon w1", "uncordon", "uncordoned"));
