// The prompt's pure pieces: key sequences decoded, the kill ring, history expansion, `;` and `&&`.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expandHistory } from "../../shell/history.js";
import { keysOf } from "../../shell/keys.js";
import { edit, EMPTY_LINE, setText, type EditKey } from "../../shell/line-editor.js";
import { tokenizeChain } from "../../shell/tokenize.js";
import { failure, kshell, newSession } from "../helpers.js";

describe("key sequences", () => {
  const decoded = (sequence: string) =>
    keysOf(sequence).map(([input, key]) => [input, ...Object.entries(key).filter(([, on]) => on === true).map(([name]) => name)].join(" ").trim());

  it.each([
    ["\x7f", ["backspace"]],
    ["\b", ["backspace"]],
    ["\x1b[3~", ["delete"]],
    ["\x1b[D", ["leftArrow"]],
    ["\x1b[1;5D", ["leftArrow ctrl"]],
    ["\x1b[1;5C", ["rightArrow ctrl"]],
    ["\x1b[1;3D", ["leftArrow meta"]],
    ["\x1bOH", ["home"]],
    ["\x1b[4~", ["end"]],
    ["\x1bb", ["b meta"]],
    ["\x1bf", ["f meta"]],
    ["\x1b\x7f", ["backspace meta"]],
    ["\x1b", ["escape"]],
    ["\x04", ["d ctrl"]],
    ["\x0c", ["l ctrl"]],
    ["status\r", ["status", "return"]],
    ["aud\t", ["aud", "tab"]],
    ["\x1b[15~", []], // F5: no use at the prompt, and not typed as text
  ])("%j", (sequence, keys) => {
    expect(decoded(sequence)).toEqual(keys);
  });
});

describe("the kill ring", () => {
  const after = (text: string, ...kinds: EditKey["kind"][]) => kinds.reduce((state, kind) => edit(state, { kind } as EditKey), setText(EMPTY_LINE, text));

  it("adds kills in a row, backward ones in front, as readline does", () => {
    expect(after("echo a b c", "kill-word", "kill-word").killed).toBe("b c");
    expect(after("echo a b c", "home", "kill-word-forward", "kill-word-forward").killed).toBe("echo a");
    expect(after("echo a b c", "word-left", "kill-to-end", "kill-word-back").killed).toBe("b c");
  });

  it("starts afresh after any other key", () => {
    expect(after("echo a b c", "kill-word", "left", "kill-word").killed).toBe("b");
  });

  it("keeps the cursor on the line and the text a rearrangement of what was typed, whatever the keys", () => {
    const kinds: EditKey["kind"][] = ["left", "right", "home", "end", "word-left", "word-right", "backspace", "delete", "transpose", "kill-to-end", "kill-to-start", "kill-word", "kill-word-back", "kill-word-forward", "yank"];
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(fc.constantFrom(...kinds), { maxLength: 30 }), (text, keys) => {
        let state = setText(EMPTY_LINE, text);
        for (const kind of keys) {
          const next = edit(state, { kind } as EditKey);
          expect(next.cursor).toBeGreaterThanOrEqual(0);
          expect(next.cursor).toBeLessThanOrEqual(next.text.length);
          if (kind === "transpose" || kind.startsWith("word") || ["left", "right", "home", "end"].includes(kind)) expect([...next.text].sort()).toEqual([...state.text].sort());
          if (kind.startsWith("kill")) expect(next.killed).toContain(state.text.slice(next.cursor, next.cursor + state.text.length - next.text.length)); // what went is yankable
          state = next;
        }
      }),
    );
  });
});

describe("history expansion", () => {
  const history = ["vol create db --size 64M", "echo hi", "vol list"];

  it.each([
    ["!!", "vol list"],
    ["!vol", "vol list"],
    ["!echo", "echo hi"],
    ["!! --json", "vol list --json"],
    ["echo !!", "echo vol list"],
    ["echo hi!", "echo hi!"], // ! at the end: left alone
    ["echo '!!'", "echo '!!'"], // single quotes keep it
    ["echo \\!!", "echo \\!!"], // so does a backslash
    ["echo a != b", "echo a != b"], // ! then a blank or =: left alone
    ["status", "status"],
  ])("%s -> %s", (line, expanded) => {
    expect(expandHistory(line, history)).toBe(expanded);
  });

  it("says which event it did not find", () => {
    expect(failure(() => expandHistory("!net", history))).toEqual({ code: "EINVAL", message: "!net: event not found" });
    expect(failure(() => expandHistory("!!", []))).toEqual({ code: "EINVAL", message: "!!: event not found" });
  });
});

describe("; and &&", () => {
  it("splits a line into commands, marking those && joins", () => {
    expect(tokenizeChain("a 1; b && c 'x && y' && d;e")).toEqual([
      { words: ["a", "1"], afterSuccess: false },
      { words: ["b"], afterSuccess: false },
      { words: ["c", "x && y"], afterSuccess: true },
      { words: ["d"], afterSuccess: true },
      { words: ["e"], afterSuccess: false },
    ]);
    expect(tokenizeChain("echo a&b")).toEqual([{ words: ["echo", "a&b"], afterSuccess: false }]);
  });

  it("refuses && with nothing on one side", () => {
    expect(failure(() => tokenizeChain("&& echo")).message).toMatch(/syntax error near '&&'/);
    expect(failure(() => tokenizeChain("echo a &&")).message).toMatch(/nothing after '&&'/);
  });

  it("skips what && joins to a failure, in a session", () => {
    const session = newSession();
    const ran: string[] = [];
    session.executeEach("bogus && echo skipped && echo skipped2; echo ran", (outcome) => {
      ran.push(outcome.ok ? outcome.lines.join() : "failed");
      return true;
    });
    expect(ran).toEqual(["failed", "ran"]);
  });

  it("keeps scripts stopping at the first failure; --keep-going runs on, skipping what && joins", () => {
    const script = "echo one; bogus; echo two\nbogus && echo three\necho four\n";
    const stopped = kshell([], script);
    expect([stopped.status, stopped.stdout]).toEqual([1, "one\n"]);
    const kept = kshell(["--keep-going"], script);
    expect([kept.status, kept.stdout]).toEqual([1, "one\ntwo\nfour\n"]);
  });
});
