// State machines as data. A subsystem declares its states (small integers with names) and one
// table of actions, each naming the states it may start from and the state it leads to.
// `transition()` is the only way a state changes, so the prose, the table and the code agree;
// an illegal move names the object, its state, the action and the actions that are legal.

import { assert } from "./assert.js";
import { fail } from "./errors.js";

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
  for (const [action, rule] of Object.entries(actions) as [string, TransitionRule][]) {
    assert(rule.to >= 0 && rule.to < stateNames.length, `${kind}.${action} leads to a known state`);
    for (const from of rule.from) assert(from >= 0 && from < stateNames.length, `${kind}.${action} starts from a known state`);
  }
  return { kind, stateNames, actions };
}

/** The actions legal from `state`, in declaration order. */
export function legalActions<A extends string>(machine: StateMachine<A>, state: number): A[] {
  return (Object.keys(machine.actions) as A[]).filter((action) => machine.actions[action].from.includes(state));
}

/** Returns the state `action` leads to from `state`, or fails with EBUSY naming what is legal. */
export function transition<A extends string>(machine: StateMachine<A>, objectName: string, state: number, action: A): number {
  const rule = machine.actions[action];
  assert(rule !== undefined, `${machine.kind} has an action '${action}'`);
  if (rule.from.includes(state)) return rule.to;
  const legal = legalActions(machine, state);
  return fail(
    "EBUSY",
    `cannot ${action} ${machine.kind} '${objectName}': it is ${machine.stateNames[state]}`,
    legal.length > 0 ? `legal from ${machine.stateNames[state]}: ${legal.join(", ")}` : `nothing is legal from ${machine.stateNames[state]}`,
  );
}
