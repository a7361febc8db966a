import { command } from "../../command.js";
import { formatBytes, formatOffset } from "../../../src/units.js";
import { journalAsHex, payloadOf } from "./payload.js";

export default command({
  path: ["vol", "write"],
  summary: "write bytes at an offset: --data text, --hex, --file, or --pattern <byte> --len <n> (at most 64M); unaligned writes read-modify-write",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "offset", required: true, kind: "offset" },
  ],
  options: [
    { name: "data", kind: "string", placeholder: "text", summary: "UTF-8 text" },
    { name: "hex", kind: "string", summary: "hex digits, e.g. deadbeef" },
    { name: "file", kind: "string", placeholder: "path", summary: "a host file's bytes: a regular file outside the state directory, at most 64M; needs CAP_DAC_READ_SEARCH" },
    { name: "file-hex", kind: "string", replayOnly: true, summary: "the bytes --file read, as the journal records them; refused when typed" },
    { name: "pattern", kind: "string", placeholder: "byte", summary: "a byte (0..255, 0xff or a character) repeated --len times" },
    { name: "len", kind: "size", summary: "length for --pattern (at most 64M, the per-command IO limit)" },
    { name: "sdc", kind: "string", placeholder: "client", summary: "distributed volumes: the mapped client to write through" },
  ],
  examples: ["vol create db --size 1M; vol write db 4096 --data hello", "vol create db --size 1M; vol write db 0 --pattern 0xab --len 64K"],
  gate: { type: "storage", mutates: true },
  journalWords: journalAsHex,
  run: ({ kernel, session }, input) => {
    const offset = input.args.offset;
    const io = kernel.storage.write(input.args.volume, offset, payloadOf(input, session), { client: input.options.sdc });
    return { volume: input.args.volume, offset, ...io };
  },
  describe: (r) => `${formatBytes(r.bytes)} at ${formatOffset(r.offset)}`,
  display: (r) => [`wrote ${formatBytes(r.bytes)} to ${r.volume} at ${formatOffset(r.offset)} in ${r.latencyMs.toFixed(3)} ms${r.throttledMs > 0 ? ` (throttled ${r.throttledMs.toFixed(1)} ms)` : ""}`],
});
