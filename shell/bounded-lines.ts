// A piped run's input, with every line bounded. readline holds a line until its newline, so input
// without one (`kshell < /dev/zero`, a binary file run as a script) grew one string until V8 gave
// up ("Invalid string length"). A line over INPUT_LINE_LENGTH_MAX characters is refused anyway
// (session-line.ts): here such a line is ended as soon as it is one character over, and the rest
// of it, up to its newline, is dropped as it comes, so memory stays bounded and the refusal comes
// at once (a script stops there unless --keep-going).

import { Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { INPUT_LINE_LENGTH_MAX } from "../src/limits.js";

const KEPT = INPUT_LINE_LENGTH_MAX + 1; // enough for the session to refuse the line

export function boundedLines(): Transform {
  const decoder = new StringDecoder("utf8");
  let length = 0; // characters of the current line so far, passed on or not
  const bounded = (text: string): string => {
    let out = "";
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      const end = newline < 0 ? text.length : newline;
      const before = length;
      length += end - start;
      if (before < KEPT) out += text.slice(start, start + Math.min(end - start, KEPT - before)) + (length >= KEPT && newline < 0 ? "\n" : ""); // ended here, once over
      if (newline < 0) return out;
      if (before < KEPT || length < KEPT) out += "\n"; // a line already ended above gets no second newline
      length = 0;
      start = newline + 1;
    }
  };
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done) {
      done(null, bounded(decoder.write(chunk)));
    },
    flush(done) {
      done(null, bounded(decoder.end()));
    },
  });
}
