import { command } from "../../command.js";
import { nodeVerb } from "./verb.js";

export default command({
  path: ["node", "recover"],
  ...nodeVerb("bring a failed node back: Ready; pods still waiting for it find it again", "node add w1 --cpu 4 --mem 8G; node fail w1; node recover w1", "recoverNode", "recovered"),
});
