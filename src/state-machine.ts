// State machines as data. A subsystem declares its states (small integers with names) and one
// table of actions, each naming the states it may start from and the state it leads to.
// `transition()` is the only way a state changes, so the prose, the table and the code agree;
// an illegal move names the object, its state, the action and the actions that are legal.
// A table whose rows are allocated and freed may use UNALLOCATED as a state to start from (the
// object's first action) or lead to (its last), the value its state column holds while free.

import { assert } from "./assert.js";
import { fail } from "./errors.js";

/** The state of a row that holds no object (a free slot): where a first action starts, a last one leads. */
export const UNALLOCATED = 255;

export interface TransitionRule {
  readonly from: readonly number[];
  readonly to: number;
}

export interface StateMachine<A extends string> {
  readonly kind: string;
  readonly stateNames: readonly string[];
  readonly actions: Readonly<Record<A, TransitionRule>>;
}

export function defineMachine<A extends string>(
  kind: string,
  stateNames: readonly string[],
  actions: Record<A, TransitionRule>,
): StateMachine<A> {
  const known = (state: number) => (state >= 0 && state < stateNames.length) || state === UNALLOCATED;
  assert(stateNames.length < UNALLOCATED, `${kind} has fewer states than UNALLOCATED`);
  for (const [action, rule] of Object.entries(actions) as [string, TransitionRule][]) {
    assert(known(rule.to), `${kind}.${action} leads to a known state`);
    for (const from of rule.from) assert(known(from), `${kind}.${action} starts from a known state`);
  }
  return { kind, stateNames, actions };
}

/** The actions legal from `state`, in declaration order. */
export function legalActions<A extends string>(machine: StateMachine<A>, state: number): A[] {
  return (Object.keys(machine.actions) as A[]).filter((action) => machine.actions[action].from.includes(state));
}

/**
 * Returns the state `action` leads to from `state`, or fails with EBUSY naming what is legal.
 * `objectName` may be a function, so a hot path builds the name only when the move is refused.
 */
export function transition<A extends string>(machine: StateMachine<A>, objectName: string | (() => string), state: number, action: A): number {
  const rule = machine.actions[action];
  assert(rule !== undefined, `${machine.kind} has an action '${action}'`);
  if (rule.from.includes(state)) return rule.to;
  const legal = legalActions(machine, state);
  const name = typeof objectName === "string" ? objectName : objectName();
  const stateName = stateNameOf(machine, state);
  return fail(
    "EBUSY",
    `cannot ${action} ${machine.kind} '${name}': it is ${stateName}`,
    legal.length > 0 ? `legal from ${stateName}: ${legal.join(", ")}` : `nothing is legal from ${stateName}`,
  );
}

function stateNameOf(machine: StateMachine<string>, state: number): string {
  return state === UNALLOCATED ? "unallocated" : (machine.stateNames[state] ?? `state ${state}`);
}
