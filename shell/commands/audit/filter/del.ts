import { command } from "../../../command.js";

export default command({
  path: ["audit", "filter", "del"],
  summary: "delete a filter by id",
  args: [{ name: "id", required: true, kind: "audit-filter", label: "filter id" }],
  options: [],
  examples: ["audit filter add --effect keep --type security; audit filter del 1"],
  gate: { type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL" },
  run: ({ kernel }, input) => {
    const id = input.args.id;
    kernel.objects.delete(`audit/filter/${id}`, () => kernel.audit.filters.delete(id));
    return { id };
  },
  display: (r) => [`deleted audit filter #${r.id}`],
});
