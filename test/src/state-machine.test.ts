import { describe, expect, it } from "vitest";
import { defineMachine, legalActions, transition } from "../../src/state-machine.js";

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
