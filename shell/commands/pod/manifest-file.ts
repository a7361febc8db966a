// The manifest `pod apply -f` reads: a host file read through the session's host-file gate
// (CAP_DAC_READ_SEARCH, regular files only, at most MANIFEST_BYTES_MAX), its bytes journaled
// after the record so replay applies what was read then, not what the file holds now.

import { assert } from "../../../src/assert.js";
import { fail } from "../../../src/errors.js";
import { MANIFEST_BYTES_MAX } from "../../../src/limits.js";
import { readRegularFile } from "../../../src/persistence/user-file.js";
import type { InputOptions, SessionControl } from "../../command.js";

const UTF8_STRICT = new TextDecoder("utf-8", { fatal: true });

// What each apply read, for its journal record (one entry per live input, gone with it).
const bytesRead = new WeakMap<InputOptions, Uint8Array>();

/** The manifest's text: read now, or on replay the bytes the journal kept. */
export function manifestText(input: InputOptions, path: string, session: SessionControl): string {
  if (path === "") fail("EINVAL", "pod apply: -f needs a file", "pod apply -f web.yaml");
  const read = session.userFile("read", path, "read", () => readRegularFile(path, MANIFEST_BYTES_MAX), MANIFEST_BYTES_MAX);
  const bytes = read ?? session.replayPayload;
  assert(bytes !== undefined, "replay takes a manifest's bytes from the journal"); // a failed read replays as its error
  bytesRead.set(input, bytes);
  try {
    return UTF8_STRICT.decode(bytes);
  } catch {
    return fail("EINVAL", `error parsing ${path}: the file is not UTF-8 text`);
  }
}

/** The bytes an apply read, journaled raw after its record. */
export function manifestPayload(input: InputOptions): Uint8Array | undefined {
  return bytesRead.get(input);
}
