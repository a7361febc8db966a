// The content of live panes: `top` (every pane) and `watch <group>` draw the panes declared in
// shell/panes/ many times a second in the interactive shell, and print them once in a script
// (like top -b -n 1). Each pane is sections of a title and lines; the Ink view puts each in a box.
//
// A pane shows only what the command it mirrors would show the viewer (the audit tail needs
// CAP_AUDIT_READ as `audit tail` does): `paneDenials` decides each once when the view opens, as
// the gate would decide that command, and a denied pane shows one line saying why instead.

import { CAPABILITY_NAMES } from "../../modules/security/index.js";
import { formatSimTime } from "../../src/clock.js";
import { permissionDenied, type Enforcer, type Operation, type Subject } from "../../src/gate.js";
import type { Kernel } from "../../src/kernel.js";
import { countOf } from "../../src/units.js";
import type { Display, ParsedInput } from "../command.js";
import { operationOf } from "../operation.js";
import { PANES } from "../panes/index.gen.js";
import { fitSections, type ScrollOffsets } from "./live-fit.js";
import { filterPane } from "./live-window.js";
import { withColumns } from "./display.js";
import { PANE_SIDE_COLUMNS, type LiveSection, type PaneOptions } from "../panes/pane.js";
import type { Registry } from "../registry.js";

export type { LiveSection } from "../panes/pane.js";

const PANES_IN_ORDER = [...PANES].sort((a, b) => a.order - b.order);

/** The groups `watch` takes, in the order `top` shows them. */
export const LIVE_GROUPS = PANES_IN_ORDER.filter((p) => p.watchable).map((p) => p.group);

const NO_INPUT: ParsedInput = { args: {}, rest: [], options: {} };

/** Pane group -> the line shown in place of a pane the viewer may not see. */
export type PaneDenials = Readonly<Record<string, string>>;

/**
 * The panes of `group` that `subject` may not see, each decided as its command would be
 * (capability, rules, DAC, MAC). `watch <group>` of a denied group fails as its command would,
 * and is recorded as that command's denial: `gateCheck` asks the gate again, which audits it.
 */
export function paneDenials(registry: Registry, enforcer: Enforcer, subject: Subject, group: string, view: Kernel["view"], gateCheck?: (operation: Operation) => void): PaneDenials {
  const denials: Record<string, string> = {};
  for (const pane of PANES_IN_ORDER) {
    if (group !== "all" && group !== pane.group) continue;
    const decided = [pane.mirrors, ...(pane.alsoMirrors ?? [])].map((words) => {
      const operation = operationOf(registry.match(words).gate!, NO_INPUT, view);
      return { operation, decision: enforcer.decide(subject, operation) };
    });
    const refused = decided.find(({ decision }) => !decision.allowed);
    if (refused === undefined) continue;
    const { operation, decision } = refused;
    if (group !== "all") {
      gateCheck?.(operation); // throws the gate's EPERM once the denial is in the trail
      throw permissionDenied(subject, operation, decision, enforcer);
    }
    const capability = decision.layer === "capability" && operation.capability !== undefined ? CAPABILITY_NAMES[operation.capability] : undefined;
    denials[pane.group] = capability !== undefined ? `${pane.group}: needs ${capability}` : `${pane.group}: denied by ${decision.layer}: ${decision.reason}`;
  }
  return denials;
}

export interface LiveSnapshot {
  readonly group: string;
  readonly nowMs: number;
  readonly header: string;
  readonly sections: readonly LiveSection[];
}

/** The simulated time in whole seconds, as the prompt shows it. */
export function wholeSeconds(ms: number): string {
  return formatSimTime(ms).slice(0, -2);
}

/** What the interactive view adds to a pane's options: the terminal's width, a sortable pane's order, each pane's filter (by pane title). */
export type PaneControlOptions = Pick<PaneOptions, "columns" | "sort" | "mayRead" | "suChain"> & { readonly filters?: PaneFilters };

/** Pane title -> the text its rows must contain (the live view's `/`). */
export type PaneFilters = Readonly<Record<string, string>>;

/** What `subject` may read of each object's own figures (a container's usage), decided as the gate decides a read: panes leave out the rest, as `ctr stats` does. */
export function paneReader(enforcer: Enforcer, subject: Subject): NonNullable<PaneOptions["mayRead"]> {
  return (operation) => enforcer.permits(subject, operation); // a filter of rows, not a decision: no rule hit counted (top redraws it every second)
}

/** The columns of the first sortable pane `group` shows (the live view's `s` cycles them); empty when none is. */
export function sortKeysOf(group: string): readonly string[] {
  return PANES_IN_ORDER.find((pane) => (group === "all" || group === pane.group) && pane.sortKeys !== undefined)?.sortKeys ?? [];
}


