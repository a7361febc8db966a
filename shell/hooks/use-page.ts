// The interactive shell's pager: a help page taller than the terminal goes through less (or the
// user's PAGER) while Ink waits, or, with no pager program, opens the page view
// (components/PageView.tsx) on the alternate screen, as man does, instead of scrolling the page
// past the top; leaving either brings the prompt's screen back as it was.

import { useStdout } from "ink";
import { useCallback, useState } from "react";
import { interactivePager } from "../pager.js";
import { runPagerCommandNow } from "../run-pager.js";
import type { Outcome } from "../session.js";
import type { AlternateScreen } from "./use-alternate-screen.js";

export interface PageControl {
  /** The page shown, if any: its lines laid out for the terminal's width now. */
  readonly page: (() => readonly string[]) | undefined;
  /** Whether this outcome's lines go to the page view rather than above the prompt. */
  readonly paged: (outcome: Outcome) => boolean;
  /** Opens the page view for an outcome `paged` said yes to; false for any other. */
  readonly open: (outcome: Outcome) => boolean;
  readonly close: () => void;
}

export function usePage(screen: AlternateScreen): PageControl {
  const { stdout } = useStdout();
  const [page, setPage] = useState<{ readonly layout: () => readonly string[] } | undefined>(undefined);
  const pagerOf = useCallback((outcome: Outcome) => (outcome.page === undefined ? undefined : interactivePager(outcome.lines.length, stdout.rows, process.env, stdout.isTTY === true)), [stdout]);
  const paged = useCallback((outcome: Outcome) => (pagerOf(outcome)?.kind ?? "none") !== "none", [pagerOf]);
  const open = useCallback(
    (outcome: Outcome) => {
      const pager = pagerOf(outcome);
      if (pager === undefined || pager.kind === "none") return false;
      if (pager.kind === "command" && runPagerCommandNow(pager, `${outcome.lines.join("\n")}\n`)) return true;
      screen.enter();
      setPage({ layout: outcome.page! });
      return true;
    },
    [pagerOf, screen.enter],
  );
  const close = useCallback(() => {
    setPage(undefined);
    screen.leave();
  }, [screen.leave]);
  return { page: page?.layout, paged, open, close };
}
