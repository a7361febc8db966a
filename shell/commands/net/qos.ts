import { command } from "../../command.js";
import { formatBytes } from "../../../src/units.js";

export default command({
  path: ["net", "qos"],
  summary: "ingress policing of an interface, like OVS ingress_policing_rate/_burst: a token bucket; frames over it are dropped and counted (policed)",
  args: [{ name: "interface", required: true, kind: "interface" }],
  options: [
    { name: "rate", kind: "size", required: true, example: "1M", summary: "bits per second it may send into the bridge (1M = 1 Mbit/s; 0 turns policing off)" },
    { name: "burst", kind: "size", summary: "bucket size in bytes (default 1M)" },
  ],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a; net qos a --rate 1M --burst 16K"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN", object: (input, view) => view.network.interfaceObject(input.args.interface) },
  run: ({ kernel }, input) => kernel.network.qos(input.args.interface, input.options.rate, input.options.burst ?? 0),
  describe: (r) => `${r.name} ${r.rateBps === 0 ? "off" : `${r.rateBps} bit/s burst ${formatBytes(r.burstBytes)}`}`,
  display: (r) => [r.rateBps === 0 ? `${r.name}: no policing` : `${r.name}: policed at ${r.rateBps} bit/s, burst ${formatBytes(r.burstBytes)}`],
});
