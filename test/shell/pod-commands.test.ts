// The pod commands through a session: parsing (-f, -o wide, -c, --tail), apply's outcomes in
// kubectl's words (created, unchanged, configured), a bad manifest refused in one line that names
// the field and applies nothing, list/show/logs/delete as kubectl shows them, the manifest kept in
// the journal so replay applies what was read, the gate (CAP_SYS_ADMIN), completion.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { complete } from "../../shell/complete.js";
import { parseCommand } from "../../shell/parse.js";
import type { Session } from "../../shell/session.js";
import { tokenize } from "../../shell/tokenize.js";
import { newSession, ok, ROOT_DIR, tempDir } from "../helpers.js";

const PODS = join(ROOT_DIR, "test", "scenarios", "pods");

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

/** A manifest file in a scratch folder. */
function manifest(text: string, name = "pod.yaml"): string {
  const path = join(tempDir(), name);
  writeFileSync(path, text);
  return path;
}

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata: {name: duo}
spec:
  containers:
  - {name: app, image: busybox, command: ["log one every 1s"]}
  - {name: sidecar, image: busybox, command: ["log two every 1s"]}
`;

describe("pod commands' parsing", () => {
  const session = newSession();
  const parse = (line: string) => parseCommand(session.registry, tokenize(line)[0]!).input;

  it("takes kubectl's one-letter options", () => {
    expect(parse("pod apply -f web.yaml").options).toEqual({ f: "web.yaml" });
    expect(parse("pod list -o wide").options).toEqual({ o: "wide" });
    expect(parse("pod logs web -c app --tail 3")).toMatchObject({ args: { pod: "web" }, options: { c: "app", tail: 3 } });
  });

  it.each([
    ["pod list -o yaml", /bad -o 'yaml'/],
    ["pod show", /missing <pod>/],
    ["pod logs web --tail -2", /bad --tail/],
  ])("refuses %j", (line, error) => {
    expect(() => parse(line)).toThrow(error);
  });
});

describe("pod apply refuses a bad manifest in one line and applies nothing", () => {
  const session = newSession();

  it.each([
    ["broken.yaml", 'The Pod "broken" is invalid: spec.containers[0].resources.limits.memory: invalid quantity "12Zi"'],
    ["typo.yaml", 'strict decoding error: unknown field "spec.containerz"'],
  ])("%s", (file, message) => {
    expect(failing(session, `pod apply -f ${join(PODS, file)}`)).toContain(message);
    expect(ok(session, "pod list")).toEqual(["No resources found in default namespace."]);
  });

  it("says what is wrong with the file itself", () => {
    expect(failing(session, "pod apply")).toMatch(/-f is required/);
    expect(failing(session, `pod apply -f ${join(tempDir(), "absent.yaml")}`)).toMatch(/absent\.yaml/);
    expect(failing(session, `pod apply -f ${manifest("a: [\n")}`)).toMatch(/error parsing .*pod\.yaml: yaml: line \d+, column \d+/);
    expect(failing(session, `pod apply -f ${manifest("")}`)).toMatch(/no objects passed to apply/);
  });
});

describe("pods on a node", () => {
  let session: Session;
  beforeEach(() => {
    session = newSession();
    ok(session, "image pull nginx");
    ok(session, "image pull busybox");
    ok(session, "node add w1 --cpu 4 --mem 8G");
  });

  it("applies a manifest: created, then unchanged, configured when its labels change; a changed spec is refused as Kubernetes refuses it", () => {
    const path = join(PODS, "plain.yaml");
    expect(ok(session, `pod apply -f ${path}`)).toEqual(["pod/hello created"]);
    expect(ok(session, `pod apply -f ${path}`)).toEqual(["pod/hello unchanged"]);
    const relabelled = manifest(readFileSync(path, "utf8").replace("name: hello", "name: hello\n  labels: {tier: front}"));
    expect(ok(session, `pod apply -f ${relabelled}`)).toEqual(["pod/hello configured"]);
    const changed = manifest(TWO_CONTAINERS.replace("duo", "hello"), "changed.yaml");
    expect(failing(session, `pod apply -f ${changed}`)).toContain(`error when applying ${changed}: Pod "hello" is invalid: spec: Forbidden: pod updates may not change fields other than metadata.labels`);
    expect(readFileSync(join(ROOT_DIR, "help", "pod.md"), "utf8")).not.toMatch(/containers are replaced/); // help says what apply does
  });

  it("applies every pod of a multi-document file, and nothing of a file with one bad document", () => {
    const good = manifest([TWO_CONTAINERS, TWO_CONTAINERS.replace("duo", "trio")].join("---\n"));
    expect(ok(session, `pod apply -f ${good}`)).toEqual(["pod/duo created", "pod/trio created"]);
    const bad = manifest([TWO_CONTAINERS.replace("duo", "four"), TWO_CONTAINERS.replace("duo", "five").replace("image: busybox", "image: 5")].join("---\n"));
    expect(failing(session, `pod apply -f ${bad}`)).toMatch(/\(document 2\): The Pod "five" is invalid: spec.containers\[0\].image: Invalid value: 5/);
    expect(ok(session, "pod list").join("\n")).not.toMatch(/four|five/);
  });

  it("lists pods as kubectl get pods does, -o wide with IP and NODE", () => {
    ok(session, `pod apply -f ${join(PODS, "plain.yaml")}`);
    ok(session, "sleep 5s");
    const [head, row] = ok(session, "pod list");
    expect(head!.split(/\s+/)).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    expect(row!.split(/\s+/)).toEqual(["hello", "1/1", "Running", "0", "5s"]);
    const wide = ok(session, "pod list -o wide");
    expect(wide[0]!.split(/\s+/)).toEqual(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"]);
    expect(wide[1]!.split(/\s+/).slice(-1)).toEqual(["w1"]);
    const json = JSON.parse(ok(session, "pod list --json").join("\n"));
    expect(json.pods[0]).toMatchObject({ name: "hello", node: "w1", qosClass: "Guaranteed" });
  });

  it("describes a pod as kubectl describe pod does", () => {
    ok(session, `pod apply -f ${join(PODS, "plain.yaml")}`);
    ok(session, "sleep 5s");
    const text = ok(session, "pod show hello").join("\n");
    for (const line of [/^Name:\s+hello$/m, /^Namespace:\s+default$/m, /^Node:\s+w1$/m, /^Status:\s+Running$/m, /^QoS Class:\s+Guaranteed$/m, /^Containers:$/m, /^  nginx:$/m, /^Conditions:$/m, /PodScheduled\s+True/, /^Events:$/m, /Scheduled .*default-scheduler/]) expect(text).toMatch(line);
  });

  it("shows each container's mounts and a read-only volume as kubectl describe does; a write refused there is in the logs", () => {
    ok(session, "vol create shared --size 8M");
    const readOnly = `apiVersion: v1
