// Host files a session's commands touch (save, load, audit export, vol read --out, vol write
// --file): each is its own operation at the gate (user-file.ts says which rights), never inside a
// state directory, its errors one line. Replay decides again but does not touch the file: the
// journal record says whether it failed, and how, and that failure is thrown again.

import type { Subject } from "../src/gate.js";
import type { Kernel } from "../src/kernel.js";
import { checkHostPath, hostOperation, onUserPath, type FileAccess, type UserFileError } from "../src/persistence/user-file.js";

export class HostFiles {
  replayFileError: UserFileError | undefined; // how the record being replayed failed on its file

  /** `privateDirs`: directories whose files are kshell's own, which no host-file command may reach. */
  constructor(private readonly privateDirs: readonly string[]) {}

  /** Runs `op` on `path` as `subject` through the gate; undefined while replaying a record that did not fail. */
  run<T>(
    kernel: Kernel,
    subject: Subject,
    replaying: boolean,
    file: { readonly verb: string; readonly path: string; readonly access: FileAccess; readonly sizeMax: number },
    op: () => T,
  ): T | undefined {
    const { verb, path, access, sizeMax } = file;
    return kernel.syscall(subject, hostOperation(path, access), () => {
      if (replaying && this.replayFileError !== undefined) throw this.replayFileError;
      if (replaying) return undefined;
      checkHostPath(verb, path, access, this.privateDirs, sizeMax);
      return onUserPath(verb, path, access, op);
    });
  }
}
