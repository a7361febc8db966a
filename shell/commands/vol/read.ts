import { fail } from "../../../src/errors.js";
import { IO_LENGTH_MAX } from "../../../src/limits.js";
import { writeRegularFile } from "../../../src/persistence/user-file.js";
import { command } from "../../command.js";
import { formatBytes, formatOffset } from "../../../src/units.js";
import { hexDump, textOf } from "./payload.js";
import { readBuffer } from "./read-buffer.js";

export default command({
  path: ["vol", "read"],
  summary: `read bytes from a volume (or volume@snapshot): printable UTF-8 as text, other bytes as a hex dump like xxd (--hex: always), or into a file (--out); at most ${formatBytes(IO_LENGTH_MAX)} (${IO_LENGTH_MAX / 1024 ** 2} MiB, IO_LENGTH_MAX) per command: split larger reads`,
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "offset", required: true, kind: "offset" },
    { name: "length", required: true, kind: "size" },
  ],
  options: [
    { name: "hex", kind: "flag", summary: "always show a hex dump" },
    { name: "out", kind: "file", placeholder: "path", summary: "write the raw bytes to a file" },
    { name: "sdc", kind: "string", placeholder: "client", summary: "distributed volumes: the mapped client to read through" },
  ],
  examples: ["vol create db --size 1M; vol write db 4096 --data hello; vol read db 4096 5", "vol create db --size 1M; vol read db 0 32 --hex"],
  gate: { type: "storage", mutates: false, object: (input) => `vol/${sourceOf(input.args.volume).volume}` }, // a snapshot is read through its volume
  run: ({ kernel, session }, input) => {
    const { volume, snapshot } = sourceOf(input.args.volume);
    const { offset, length } = input.args;
    const out = input.options.out;
    if (out === "") fail("EINVAL", "vol read --out needs a path");
    const context = { client: input.options.sdc, into: readBuffer(length) }; // shown or headed for a file, the bytes are used before this command ends: no fresh buffer per read
    const io = snapshot === undefined ? kernel.storage.read(volume, offset, length, context) : { data: kernel.storage.snapshotRead(volume, snapshot, offset, length, context), bytes: length, latencyMs: 0, throttledMs: 0 };
    if (out !== undefined) session.userFile("write", out, "write", () => writeRegularFile(out, io.data));
    return { source: input.args.volume, offset, length, out, dump: input.options.hex === true, latencyMs: io.latencyMs, hex: out === undefined ? Buffer.from(io.data).toString("hex") : "" }; // a file's bytes are not shown
  },
  describe: (r) => `${formatBytes(r.length)} at ${formatOffset(r.offset)}`,
  display: (r) => {
    if (r.out !== undefined) return [`read ${formatBytes(r.length)} from ${r.source} at ${formatOffset(r.offset)} into ${r.out}`];
    const data = new Uint8Array(Buffer.from(r.hex, "hex"));
    if (r.length === 0) return [`read 0 bytes from ${r.source} at ${formatOffset(r.offset)}`]; // no text or dump to show: say so, not a blank
    // Text that ends its last line already gets no blank line after it: the shell ends each line itself.
    const text = r.dump ? undefined : textOf(data);
    return text !== undefined ? [text.replace(/\n$/, "")] : hexDump(data, r.offset);
  },
});

/** `volume` or `volume@snapshot`. All after the first "@" names the snapshot: `a@s@x` is no snapshot of a's, not a's snapshot s. */
function sourceOf(text: string): { volume: string; snapshot?: string } {
  const at = text.indexOf("@");
  return at < 0 ? { volume: text } : { volume: text.slice(0, at), snapshot: text.slice(at + 1) };
}
