// The generations of a session's chunk store. Each kernel a `load` or `reset` brings starts in a
// folder of its own (chunks, chunks.1, chunks.2 ... under the state directory), so the bytes the
// last snapshot names are never touched before the snapshot that replaces it commits; then the
// other generations go. Without a state directory the generations live in a private temporary
// folder removed when the process exits (or in memory, for unit tests).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChunkHost } from "./chunk-host.js";

const FIRST = "chunks";
const GENERATION = /^chunks(\.(\d+))?$/;

export class ChunkFolders {
  private readonly hosts = new Map<string, ChunkHost>(); // by generation: one host (and cache) per folder, and memory hosts keep their bytes

  /** `root`: the folder the generations are in (undefined: memory). */
  private constructor(readonly root: string | undefined) {}

  static inMemory(): ChunkFolders {
    return new ChunkFolders(undefined);
  }

  /** Generations under a state directory. */
  static under(dir: string): ChunkFolders {
    return new ChunkFolders(dir);
  }

  /**
   * Generations in a private folder of the system's temporary directory, removed at exit, and when
   * SIGTERM or SIGHUP ends the process (then the signal is raised again, so it ends as it would
   * have). SIGKILL leaves the folder behind: nothing runs then.
   */
  static temporary(): ChunkFolders {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kshell-"));
    const remove = () => fs.rmSync(root, { recursive: true, force: true });
    process.once("exit", remove);
    for (const signal of ["SIGTERM", "SIGHUP"] as const) {
      process.once(signal, () => {
        remove();
        process.kill(process.pid, signal);
      });
    }
    return new ChunkFolders(root);
  }

  /** Where the files of generation `name` are, for people to list (undefined in memory). */
  pathOf(name: string): string | undefined {
    return this.root === undefined ? undefined : path.join(this.root, name);
  }

  /** The host of the generation a snapshot names (the first when it names none). */
  open(name: string | undefined): ChunkHost {
    const generation = name !== undefined && GENERATION.test(name) ? name : FIRST;
    let host = this.hosts.get(generation);
    if (host === undefined) {
      host = this.root === undefined ? ChunkHost.inMemory(generation) : ChunkHost.inFolder(path.join(this.root, generation), generation);
      this.hosts.set(generation, host);
    }
    return host;
  }

  /** A host in a generation no folder holds yet, after `current`. */
  fresh(current: ChunkHost): ChunkHost {
    let number = generationNumber(current.generation) + 1;
    while (this.hosts.has(`${FIRST}.${number}`) || (this.root !== undefined && fs.existsSync(path.join(this.root, `${FIRST}.${number}`)))) number++;
    return this.open(`${FIRST}.${number}`);
  }

  /** Removes every generation's folder but `kept`'s (its snapshot has committed). */
  keepOnly(kept: ChunkHost): void {
    for (const generation of [...this.hosts.keys()]) if (generation !== kept.generation) this.hosts.delete(generation);
    if (this.root === undefined) return;
    for (const name of fs.readdirSync(this.root)) {
      if (GENERATION.test(name) && name !== kept.generation) fs.rmSync(path.join(this.root, name), { recursive: true, force: true });
    }
  }
}

function generationNumber(name: string): number {
  const match = GENERATION.exec(name);
  return match?.[2] === undefined ? 0 : Number(match[2]);
}
