// `sec why pod/<name> ...` about a pod that exists decides as that pod runs (the subject fixed when
// its owner applied it), never as the asker would apply it: root asking about alice's pod is told
// what the kubelet was told, and the real decision in the trail agrees.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir, trailEntries } from "../helpers.js";

const P2 = "apiVersion: v1\nkind: Pod\nmetadata: {name: p2}\nspec:\n  containers:\n  - name: app\n    image: busybox\n    volumeMounts: [{name: data, mountPath: /data, readOnly: true}]\n  volumes:\n  - name: data\n    persistentVolumeClaim: {claimName: bobv, readOnly: true}\n";

describe("sec why about an applied pod", () => {
  it("decides as the pod's own subject, agreeing with the denial in the trail, and refuses manifest options for it", () => {
    const session = newSession();
    const file = join(tempDir(), "p2.yaml");
    writeFileSync(file, P2);
    ok(session, "image pull busybox; node add w1 --cpu 4 --mem 8G; user add bob; user add alice --caps CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH");
    ok(session, "vol create bobv --size 1M; sec chown vol/bobv bob; sec chmod vol/bobv 600");
    ok(session, `su alice; pod apply -f ${file}; sleep 2s; exit`);
    expect(ok(session, "pod list").join("\n")).toMatch(/^p2\s+0\/1\s+Pending/m);
    const denial = trailEntries(session, "--type security --level warning").find((e) => e.action === "vol.mount");
    expect(denial).toMatchObject({ object: "vol/bobv", result: "denied", message: expect.stringContaining("dac: pod/p2 lacks read (r) on vol/bobv") });
    const why = ok(session, "sec why pod/p2 vol.mount vol/bobv --read-only");
    expect(why[0]).toBe("pod/p2 vol.mount vol/bobv: DENIED by dac — pod/p2 lacks read (r) on vol/bobv (rw-------)");
    expect(why[1]).toMatch(/^ {2}pod\/p2 runs as uid 1001, gid 1001, level public, capabilities none \(applied by alice\); read$/);
    expect(session.execute("sec why pod/p2 vol.mount vol/bobv --level private").error).toContain("pod/p2 exists: it runs as alice applied it, whatever --level, --run-as-user or --cap-add say [EINVAL]");
    expect(ok(session, "sec why pod/p3 vol.mount vol/bobv --read-only")[0]).toMatch(/ALLOWED/); // one not applied: as root would apply it
  });

  it("tells who the pod runs as only to who may read the pod, as pod show does", () => {
    const session = newSession();
    const file = join(tempDir(), "p2.yaml");
    writeFileSync(file, P2);
    ok(session, "image pull busybox; node add w1 --cpu 4 --mem 8G; user add bob --caps CAP_MAC_ADMIN; user add alice --caps CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH");
    ok(session, `su alice; pod apply -f ${file}; sec chmod pod/p2 600; exit`);
    ok(session, "su bob");
    expect(session.execute("pod show p2").error).toMatch(/permission denied/);
    expect(session.execute("sec why pod/p2 vol.mount vol/bobv").error).toMatch(/^error: permission denied: bob may not pod\.show pod\/p2/);
  });
});
