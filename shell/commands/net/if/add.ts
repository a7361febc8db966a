import { parseVlanList } from "../../../../modules/network/index.js";
import { command } from "../../../command.js";

export default command({
  path: ["net", "if", "add"],
  summary: "attach an interface to a network's bridge: a MAC (52:54:00 from the seeded PRNG unless given), an address leased by IPAM unless given, an access VLAN or a trunk",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "name", required: true, of: "interface" },
  ],
  options: [
    { name: "mac", kind: "mac", summary: "its MAC, e.g. 52:54:00:12:34:56 (default: 52:54:00 and three random bytes)" },
    { name: "ip", kind: "string", placeholder: "address", summary: "its IPv4 address inside the network (default: the lowest free from .2)" },
    { name: "vlan", kind: "vlan", summary: "access port in this VLAN (default 1); the VLAN is added to the network if new" },
    { name: "trunk", kind: "string", placeholder: "10,20", summary: "trunk port carrying these VLANs, tagged" },
    { name: "pvid", kind: "vlan", requires: { option: "trunk", message: "--pvid is for trunk ports" }, summary: "the trunk's untagged VLAN" },
    { name: "host", kind: "name", summary: "the simulated host it lives on (overlays: frames between hosts travel in VXLAN)" },
    { name: "isolated", kind: "flag", summary: "an isolated port: never talks to other isolated ports (Linux's isolated on)" },
  ],
  exclusive: [["vlan", "trunk"]],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan eth0 --vlan 10", "net create lan --cidr 10.0.0.0/24; net if add lan up0 --trunk 10,20 --pvid 10", "net create lan --cidr 10.0.0.0/24; net if add lan web --ip 10.0.0.80 --mac 52:54:00:00:00:80 --isolated"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    const o = input.options;
    const trunk = o.trunk === undefined ? undefined : parseVlanList(o.trunk);
    return kernel.network.addInterface({ network: input.args.network, name: input.args.name, mac: o.mac, ip: o.ip, vlan: o.vlan, trunk, pvid: o.pvid, host: o.host, isolated: o.isolated });
  },
  describe: (r) => `${r.info.mac} ${r.info.ip} port ${r.info.port}`,
  display: (r) => {
    const i = r.info;
    const vlan = i.mode === "access" ? `access VLAN ${i.vlan}` : `trunk ${i.trunk.join(",")}${i.vlan > 0 ? ` pvid ${i.vlan}` : ""}`;
    return [
      `attached ${i.name} to ${i.network} port ${i.port}: ${i.mac} ${i.ip} (${i.ipSource === "ipam" ? "leased" : "static"}), ${vlan}${i.isolated ? ", isolated" : ""}${i.host !== null ? `, host ${i.host}` : ""}`,
      ...(r.vlansAdded.length > 0 ? [`network ${i.network} gains VLAN ${r.vlansAdded.join(", ")}`] : []),
    ];
  },
});
