// The su stack: the users a session was before each `su`, innermost last. `su` enters (pushes the
// current user), `exit` leaves (pops back to it), like leaving su's shell; bounded so a script
// cannot nest without end.

import { fail } from "../src/errors.js";
import type { Subject } from "../src/gate.js";
import { SU_DEPTH_MAX } from "../src/limits.js";

export class SuStack {
  private readonly outerSubjects: Subject[] = [];

  /** Keeps `current` to come back to; EBUSY past the depth limit. */
  enter(current: Subject): void {
    if (this.outerSubjects.length === SU_DEPTH_MAX) fail("EBUSY", `su is nested ${SU_DEPTH_MAX} deep`, "exit first");
    this.outerSubjects.push(current);
  }

  /** The user the innermost su left, or undefined when no su is open. */
  leave(): Subject | undefined {
    return this.outerSubjects.pop();
  }

  /** Who is su'd to whom: the user each open su left, outermost first, then `current`. */
  chain(current: Subject): string[] {
    return [...this.outerSubjects.map((subject) => subject.name), current.name];
  }

  /** Names each user an open su left, and `current`, by uid as `nameOfUid` says now (a user removed or added since); returns `current` so named. */
  rename(current: Subject, nameOfUid: (uid: number) => string): Subject {
    const renamed = (subject: Subject): Subject => (nameOfUid(subject.uid) === subject.name ? subject : { ...subject, name: nameOfUid(subject.uid) });
    for (let i = 0; i < this.outerSubjects.length; i++) this.outerSubjects[i] = renamed(this.outerSubjects[i]!);
    return renamed(current);
  }

  /** Forgets every open su (the journal's su shells ended with the session that ran them). */
  clear(): void {
    this.outerSubjects.length = 0;
  }
}
