import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command({
  path: ["node", "cordon"],
  ...nodeVerb("mark a node unschedulable (kubectl cordon): its pods stay, new ones go elsewhere", "node add w1 --cpu 4 --mem 8G; node add w2 --cpu 4 --mem 8G; node cordon w1; node list", "cordon", "cordoned"),
});
