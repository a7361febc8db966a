import { describe, expect, it } from "vitest";
import { defineMachine, legalActions, transition, UNALLOCATED } from "../../src/state-machine.js";

const Door = { Closed: 0, Open: 1, Locked: 2 } as const;
const door = defineMachine("door", ["Closed", "Open", "Locked"], {
  open: { from: [Door.Closed], to: Door.Open },
  close: { from: [Door.Open], to: Door.Closed },
  lock: { from: [Door.Closed], to: Door.Locked },
  unlock: { from: [Door.Locked], to: Door.Closed },
});

describe("state machines as data", () => {
  it("moves along legal transitions", () => {
    expect(transition(door, "front", Door.Closed, "open")).toBe(Door.Open);
    expect(transition(door, "front", Door.Locked, "unlock")).toBe(Door.Closed);
  });

  it("refuses an illegal transition naming the state, the action and what is legal", () => {
    expect(() => transition(door, "front", Door.Locked, "open")).toThrow("cannot open door 'front': it is Locked");
    expect(() => transition(door, "front", Door.Open, "lock")).toThrow(expect.objectContaining({ code: "EBUSY", hint: "legal from Open: close" }));
  });

  it("lists the legal actions of a state", () => {
    expect(legalActions(door, Door.Closed)).toEqual(["open", "lock"]);
  });

  it("rejects a table that names an unknown state", () => {
    expect(() => defineMachine("bad", ["A"], { go: { from: [0], to: 3 } })).toThrow(/known state/);
  });
});

describe("rows that are allocated and freed", () => {
  const Row = { Open: 0, Shut: 1 } as const;
  const row = defineMachine("row", ["Open", "Shut"], {
    open: { from: [UNALLOCATED], to: Row.Open },
    shut: { from: [Row.Open], to: Row.Shut },
    free: { from: [Row.Open, Row.Shut], to: UNALLOCATED },
  });

  it("starts from UNALLOCATED and ends there", () => {
    expect(transition(row, "r", UNALLOCATED, "open")).toBe(Row.Open);
    expect(transition(row, "r", Row.Shut, "free")).toBe(UNALLOCATED);
  });

  it("names an unallocated row so in a refusal, and builds a lazy name only then", () => {
    let built = 0;
    const name = () => (built++, "r");
    expect(transition(row, name, Row.Open, "shut")).toBe(Row.Shut);
    expect(built).toBe(0);
    expect(() => transition(row, name, UNALLOCATED, "shut")).toThrow("cannot shut row 'r': it is unallocated");
    expect(built).toBe(1);
  });

  it("refuses a table with as many states as UNALLOCATED, or an action to an unknown state", () => {
    expect(() => defineMachine("huge", Array.from({ length: UNALLOCATED }, (_, i) => `s${i}`), {})).toThrow(/fewer states than UNALLOCATED/);
    expect(() => defineMachine("bad", ["A"], { go: { from: [UNALLOCATED], to: 254 } })).toThrow(/known state/);
  });
});
