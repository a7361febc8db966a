import { describe, expect, it } from "vitest";
import { commonPrefix, complete } from "../../shell/complete.js";
import { edit, EMPTY_LINE, searchHistory, setText, walkHistory, type EditKey } from "../../shell/line-editor.js";
import { keysOf } from "../../shell/keys.js";
import { ok, newSession } from "../helpers.js";

function typed(text: string, ...keys: EditKey["kind"][]) {
  let state = setText(EMPTY_LINE, text);
  for (const kind of keys) state = edit(state, { kind } as EditKey);
  return state;
}

describe("line editing", () => {
  it.each([
    [["left", "left", "backspace"], "vol crete", 7],
    [["home", "kill-to-end"], "", 0],
    [["left", "left", "left", "kill-to-start"], "ate", 0],
    [["kill-word"], "vol ", 4],
    [["home", "right", "backspace"], "ol create", 0],
    [["end", "right"], "vol create", 10],
  ] as [EditKey["kind"][], string, number][])("applies %j", (keys, text, cursor) => {
    expect(typed("vol create", ...keys)).toMatchObject({ text, cursor });
  });

  it("inserts at the cursor", () => {
    const state = edit(typed("vl", "left"), { kind: "insert", text: "o" });
    expect(state).toMatchObject({ text: "vol", cursor: 2 });
  });

  it("walks history up and down, keeping the draft", () => {
    const history = ["status", "audit query"];
    let state = setText(EMPTY_LINE, "ec");
    state = walkHistory(state, history, -1);
    expect(state.text).toBe("audit query");
    state = walkHistory(state, history, -1);
    expect(state.text).toBe("status");
    state = walkHistory(state, history, -1);
    expect(state.text).toBe("status");
    state = walkHistory(walkHistory(state, history, 1), history, 1);
    expect(state.text).toBe("ec");
  });

  it("searches history backwards like Ctrl-R", () => {
    const history = ["status", "audit query", "audit stats", "echo hi"];
    expect(searchHistory(history, "audit")).toBe(2);
    expect(searchHistory(history, "audit", 2)).toBe(1);
    expect(searchHistory(history, "nothing")).toBeUndefined();
  });

  it("splits a chunk of typed keys so Enter and Tab inside it act", () => {
    const keys = keysOf("status\r");
    expect(keys.map(([input, key]) => [input, key.return])).toEqual([
      ["status", false],
      ["", true],
    ]);
    expect(keysOf("\x15top").map(([input, key]) => [input, key.ctrl])).toEqual([
      ["u", true],
      ["top", false],
    ]);
  });
});

describe("completion", () => {
  const session = newSession();
  const candidates = (line: string) => complete(line, session.registry, session.kernel.view).candidates;

  it("completes groups, verbs, options and option values", () => {
    expect(candidates("au")).toEqual(["audit"]);
    expect(candidates("audit ")).toContain("query");
    expect(candidates("audit fi")).toEqual(["filter"]);
    expect(candidates("audit filter ")).toEqual(["add", "del", "list"]);
    expect(candidates("audit query --le")).toEqual(["--level"]);
    expect(candidates("audit query --level w")).toEqual(["warning"]);
    expect(candidates("clock ")).toEqual(["speed"]);
    expect(candidates("help au")).toEqual(["audit"]);
    expect(candidates("watch ")).toEqual(["audit", "cluster", "ctr", "net", "pod", "sec", "vol"]);
  });

  it("completes live object names", () => {
    ok(session, "audit filter add --effect keep; audit filter add --effect drop --level debug --max-level debug");
    ok(session, "audit compliance add soc2 --rule denies-recorded");
    expect(candidates("audit filter del ")).toEqual(["1", "2"]);
    expect(candidates("audit compliance del s")).toEqual(["soc2"]);
  });

  it("finds the common prefix of several candidates", () => {
    expect(commonPrefix(["compliance", "complete"])).toBe("compl");
    expect(commonPrefix([])).toBe("");
  });
});
