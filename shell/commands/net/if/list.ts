import { command } from "../../../command.js";
import { readableNetwork } from "../readable.js";

export default command({
  path: ["net", "if", "list"],
  summary: "interfaces (of one network, or all you may read): port, MAC, address, operstate, VLAN mode, host, isolation",
  args: [{ name: "network", required: false, kind: "network" }],
  options: [],
  examples: ["net if list", "net create lan --cidr 10.0.0.0/24; net if add lan eth0; net if list lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel, session }, input) => {
    if (input.args.network !== undefined) return { interfaces: kernel.network.interfaces(input.args.network) };
    const readable = readableNetwork(kernel, session, "net.if.list"); // without a name: those `net if list <network>` would show
    return { interfaces: kernel.network.interfaces().filter((i) => readable(i.network)) };
  },
  display: (r, d) =>
    r.interfaces.length === 0
      ? ["(no interfaces: net if add <network> <name>)"]
      : d.table(
          ["NAME", "NETWORK", "PORT", "MAC", "ADDRESS", "STATE", "VLAN", "HOST", "ISOLATED"],
          r.interfaces.map((i) => [i.name, i.network, i.port, i.mac, i.ip, i.operstate === "up" ? d.chalk.green("UP") : d.chalk.red("DOWN"), i.mode === "access" ? `access ${i.vlan}` : `trunk ${i.trunk.join(",")}${i.vlan > 0 ? ` pvid ${i.vlan}` : ""}`, i.host || "-", i.isolated ? "yes" : "no"]),
        ),
});
