// Pod manifests -> PodDefinition (modules/containers/manifest): what a kubectl user writes is
// read as Kubernetes reads it, and every mistake is one line naming the field path and the
// problem as the API server (or kubectl's strict decoding, or the YAML reader) says it.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { manifestOf, readManifests, yamlLibrary, type PodDefinition } from "../../modules/containers/index.js";
import { cpuText, memoryText } from "../../modules/containers/manifest/index.js";
import { KernelError } from "../../src/errors.js";
import { UID_MAX } from "../../src/limits.js";

const HEAD = "apiVersion: v1\nkind: Pod\n";

/** A one-pod manifest named `name` with the given spec lines (indented under spec:). */
function pod(spec: string, name = "web"): string {
  return `${HEAD}metadata:\n  name: ${name}\nspec:\n${spec.replace(/^/gm, "  ")}\n`;
}

function problem(text: string): string {
  try {
    readManifests(text, "pod.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(KernelError);
    expect((error as KernelError).code).toBe("EINVAL");
    return (error as KernelError).message;
  }
  throw new Error("the manifest was accepted");
}

const one = (text: string): PodDefinition => {
  const pods = readManifests(text, "pod.yaml");
  expect(pods).toHaveLength(1);
  return pods[0]!;
};

describe("a good manifest", () => {
  it("reads every field of the subset, with Kubernetes' defaults", () => {
    const def = one(`${HEAD}metadata:
  name: web
  labels: {app: web, tier: front}
  annotations:
    k8s.v1.cni.cncf.io/networks: "front, back"
    note: ignored
spec:
  restartPolicy: OnFailure
  nodeSelector: {disk: ssd}
  securityContext: {runAsUser: 1000, seLinuxOptions: {level: internal}}
  containers:
  - name: app
    image: nginx
    command: ["serve 80"]
    args: ["; write /data 1M/s"]
    ports: [{containerPort: 80}]
    resources:
      requests: {cpu: 250m, memory: 32Mi}
      limits: {cpu: "1.5", memory: 64M}
    livenessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 5, failureThreshold: 3}
    readinessProbe: {tcpSocket: {port: "80"}, initialDelaySeconds: 2, successThreshold: 2}
    startupProbe: {exec: {command: [cat, /etc/hostname]}, timeoutSeconds: 4}
    volumeMounts: [{name: data, mountPath: /data}, {name: conf, mountPath: /etc/app, readOnly: true}]
    securityContext: {capabilities: {add: [NET_ADMIN, CAP_NET_RAW]}}
  - name: sidecar
    image: busybox
    securityContext: {capabilities: {add: [NET_RAW]}}
  volumes:
  - {name: data, persistentVolumeClaim: {claimName: shared}}
  - {name: conf, persistentVolumeClaim: {claimName: settings, readOnly: true}}
`);
    expect(def).toEqual({
      name: "web",
      labels: { app: "web", tier: "front" },
      restartPolicy: "OnFailure",
      nodeSelector: { disk: "ssd" },
      networks: ["front", "back"],
      security: { runAsUser: 1000, level: "Internal", capabilities: ["NET_ADMIN", "NET_RAW"] },
      volumes: [
        { name: "data", volume: "shared", readOnly: false },
        { name: "conf", volume: "settings", readOnly: true },
      ],
      containers: [
        {
          name: "app",
          image: "nginx",
          command: "serve 80 ; write /data 1M/s",
          requests: { cpuMillicores: 250, memoryBytes: 32 * 2 ** 20 },
          limits: { cpuMillicores: 1500, memoryBytes: 64_000_000 },
          liveness: "http:80/healthz,period=5s",
          readiness: "tcp:80,delay=2s,success=2",
          startup: "exec:cat /etc/hostname,timeout=4s",
          volumeMounts: [
            { name: "data", mountPath: "/data", readOnly: false },
            { name: "conf", mountPath: "/etc/app", readOnly: true },
          ],
        },
        { name: "sidecar", image: "busybox", requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, volumeMounts: [] },
      ],
    });
  });

  it("requests a limit's amount when no request is given (Guaranteed), as the API server defaults it", () => {
    const def = one(pod("containers: [{name: a, image: nginx, resources: {limits: {cpu: 500m, memory: 64Mi}}}]"));
    expect(def.containers[0]!.requests).toEqual({ cpuMillicores: 500, memoryBytes: 64 * 2 ** 20 });
    expect(def.restartPolicy).toBe("Always");
    expect(def.security).toEqual({ capabilities: [] });
  });

  it("reads several pods from one file, separated by ---", () => {
    const text = [pod("containers: [{name: a, image: nginx}]", "one"), pod("containers: [{name: a, image: redis}]", "two")].join("---\n");
    expect(readManifests(text, "pods.yaml").map((p) => `${p.name}:${p.containers[0]!.image}`)).toEqual(["one:nginx", "two:redis"]);
  });

  it.each([
    ["500m", 500], ["0.5", 500], ["1", 1000], ["1.5", 1500], ["0.1", 100], ["100m", 100], ["0.0001", 1], ["1e-1", 100], ["1e0", 1000],
  ])("cpu %s is %d millicores (exact, rounded up)", (text, millicores) => {
    expect(one(pod(`containers: [{name: a, image: x, resources: {requests: {cpu: "${text}"}}}]`)).containers[0]!.requests.cpuMillicores).toBe(millicores);
  });

  it.each([
    ["64Mi", 64 * 2 ** 20], ["64M", 64_000_000], ["1Gi", 2 ** 30], ["1G", 1e9], ["128974848", 128974848], ["129e6", 129_000_000], ["123Ki", 123 * 1024], ["1.5Gi", 1.5 * 2 ** 30], ["7.5M", 7_500_000], ["6Mi", 6 * 2 ** 20],
  ])("memory %s is %d bytes", (text, bytes) => {
    expect(one(pod(`containers: [{name: a, image: x, resources: {requests: {memory: "${text}"}}}]`)).containers[0]!.requests.memoryBytes).toBe(bytes);
  });

  it("takes quantities YAML reads as numbers (cpu: 2, memory: 67108864)", () => {
    const c = one(pod("containers: [{name: a, image: x, resources: {limits: {cpu: 2, memory: 67108864}}}]")).containers[0]!;
    expect(c.limits).toEqual({ cpuMillicores: 2000, memoryBytes: 67108864 });
  });
});

describe("mistakes, each one line with the field path", () => {
  it.each([
    ["a bad quantity", pod("containers: [{name: a, image: x}, {name: b, image: x, resources: {limits: {memory: 12Zi}}}]"), 'The Pod "web" is invalid: spec.containers[1].resources.limits.memory: invalid quantity "12Zi"'],
    ["a fifth container", pod("containers: [{name: a, image: x}, {name: b, image: x}, {name: c, image: x}, {name: d, image: x}, {name: e, image: x}]"), 'The Pod "web" is invalid: spec.containers: Too many: 5: must have at most 4 items'],
    ["no name", `${HEAD}metadata: {labels: {a: b}}\nspec: {containers: [{name: a, image: x}]}\n`, 'The Pod "" is invalid: metadata.name: Required value'],
    ["no containers", pod("restartPolicy: Never"), 'The Pod "web" is invalid: spec.containers: Required value'],
    ["no image", pod("containers: [{name: a}]"), 'The Pod "web" is invalid: spec.containers[0].image: Required value'],
    ["an unknown restart policy", pod("restartPolicy: Sometimes\ncontainers: [{name: a, image: x}]"), 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ["a name that is not a DNS label", pod("containers: [{name: a, image: x}]", "Web_1"), 'metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 label'],
    ["two containers of one name", pod("containers: [{name: a, image: x}, {name: a, image: y}]"), 'spec.containers[1].name: Duplicate value: "a"'],
    ["a mount of no volume", pod("containers: [{name: a, image: x, volumeMounts: [{name: data, mountPath: /data}]}]"), 'spec.containers[0].volumeMounts[0].name: Not found: "data"'],
    ["a relative mount path", pod("containers: [{name: a, image: x, volumeMounts: [{name: d, mountPath: data}]}]\nvolumes: [{name: d, persistentVolumeClaim: {claimName: v}}]"), 'spec.containers[0].volumeMounts[0].mountPath: Invalid value: "data": must be an absolute path'],
    ["a volume of another type", pod("containers: [{name: a, image: x}]\nvolumes: [{name: d, emptyDir: {}}]"), 'spec.volumes[0].emptyDir: Unsupported value: "emptyDir": supported values: "persistentVolumeClaim"'],
    ["a request above its limit", pod("containers: [{name: a, image: x, resources: {requests: {cpu: 2}, limits: {cpu: 1}}}]"), 'spec.containers[0].resources.requests.cpu: Invalid value: "2": must be less than or equal to cpu limit of 1'],
    ["a negative quantity", pod("containers: [{name: a, image: x, resources: {requests: {memory: -1Mi}}}]"), 'spec.containers[0].resources.requests.memory: Invalid value: "-1Mi": must be greater than or equal to 0'],
    ["a memory limit below the runtime's least", pod("containers: [{name: a, image: x, resources: {limits: {memory: 1Mi}}}]"), 'spec.containers[0].resources.limits.memory: Invalid value: "1Mi": must be at least 6Mi'],
    ["a resource kshell does not model", pod("containers: [{name: a, image: x, resources: {limits: {gpu: 1}}}]"), 'spec.containers[0].resources.limits.gpu: Unsupported value: "gpu": supported values: "cpu", "memory"'],
    ["a workload the runtime cannot run", pod('containers: [{name: a, image: x, command: ["fly away"]}]'), 'spec.containers[0].command: Invalid value: "fly away": unknown workload clause'],
    ["a probe with no handler", pod("containers: [{name: a, image: x, livenessProbe: {periodSeconds: 5}}]"), "spec.containers[0].livenessProbe: Required value: must specify a handler type"],
    ["a probe with a named port", pod("containers: [{name: a, image: x, livenessProbe: {httpGet: {port: http}}}]"), 'spec.containers[0].livenessProbe.httpGet.port: Invalid value: "http": named ports are not supported'],
    ["a liveness probe with success 2", pod("containers: [{name: a, image: x, livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}}]"), "spec.containers[0].livenessProbe: Invalid value: \"tcp:80,success=2\": liveness probe success threshold must be 1"],
    ["another kind", `apiVersion: v1\nkind: Deployment\nmetadata: {name: web}\nspec: {containers: [{name: a, image: x}]}\n`, 'kind: Unsupported value: "Deployment": supported values: "Pod"'],
    ["another apiVersion", `apiVersion: apps/v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: a, image: x}]}\n`, 'apiVersion: Unsupported value: "apps/v1": supported values: "v1"'],
    ["another namespace", `${HEAD}metadata: {name: web, namespace: prod}\nspec: {containers: [{name: a, image: x}]}\n`, 'metadata.namespace: Unsupported value: "prod": supported values: "default"'],
    ["a level kshell does not know", pod("securityContext: {seLinuxOptions: {level: 's0:c1'}}\ncontainers: [{name: a, image: x}]"), 'spec.securityContext.seLinuxOptions.level: Unsupported value: "s0:c1": supported values: "Public", "Internal", "Private", "Isolated"'],
    ["a negative uid", pod("securityContext: {runAsUser: -1}\ncontainers: [{name: a, image: x}]"), "spec.securityContext.runAsUser: Invalid value: -1: must be greater than or equal to 0"],
    ["a number where a name belongs", pod("containers: [{name: 5, image: x}]"), "spec.containers[0].name: Invalid value: 5: must be a string, not a number"],
    ["a mapping where a list belongs", pod("containers: {name: a, image: x}"), "spec.containers: Invalid value: {...}: must be a list, not a mapping"],
    ["a label value too long", `${HEAD}metadata: {name: web, labels: {app: ${"x".repeat(64)}}}\nspec: {containers: [{name: a, image: x}]}\n`, "metadata.labels[app]: Invalid value:"],
    ["a network name with a space", `${HEAD}metadata: {name: web, annotations: {k8s.v1.cni.cncf.io/networks: "a b"}}\nspec: {containers: [{name: a, image: x}]}\n`, 'bad network name "a b"'],
  ])("%s", (_what, text, expected) => {
    expect(problem(text)).toContain(expected);
  });

  it("says an unknown field as kubectl's strict decoding does, before any other problem", () => {
    expect(problem(pod("containerz: []\ncontainers: [{name: a, image: x, imagez: y}]"))).toBe(
      'error when applying pod.yaml: Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containerz", unknown field "spec.containers[0].imagez"',
    );
  });

  it("names every problem of a document in one line, in brackets, as the API server does", () => {
    const message = problem(`${HEAD}metadata: {}\nspec:\n  restartPolicy: Sometimes\n  containers: [{name: a}]\n`);
    expect(message).toBe('error when applying pod.yaml: The Pod "" is invalid: [metadata.name: Required value, spec.containers[0].image: Required value, spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"]');
    expect(message.split("\n")).toHaveLength(1);
  });

  it("says a YAML syntax error with its line and column", () => {
    expect(problem(`${HEAD}metadata:\n  name: web\n spec: [\n`)).toMatch(/^error parsing pod\.yaml: yaml: line 5, column \d+: /);
    expect(problem(`${HEAD}kind: Pod\nmetadata: {name: web}\n`)).toMatch(/^error parsing pod\.yaml: yaml: line 3, column 1: Map keys must be unique/);
  });

  it("names the document of a multi-document file that is wrong, and reads none of them", () => {
    const text = [pod("containers: [{name: a, image: x}]", "one"), pod("containers: [{name: a}]", "two")].join("---\n");
    expect(problem(text)).toBe('error when applying pod.yaml (document 2): The Pod "two" is invalid: spec.containers[0].image: Required value');
  });

  it("refuses an empty file, a document that is not a mapping, and a billion laughs", () => {
    expect(problem("# nothing\n")).toBe("pod.yaml: no objects passed to apply");
    expect(problem("- a\n- b\n")).toContain("must be a mapping, not a list");
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`)].join("\n");
    expect(problem(laughs)).toMatch(/^error parsing pod\.yaml: yaml: Excessive alias count/);
  });

  it("never throws anything but one EINVAL line, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          readManifests(text, "x.yaml");
        } catch (error) {
          expect(error).toBeInstanceOf(KernelError);
          expect((error as KernelError).message).not.toContain("\n");
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("printing", () => {
  it.each([[64 * 2 ** 20, "64Mi"], [64e6, "64M"], [2 ** 30, "1Gi"], [1500, "1500"], [6 * 2 ** 20, "6Mi"]])("memory %d prints as %s", (bytes, text) => expect(memoryText(bytes)).toBe(text));
  it.each([[500, "500m"], [2000, "2"], [1500, "1500m"]])("cpu %d prints as %s", (m, text) => expect(cpuText(m)).toBe(text));

  const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
  const resources = fc.record({ cpuMillicores: fc.integer({ min: 0, max: 64_000 }), memoryBytes: fc.oneof(fc.constant(0), fc.integer({ min: 6 * 2 ** 20, max: 64 * 2 ** 30 })) });
  const probe = fc.tuple(fc.constantFrom("http:80/healthz", "tcp:6379", "exec:cat /etc/hostname", "http:8080/"), fc.subarray(["delay=5s", "period=3s", "timeout=2s", "failure=5"])).map(([head, options]) => [head, ...options].join(","));
  const definition = fc
    .record({
      name: label,
      labels: fc.dictionary(label, fc.stringMatching(/^[a-z0-9]{0,8}$/), { maxKeys: 3 }),
      restartPolicy: fc.constantFrom("Always" as const, "OnFailure" as const, "Never" as const),
      nodeSelector: fc.dictionary(label, label, { maxKeys: 2 }),
      volumes: fc.uniqueArray(fc.record({ name: label, volume: label, readOnly: fc.boolean() }), { maxLength: 3, selector: (v) => v.name }),
      networks: fc.uniqueArray(label, { maxLength: 3 }),
      security: fc.record({ runAsUser: fc.integer({ min: 0, max: UID_MAX }), level: fc.constantFrom("Public", "Internal", "Private", "Isolated"), capabilities: fc.uniqueArray(fc.constantFrom("NET_ADMIN", "NET_RAW", "SYS_TIME"), { maxLength: 2 }) }, { requiredKeys: ["capabilities"] }),
      containers: fc.uniqueArray(
        fc.record({ name: label, image: fc.constantFrom("nginx", "busybox", "redis:7"), command: fc.option(fc.constantFrom("serve 80", "sleep 5s; exit 1", "write /data 1M/s; log hi every 1s"), { nil: undefined }), limits: resources, extra: resources, liveness: fc.option(probe, { nil: undefined }), startup: fc.option(probe, { nil: undefined }), readiness: fc.option(probe, { nil: undefined }) }),
        { minLength: 1, maxLength: 4, selector: (c) => c.name },
      ),
    })
    .map(({ containers, volumes, ...rest }): PodDefinition => ({
      ...rest,
      volumes,
      containers: containers.map(({ limits, extra, command, liveness, readiness, startup, ...c }, at) => ({
        ...c,
        limits,
        // requests within limits, and given whenever a limit is (the API server would copy it)
        requests: { cpuMillicores: limits.cpuMillicores === 0 ? extra.cpuMillicores : Math.max(1, Math.min(extra.cpuMillicores, limits.cpuMillicores)), memoryBytes: limits.memoryBytes === 0 ? extra.memoryBytes : Math.max(1, Math.min(extra.memoryBytes, limits.memoryBytes)) },
        volumeMounts: volumes.filter((_, v) => (v + at) % 2 === 0).map((v, m) => ({ name: v.name, mountPath: `/mnt/${m}`, readOnly: v.readOnly })),
        ...(command === undefined ? {} : { command }),
        ...(liveness === undefined ? {} : { liveness }),
        ...(readiness === undefined ? {} : { readiness }),
        ...(startup === undefined ? {} : { startup }),
      })),
    }));

  it("prints any valid definition as YAML that reads back equal", () => {
    fc.assert(
      fc.property(definition, (def) => {
        const text = yamlLibrary().stringify(manifestOf(def));
        expect(one(text)).toEqual(def);
      }),
      { numRuns: 200 },
    );
  });
});