kind: Pod
metadata: {name: ro}
spec:
  containers:
  - name: app
    image: busybox
    command: ["write /data 64K/s"]
    volumeMounts: [{name: data, mountPath: /data, readOnly: true}]
  - {name: idle, image: busybox, command: ["sleep 3600"]}
  volumes: [{name: data, persistentVolumeClaim: {claimName: shared}}]
`;
    ok(session, `pod apply -f ${manifest(readOnly)}`);
    ok(session, "sleep 15s");
    const text = ok(session, "pod show ro").join("\n");
    expect(text).toMatch(/^  app:\n(    .*\n)*    Mounts:\n      \/data from data \(ro\)$/m);
    expect(text).toMatch(/^  idle:\n(    .*\n)*    Mounts:\s+<none>$/m);
    expect(text).toMatch(/^  data:\n(    .*\n)*    ReadOnly:\s+true$/m);
    expect(ok(session, "pod logs ro -c app")).toContain("write /data: Read-only file system (EROFS)");
    expect(ok(session, "ctr logs ro-app")).toContain("write /data: Read-only file system (EROFS)");
  });

  it("asks which container's logs when a pod has several, as kubectl does", () => {
    ok(session, `pod apply -f ${manifest(TWO_CONTAINERS)}`);
    ok(session, "sleep 5s");
    expect(failing(session, "pod logs duo")).toContain("a container name must be specified for pod duo, choose one of: [app sidecar]");
    expect(failing(session, "pod logs duo -c nobody")).toMatch(/container nobody is not valid for pod duo/);
    expect(ok(session, "pod logs duo -c sidecar --tail 2")).toEqual(["two", "two"]);
  });

  it("deletes a pod in kubectl's words, and its containers with it", () => {
    ok(session, `pod apply -f ${join(PODS, "plain.yaml")}`);
    ok(session, "sleep 5s");
    expect(ok(session, "pod delete hello")).toEqual(['pod "hello" deleted']);
    ok(session, "sleep 30s");
    expect(ok(session, "pod list")).toEqual(["No resources found in default namespace."]);
    expect(failing(session, "pod show hello")).toMatch(/hello/);
  });

  it("completes pod names, and file paths after -f", () => {
    ok(session, `pod apply -f ${join(PODS, "plain.yaml")}`);
    expect(complete("pod show he", session.registry, session.kernelView()).candidates).toEqual(["hello"]);
    expect(complete("pod apply -f test/scenarios/pods/pl", session.registry, session.kernelView()).candidates).toEqual(["test/scenarios/pods/plain.yaml"]);
  });

  it("names the user who applies a pod when its security asks for more than they hold", () => {
    ok(session, "user add bob --caps CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH");
    ok(session, "su bob");
    const pod = (security: string) => manifest(`apiVersion: v1\nkind: Pod\nmetadata: {name: sec}\nspec:\n  securityContext: {${security}}\n  containers:\n  - {name: app, image: busybox}\n`);
    expect(failing(session, `pod apply -f ${pod("runAsUser: 0")}`)).toContain("pod/sec may not run as uid 0: bob (uid 1000) does not hold CAP_SETUID");
    expect(failing(session, `pod apply -f ${pod("seLinuxOptions: {level: Private}")}`)).toContain("above bob's clearance public");
  });

  it("needs CAP_SYS_ADMIN to apply", () => {
    ok(session, "user add alice");
    ok(session, "su alice");
    expect(failing(session, `pod apply -f ${join(PODS, "plain.yaml")}`)).toMatch(/CAP_SYS_ADMIN|not permitted|denied/i);
  });
});
