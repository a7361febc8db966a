import { command } from "../../../command.js";
import { parseCount } from "../../../values.js";

export default command({
  path: ["audit", "filter", "del"],
  summary: "delete a filter by id",
  args: [{ name: "id", required: true, complete: "audit-filter" }],
  options: [],
  examples: ["audit filter add --effect keep --type security; audit filter del 1"],
  gate: { action: "audit.filter.del", type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL", object: (input) => `audit/filter/${input.args.id}` },
  run: ({ kernel }, input) => {
    const id = parseCount(input.args.id!, "filter id", 1);
    kernel.objects.delete(`audit/filter/${id}`, () => kernel.audit.filters.delete(id));
    return { id };
  },
  display: (r) => [`deleted audit filter #${r.id}`],
});
