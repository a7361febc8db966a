import { command } from "../../../command.js";

export default command({
  path: ["audit", "compliance", "del"],
  summary: "delete a compliance policy by name",
  args: [{ name: "name", required: true, complete: "compliance-policy" }],
  options: [],
  examples: ["audit compliance add temp --rule denies-recorded; audit compliance del temp"],
  gate: { action: "audit.compliance.del", type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL", object: (input) => `audit/compliance/${input.args.name}` },
  run: ({ kernel }, input) => {
    kernel.objects.delete(`audit/compliance/${input.args.name}`, () => kernel.audit.compliance.delete(input.args.name!));
    return { name: input.args.name! };
  },
  display: (r) => [`deleted compliance policy ${r.name}`],
});
