// The journal of a session without a state directory, kept in memory only so a command a kernel
// bug stopped can be undone: the kernel is rebuilt from the last snapshot kept here (none: fresh
// from the seed) plus the acknowledged commands since, exactly as a state directory's kernel is
// rebuilt at boot. It keeps the same shape as the store (read, append, compact) so the session
// treats both alike.
//
// The snapshot is kept as JSON text, as a state directory keeps it on disk: what comes back is
// what a reload would see, and nothing the live kernel holds is shared with it. Compaction costs a
// snapshot (~8 ms with a full audit ring), so it comes rarely: past ROLLBACK_RECORD_MAX records or
// ROLLBACK_JOURNAL_BYTES_MAX bytes of journaled lines and payloads, which also bound the memory
// and the time an undo takes.
//
// Every command is appended and almost none is ever read back (only an undo reads), so a record
// keeps the command's words as they came and is quoted into its line only when read, and keeps
// its payload (the bytes vol write --file read) by reference, never copied: nothing changes those
// bytes once read. Its bytes are counted as the words, the spaces between them (the quotes a line
// may need are not) and the payload.

import type { KernelSnapshot } from "../src/kernel.js";
import { ROLLBACK_JOURNAL_BYTES_MAX, ROLLBACK_RECORD_MAX } from "../src/limits.js";
import type { JournalEntry, ReplayEntry } from "../src/persistence/journal-records.js";
import { quoteWords } from "./quote.js";

/** A journaled command as kept: its words, quoted into a line when read. */
interface KeptRecord {
  readonly t: number;
  readonly user: string;
  readonly words: readonly string[];
  readonly failed: JournalEntry["failed"];
  readonly payload: Uint8Array | undefined;
  readonly endBytes: number; // the bytes counted up to the end of this record
}

export class MemoryJournal {
  readonly snapshotPath = "the session's memory";
  readonly journalPath = "the session's memory";
  private snapshotText: string | undefined;
  private entries: KeptRecord[] = [];
  private bytes = 0;

  readSnapshot(): KernelSnapshot | undefined {
    return this.snapshotText === undefined ? undefined : (JSON.parse(this.snapshotText) as KernelSnapshot);
  }

  readJournal(): ReplayEntry[] {
    return this.entries.map(({ t, user, words, failed, payload, endBytes }) => {
      const entry = { t, user, line: quoteWords(words), endBytes, ...(failed === undefined ? {} : { failed }) };
      return payload === undefined ? entry : { ...entry, payload: () => payload };
    });
  }

  /** What `user` ran at `t` (how its host file failed, or the bytes it read); `words` and `payload` are kept, not copied. */
  append(t: number, user: string, words: readonly string[], failed?: JournalEntry["failed"], payload?: Uint8Array): void {
    let bytes = words.length - 1 + (payload?.length ?? 0);
    for (const word of words) bytes += word.length;
    this.bytes += bytes;
    this.entries.push({ t, user, words, failed, payload, endBytes: this.bytes });
  }

  /** Whether the records kept call for a compaction (beside the store's own JOURNAL_RECORD_MAX, not applied here). */
  full(): boolean {
    return this.entries.length >= ROLLBACK_RECORD_MAX || this.bytes >= ROLLBACK_JOURNAL_BYTES_MAX;
  }

  compact(snapshot: KernelSnapshot): void {
    this.snapshotText = JSON.stringify(snapshot);
    this.entries = [];
    this.bytes = 0;
  }
}
