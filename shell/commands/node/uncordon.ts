import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command({
  path: ["node", "uncordon"],
  ...nodeVerb("mark a node schedulable again (kubectl uncordon): Pending pods may go there", "node add w1 --cpu 4 --mem 8G; node add w2 --cpu 4 --mem 8G; node cordon w1; node uncordon w1", "uncordon", "uncordoned"),
});
