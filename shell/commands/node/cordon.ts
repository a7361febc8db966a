import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command(nodeVerb("cordon", "mark a node unschedulable (kubectl cordon): its pods stay, new ones go elsewhere", "node cordon w1; node list", "cordon", "cordoned"));
