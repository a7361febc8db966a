// The text forms of `ctr run`'s restart policy and probes (shell/commands/ctr/spec-text.ts): legal
// forms and their typed values, Kubernetes' defaults, and every way to get one wrong, from tables
// and from generated values.

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseProbe, parseRestart } from "../../shell/commands/ctr/spec-text.js";

describe("restart policy text", () => {
  it.each([
    ["no", { policy: "no" }],
    ["always", { policy: "always" }],
    ["unless-stopped", { policy: "unless-stopped" }],
    ["on-failure", { policy: "on-failure" }],
    ["on-failure:3", { policy: "on-failure", maxRetries: 3 }],
    ["ON-FAILURE:1", { policy: "on-failure", maxRetries: 1 }],
  ])("%j is %j", (text, expected) => {
    expect(parseRestart(text)).toEqual(expected);
  });

  it.each([
    ["sometimes", /^bad --restart 'sometimes'$/],
    ["always:3", /^bad --restart 'always:3'$/],
    ["on-failure:0", /out of range \(1\.\.100\)/],
    ["on-failure:x", /expected a whole number/],
    ["on-failure:1:2", /^bad --restart/],
    ["", /^bad --restart/],
  ])("refuses %j", (text, error) => {
    expect(() => parseRestart(text)).toThrow(error);
  });
});

describe("probe text", () => {
  const defaults = { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 };
  it.each([
    ["http 80", { kind: "http", port: 80, path: "/", ...defaults }],
    ["http 80 /healthz period=5s failure=2", { kind: "http", port: 80, path: "/healthz", ...defaults, periodMs: 5000, failureThreshold: 2 }],
    ["tcp 6379 delay=3s timeout=2s", { kind: "tcp", port: 6379, ...defaults, initialDelayMs: 3000, timeoutMs: 2000 }],
    ["exec cat /tmp/healthy success=2", { kind: "exec", command: "cat /tmp/healthy", ...defaults, successThreshold: 2 }],
    ["  HTTP   8080  ", { kind: "http", port: 8080, path: "/", ...defaults }],
  ])("%j is %j", (text, expected) => {
    expect(parseProbe(text, "--liveness")).toEqual(expected);
  });

  it.each([
    ["", /starts with http, tcp or exec/],
    ["grpc 80", /starts with http, tcp or exec/],
    ["http", /http needs a port/],
    ["tcp", /tcp needs a port/],
    ["exec", /exec needs a command/],
    ["http 0", /port 0 is out of range \(1\.\.65535\)/],
    ["http 70000", /out of range/],
    ["http eighty", /expected a whole number/],
    ["http 80 healthz", /path 'healthz': it starts with \//],
    ["http 80 / extra", /unexpected 'extra'/],
    ["tcp 80 /x", /unexpected '\/x'/],
    ["http 80 period=soon", /bad --liveness period 'soon'/],
    ["http 80 period=0s", /period must be longer than 0s/],
    ["http 80 failure=0", /failure 0 is out of range/],
    ["http 80 every=5s", /bad --liveness field 'every'/],
  ])("refuses %j", (text, error) => {
    expect(() => parseProbe(text, "--liveness")).toThrow(error);
  });

  test.prop([fc.constantFrom("http", "tcp"), fc.integer({ min: 1, max: 65_535 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 100 })])(
    "any port, period and threshold round-trip",
    (kind, port, periodS, failure) => {
      const probe = parseProbe(`${kind} ${port} period=${periodS}s failure=${failure}`, "--readiness");
      expect(probe).toMatchObject({ kind, port, periodMs: periodS * 1000, failureThreshold: failure, timeoutMs: 1000 });
    },
  );

  test.prop([fc.string()])("any text is a probe or one EINVAL line, never a crash", (text) => {
    try {
      parseProbe(text, "--startup");
    } catch (error) {
      expect((error as { code?: string }).code).toBe("EINVAL");
      expect(String((error as Error).message)).not.toContain("\n");
    }
  });
});
