import { PING_COUNT_MAX } from "../../../src/limits.js";
import { command } from "../../command.js";

export default command({
  path: ["net", "ping"],
  summary: "ping from an interface: ARP for the next hop, ICMP echo requests 1 s apart, each reply's time in simulated time, and ping's summary",
  args: [
    { name: "interface", required: true, kind: "interface" },
    { name: "address", required: true },
  ],
  options: [
    { name: "c", kind: "count", min: 1, max: PING_COUNT_MAX, label: "-c", summary: "echo requests to send (default 3)" },
    { name: "vlan", kind: "vlan", summary: "ping 802.1Q-tagged in this VLAN (from a trunk port, like ping -I eth0.10)" },
  ],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a; net if add lan b; sleep 1s; net ping a 10.0.0.3 -c 2"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_RAW", object: (input, view) => view.network.interfaceObject(input.args.interface) },
  run: ({ kernel, session }, input) => kernel.network.ping(input.args.interface, input.args.address, input.options.c ?? 3, session.subject.uid, input.options.vlan),
  describe: (r) => `${r.replies.filter((x) => x.rttMs !== undefined).length}/${r.replies.length} replies from ${r.destination}${dropText(r.drops)}`,
  failure: (r) => (r.replies.some((x) => x.rttMs !== undefined) ? undefined : `no reply from ${r.destination}`),
  display: (r) => {
    const got = r.replies.filter((x) => x.rttMs !== undefined);
    const times = got.map((x) => x.rttMs!);
    const avg = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
    const mdev = Math.sqrt(times.reduce((sum, t) => sum + (t - avg) ** 2, 0) / Math.max(1, times.length));
    return [
      `PING ${r.destination} from ${r.source} ${r.from}: ${r.bytes - 8}(${r.bytes + 20}) bytes of data.`,
      ...r.replies.map((x) => (x.rttMs === undefined ? `From ${r.source} icmp_seq=${x.seq} ${r.resolved ? "no reply" : "Destination Host Unreachable"}` : `${r.bytes} bytes from ${r.destination}: icmp_seq=${x.seq} ttl=${x.ttl} time=${x.rttMs.toFixed(3)} ms`)),
      "",
      `--- ${r.destination} ping statistics ---`,
      `${r.replies.length} packets transmitted, ${got.length} received, ${Math.round((100 * (r.replies.length - got.length)) / r.replies.length)}% packet loss`,
      ...(times.length > 0 ? [`rtt min/avg/max/mdev = ${Math.min(...times).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...times).toFixed(3)}/${mdev.toFixed(3)} ms`] : []),
      ...(Object.keys(r.drops).length > 0 ? [`dropped on the way:${dropText(r.drops)}`] : []),
    ];
  },
});

function dropText(drops: Readonly<Record<string, number>>): string {
  const entries = Object.entries(drops);
  return entries.length === 0 ? "" : ` ${entries.map(([reason, n]) => `${reason} ${n}`).join(", ")}`;
}
