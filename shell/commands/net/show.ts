import { levelName, modeText } from "../../../modules/security/index.js";
import { formatSimTime } from "../../../src/clock.js";
import { command } from "../../command.js";
import { statsLines, stateText } from "../../display/net.js";
import { formatDuration } from "../../values.js";

export default command({
  path: ["net", "show"],
  summary: "one network in full: state, type, addresses, owner and mode, VLANs, interfaces, counters",
  args: [{ name: "name", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net show lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel }, input) => {
    const network = kernel.network.show(input.args.name);
    const label = kernel.security.labels.resolve(`net/${network.name}`);
    const accounts = kernel.security.accounts;
    return { ...network, owner: accounts.nameOfUid(label.owner), group: accounts.groupNameOf(label.group), mode: modeText(label.mode), level: levelName(label.level) };
  },
  display: (n, d) => [
    `name:       ${n.name}`,
    `state:      ${stateText(n.state, d)}${n.stateDetail !== undefined ? ` (${n.stateDetail})` : ""}`,
    `type:       ${n.type}${n.vni > 0 ? `, VXLAN vni ${n.vni} (UDP 4789)` : ""}`,
    `addresses:  ${n.cidr}, gateway ${n.gateway}`,
    `owner:      ${n.owner}:${n.group} ${n.mode}, level ${n.level}`,
    `created:    ${formatSimTime(n.createdMs)}`,
    `bridge:     ${n.interfaces} of 16 ports, aging ${formatDuration(n.agingMs)}`,
    `vlans:      ${n.vlans.join(", ")}`,
    ...(n.interfaceRows.length === 0 ? ["interfaces: -"] : ["interfaces:", ...d.table(["NAME", "PORT", "MAC", "IP", "STATE", "VLAN"], n.interfaceRows.map((i) => [i.name, i.port, i.mac, i.ip, i.operstate, i.mode === "access" ? `access ${i.vlan}` : `trunk ${i.trunk.join(",")}`]))]),
    ...statsLines("counters", n.stats),
  ],
});