/** The panes' content now; `clock` spells the header's time (tenths by default). */
export function liveSnapshot(view: Kernel["view"], group: string, d: Display, denials: PaneDenials, tailLines = 8, controls: PaneControlOptions = {}, clock = formatSimTime): LiveSnapshot {
  const a = view.audit.stats();
  const header = `kshell ${group === "all" ? "top" : `watch ${group}`}  ${clock(view.nowMs)}  audit ${a.retained}/${a.capacity}, ${a.recorded} recorded, ${a.lost} lost, ${countOf(a.alerts, "audit alert")}`; // audit entries routed as alerts: not the cluster's
  const { filters = {}, ...rest } = controls;
  const options = { alone: group !== "all", tailLines, ...rest };
  const inside = controls.columns === undefined ? d : withColumns(d, controls.columns - PANE_SIDE_COLUMNS); // tables fit the box, not the terminal
  // Each pane is drawn only when allowed: a denied one costs nothing per redraw.
  const sections = PANES_IN_ORDER.filter((pane) => group === "all" || group === pane.group).flatMap((pane) => {
    const denied = denials[pane.group];
    const filter = filters[pane.title] ?? "";
    const drawn = denied === undefined ? pane.sections(view, inside, { ...options, filter }) : [{ title: pane.title, lines: [denied] }];
    const owner = { title: pane.title, command: pane.watchable ? `watch ${pane.group}` : pane.mirrors.join(" ") };
    return (denied === undefined ? filterPane(drawn, filter) : drawn).map((section) => ({ ...section, pane: owner }));
  });
  return { group, nowMs: view.nowMs, header, sections };
}

/** What `top --json` and `watch <group> --json` print: the panes' figures as the kernel keeps them, a denied pane as why. */
export interface LiveData {
  readonly group: string;
  readonly nowMs: number;
  readonly audit: ReturnType<Kernel["view"]["audit"]["stats"]>;
  readonly panes: Readonly<Record<string, unknown>>;
}

export function liveData(view: Kernel["view"], group: string, denials: PaneDenials, tailLines = 8, controls: PaneControlOptions = {}): LiveData {
  const { filters: _unused, ...rest } = controls; // the data is whole: a filter only hides rows on screen
  const options = { alone: group !== "all", tailLines, ...rest };
  const panes: Record<string, unknown> = {};
  for (const pane of PANES_IN_ORDER) {
    if (group !== "all" && group !== pane.group) continue;
    const denied = denials[pane.group];
    panes[pane.group] = denied === undefined ? pane.data(view, options) : { denied };
  }
  return { group, nowMs: Math.round(view.nowMs), audit: view.audit.stats(), panes };
}

/**
 * A snapshot that serialises as its figures: `--json` stringifies what `run` returned, and a
 * frame's display strings ("1.0G", bars) are no data to script against (like top -b -n 1, once).
 */
export function withLiveData(snapshot: LiveSnapshot, data: () => LiveData): LiveSnapshot {
  return Object.defineProperty(snapshot, "toJSON", { value: data, enumerable: false });
}

export function renderLiveSnapshot(s: LiveSnapshot, d: Display): string[] {
  return [d.chalk.bold(s.header), ...s.sections.flatMap((section) => [d.chalk.bold(section.title), ...section.lines])];
}

// Header, key help, a margin. A frame must stay shorter than the terminal: one as tall as the
// screen makes Ink clear the whole terminal, scrollback included, before each redraw.
const CHROME_LINES = 4;

/** What the interactive live view draws: the header, the sections that fit the terminal, and which panes did not. */
export interface LiveFrame {
  readonly header: string;
  readonly sections: readonly LiveSection[];
  /** Panes without room for a box, a line each ("audit tail · 5 more: …"). */
  readonly lines: readonly string[];
  /** "+2 panes: watch net, watch audit" when some panes could not fit; empty when all did. */
  readonly hidden: string;
}

/**
 * `snapshot` fitted to `rows` terminal lines (display/live-fit.ts), sharing what did not change
 * with `previous`: the same frame object when nothing shown changed (the view then commits
 * nothing, so Ink draws nothing), and each unchanged section's object otherwise (its memoised
 * pane skips rendering).
 */
export function nextLiveFrame(previous: LiveFrame | undefined, snapshot: LiveSnapshot, rows: number, offsets: ScrollOffsets = {}): LiveFrame {
  const fitted = fitSections(snapshot.sections, rows - CHROME_LINES, offsets);
  let changed = previous === undefined || previous.header !== snapshot.header || previous.hidden !== fitted.hidden || previous.sections.length !== fitted.sections.length || !sameLines(previous.lines, fitted.lines);
  const shown = fitted.sections.map((section, at) => {
    const before = previous?.sections[at];
    const same = before !== undefined && before.title === section.title && before.more === section.more && before.above === section.above && sameFigures(before, section) && sameLines(before.lines, section.lines);
    changed ||= !same;
    return same ? before : section;
  });
  if (!changed) return previous!;
  return { header: snapshot.header, sections: shown, lines: fitted.lines, hidden: fitted.hidden };
}

/** The same filter counts and scroll window: the title and the keys' limits unchanged. */
function sameFigures(a: LiveSection, b: LiveSection): boolean {
  const fa = a.filter;
  const fb = b.filter;
  const sa = a.scroll;
  const sb = b.scroll;
  const sameFilter = fa === fb || (fa !== undefined && fb !== undefined && fa.text === fb.text && fa.shown === fb.shown && fa.of === fb.of);
  const sameScroll = sa === sb || (sa !== undefined && sb !== undefined && sa.offset === sb.offset && sa.maxOffset === sb.maxOffset && sa.page === sb.page);
  return sameFilter && sameScroll && a.pane?.title === b.pane?.title;
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
