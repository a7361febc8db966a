import { formatSimTime } from "../../../src/clock.js";
import { command } from "../../command.js";

export default command({
  path: ["net", "leases"],
  summary: "a network's address leases, like virsh net-dhcp-leases: MAC, address, interface, how it was given",
  args: [{ name: "network", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan eth0; net if add lan eth1 --ip 10.0.0.50; net leases lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel }, input) => ({ leases: kernel.network.leases(input.args.network) }),
  display: (r, d) =>
    r.leases.length === 0
      ? ["(no leases)"]
      : d.table(["LEASED", "MAC ADDRESS", "PROTOCOL", "IP ADDRESS", "INTERFACE", "SOURCE"], r.leases.map((l) => [formatSimTime(l.leasedMs), l.mac, "ipv4", `${l.ip}/${l.prefix}`, l.interface, l.source])),
});
