import { command } from "../../../command.js";
import { parseCount } from "../../../values.js";

export default command({
  path: ["sec", "rule", "del"],
  summary: "delete a policy rule by id",
  args: [{ name: "id", required: true, complete: "rule" }],
  options: [],
  examples: ["sec rule add --effect allow --action status; sec rule del 1"],
  gate: { action: "sec.rule.del", type: "security", mutates: true, capability: "CAP_MAC_ADMIN", object: (input) => `sec/rule/${input.args.id}` },
  run: ({ kernel }, input) => {
    const id = parseCount(input.args.id!, "rule id", 1);
    kernel.objects.delete(`sec/rule/${id}`, () => kernel.security.rules.delete(id));
    return { id };
  },
  display: (r) => [`deleted rule #${r.id}`],
});
