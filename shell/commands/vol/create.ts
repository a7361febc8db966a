import { TIERS, VOLUME_TYPES } from "../../../modules/storage/index.js";
import { command } from "../../command.js";
import { formatBytes } from "../../../src/units.js";

export default command({
  path: ["vol", "create"],
  summary: "create a volume: size, type, tier (ssd|hdd), thin (chunks on first write) or thick (reserved now)",
  args: [{ name: "name", required: true, of: "volume" }],
  options: [
    { name: "size", kind: "size", required: true, example: "1G", summary: "capacity, e.g. 512M or 2G (required)" },
    { name: "type", kind: "choice", choices: VOLUME_TYPES, summary: "block (default), object, file, distributed" },
    { name: "tier", kind: "choice", choices: TIERS, summary: "ssd (default) or hdd pool" },
    { name: "thin", kind: "flag", summary: "allocate on first write (default)" },
    { name: "thick", kind: "flag", summary: "reserve the whole size now" },
    { name: "pool", kind: "pool", placeholder: "pd/sp", requires: { option: "type", value: "distributed", message: "--pool is for distributed volumes" }, summary: "cluster storage pool (distributed volumes)" },
  ],
  exclusive: [["thin", "thick"]],
  examples: ["vol create db --size 1G", "vol create logs --size 256M --tier hdd --thick"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel, session }, input) => {
    const o = input.options;
    const spec = { name: input.args.name, type: o.type ?? "block", tier: o.tier ?? "ssd", sizeBytes: o.size, thin: o.thick !== true, pool: o.pool };
    kernel.objects.create(session.subject, `vol/${spec.name}`, () => kernel.storage.create(spec), 0o660);
    return spec;
  },
  describe: (r) => `${formatBytes(r.sizeBytes)} ${r.type} on ${r.pool ?? r.tier}, ${r.thin ? "thin" : "thick"}`,
  display: (r) => [`created volume ${r.name}: ${formatBytes(r.sizeBytes)} ${r.type} on ${r.pool === undefined ? r.tier : `cluster pool ${r.pool}`} (${r.thin ? "thin" : "thick"})`],
});
