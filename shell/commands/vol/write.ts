import { command } from "../../command.js";
import { IO_LENGTH_MAX } from "../../../src/limits.js";
import { formatBytes, formatDuration, formatOffset } from "../../../src/units.js";
import { journalPayload, PAYLOAD_OPTIONS, payloadOf } from "./payload.js";

export default command({
  path: ["vol", "write"],
  summary: `write bytes at an offset: --data text, --hex, --file, or --pattern <byte> --len <n>; at most ${formatBytes(IO_LENGTH_MAX)} (${IO_LENGTH_MAX / 1024 ** 2} MiB, IO_LENGTH_MAX) per command: split larger writes; unaligned writes read-modify-write`,
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "offset", required: true, kind: "offset" },
  ],
  options: [
    ...PAYLOAD_OPTIONS,
    { name: "sdc", kind: "string", placeholder: "client", summary: "distributed volumes: the mapped client to write through" },
  ],
  examples: ["vol create db --size 1M; vol write db 4096 --data hello", "vol create db --size 1M; vol write db 0 --pattern 0xab --len 64K"],
  gate: { type: "storage", mutates: true },
  journalPayload,
  run: ({ kernel, session }, input) => {
    const offset = input.args.offset;
    // A missing volume is the first thing wrong: said before the payload is checked or a file read (show fails with the kernel's own ENOENT).
    if (!kernel.storage.names().includes(input.args.volume)) kernel.storage.show(input.args.volume);
    const io = kernel.storage.write(input.args.volume, offset, payloadOf(input, session), { client: input.options.sdc });
    return { volume: input.args.volume, offset, ...io };
  },
  describe: (r) => `${formatBytes(r.bytes)} at ${formatOffset(r.offset)}`,
  display: (r) => [`wrote ${formatBytes(r.bytes)} to ${r.volume} at ${formatOffset(r.offset)} in ${formatDuration(r.latencyMs)}${r.throttledMs > 0 ? ` (throttled ${formatDuration(r.throttledMs)})` : ""}`],
});
