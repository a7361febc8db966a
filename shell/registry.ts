// The one table of commands. Adding a command: write shell/commands/<group>/<verb>.ts, list it
// here, and document it in help/<group>.md (test/tidy.test.ts checks both).

import { fail } from "../src/errors.js";
import type { CommandSpec } from "./command.js";
import auditAck from "./commands/audit/ack.js";
import complianceAdd from "./commands/audit/compliance/add.js";
import complianceDel from "./commands/audit/compliance/del.js";
import complianceList from "./commands/audit/compliance/list.js";
import complianceReport from "./commands/audit/compliance/report.js";
import auditExport from "./commands/audit/export.js";
import filterAdd from "./commands/audit/filter/add.js";
import filterDel from "./commands/audit/filter/del.js";
import filterList from "./commands/audit/filter/list.js";
import auditQuery from "./commands/audit/query.js";
import auditStats from "./commands/audit/stats.js";
import auditTail from "./commands/audit/tail.js";
import auditVerify from "./commands/audit/verify.js";
import clockSpeed from "./commands/kernel/clock-speed.js";
import clock from "./commands/kernel/clock.js";
import load from "./commands/kernel/load.js";
import reset from "./commands/kernel/reset.js";
import save from "./commands/kernel/save.js";
import sleep from "./commands/kernel/sleep.js";
import status from "./commands/kernel/status.js";
import tick from "./commands/kernel/tick.js";
import echo from "./commands/shell/echo.js";
import exit from "./commands/shell/exit.js";
import help from "./commands/shell/help.js";
import history from "./commands/shell/history.js";
import top from "./commands/shell/top.js";
import watch from "./commands/shell/watch.js";
import secCaps from "./commands/sec/caps.js";
import secChmod from "./commands/sec/chmod.js";
import secChown from "./commands/sec/chown.js";
import secClearance from "./commands/sec/clearance.js";
import secConflicts from "./commands/sec/conflicts.js";
import secLabel from "./commands/sec/label.js";
import secLs from "./commands/sec/ls.js";
import ruleAdd from "./commands/sec/rule/add.js";
import ruleCheck from "./commands/sec/rule/check.js";
import ruleDel from "./commands/sec/rule/del.js";
import ruleList from "./commands/sec/rule/list.js";
import secWhy from "./commands/sec/why.js";
import groupAdd from "./commands/group/add.js";
import groupDel from "./commands/group/del.js";
import groupList from "./commands/group/list.js";
import userAdd from "./commands/user/add.js";
import userDel from "./commands/user/del.js";
import id from "./commands/user/id.js";
import userList from "./commands/user/list.js";
import su from "./commands/user/su.js";
import umask from "./commands/user/umask.js";
import whoami from "./commands/user/whoami.js";
import sdsWeight from "./commands/cluster/sds/weight.js";
import sdcDisconnect from "./commands/cluster/sdc/disconnect.js";
import sdcReconnect from "./commands/cluster/sdc/reconnect.js";
import clusterRebalance from "./commands/cluster/rebalance.js";
import shardMigrate from "./commands/cluster/shard/migrate.js";
import clusterChaos from "./commands/cluster/chaos.js";
import sdsFail from "./commands/cluster/sds/fail.js";
import sdsPartition from "./commands/cluster/sds/partition.js";
import sdsRecover from "./commands/cluster/sds/recover.js";
import clusterHealth from "./commands/cluster/health.js";
import clusterAlerts from "./commands/cluster/alerts.js";
import alertResolve from "./commands/cluster/alert/resolve.js";
import rebuildStatus from "./commands/cluster/rebuild/status.js";
import archiveClean from "./commands/cluster/archive/clean.js";
import clusterScrub from "./commands/cluster/scrub.js";
import pdCreate from "./commands/cluster/pd/create.js";
import pdList from "./commands/cluster/pd/list.js";
import pdDelete from "./commands/cluster/pd/delete.js";
import poolCreate from "./commands/cluster/pool/create.js";
import poolList from "./commands/cluster/pool/list.js";
import poolDelete from "./commands/cluster/pool/delete.js";
import sdsAdd from "./commands/cluster/sds/add.js";
import sdsList from "./commands/cluster/sds/list.js";
import sdsRemove from "./commands/cluster/sds/remove.js";
import sdcAdd from "./commands/cluster/sdc/add.js";
import sdcList from "./commands/cluster/sdc/list.js";
import sdcRemove from "./commands/cluster/sdc/remove.js";
import clusterMap from "./commands/cluster/map.js";
import clusterUnmap from "./commands/cluster/unmap.js";
import clusterStatus from "./commands/cluster/status.js";
import clusterTree from "./commands/cluster/tree.js";
import shardList from "./commands/cluster/shard/list.js";
import shardShow from "./commands/cluster/shard/show.js";
import clusterLocate from "./commands/cluster/locate.js";
import tokenIssue from "./commands/cluster/token/issue.js";
import tokenVerify from "./commands/cluster/token/verify.js";
import tokenCache from "./commands/cluster/token/cache.js";
import volCreate from "./commands/vol/create.js";
import volList from "./commands/vol/list.js";
import volShow from "./commands/vol/show.js";
import volDelete from "./commands/vol/delete.js";
import volAttach from "./commands/vol/attach.js";
import volDetach from "./commands/vol/detach.js";
import volResize from "./commands/vol/resize.js";
import volWrite from "./commands/vol/write.js";
import volRead from "./commands/vol/read.js";
import snapCreate from "./commands/vol/snap/create.js";
import snapList from "./commands/vol/snap/list.js";
import snapDelete from "./commands/vol/snap/delete.js";
import snapRestore from "./commands/vol/snap/restore.js";
import replicateStart from "./commands/vol/replicate/start.js";
import replicateStatus from "./commands/vol/replicate/status.js";
import replicateStop from "./commands/vol/replicate/stop.js";
import volQos from "./commands/vol/qos.js";
import volStats from "./commands/vol/stats.js";

/** Groups of verbs and what each is for; one-word commands are documented on the kernel and shell pages. */
export const GROUP_SUMMARIES: Readonly<Record<string, string>> = {
  audit: "the tamper-evident audit trail: query, verify, export, filters, compliance",
  user: "users: add, list, del; su, whoami, id, umask",
  group: "groups: add, list, del",
  sec: "security: capabilities, clearances, labels, modes, policy rules, conflicts, why",
  vol: "storage volumes with real bytes: IO, snapshots, replication, QoS, stats",
  cluster: "PowerFlex-style distributed block storage: topology, tokens, health, failures, rebuild, chaos",
};

export const COMMANDS: readonly CommandSpec[] = [
  help, status, sleep, tick, clock, clockSpeed, save, load, reset, history, echo, exit, top, watch,
  auditQuery, auditTail, auditStats, auditVerify, auditExport, auditAck,
  filterAdd, filterList, filterDel, complianceAdd, complianceList, complianceDel, complianceReport,
  userAdd, userList, userDel, su, whoami, id, umask, groupAdd, groupList, groupDel,
  secCaps, secClearance, secLabel, secChmod, secChown, secLs, ruleAdd, ruleList, ruleDel, ruleCheck, secConflicts, secWhy,
  volCreate, volList, volShow, volDelete, volAttach, volDetach, volResize, volWrite, volRead, snapCreate, snapList, snapDelete, snapRestore, replicateStart, replicateStatus, replicateStop, volQos, volStats,
  pdCreate, pdList, pdDelete, poolCreate, poolList, poolDelete, sdsAdd, sdsList, sdsRemove, sdcAdd, sdcList, sdcRemove, clusterMap, clusterUnmap, clusterStatus, clusterTree, shardList, shardShow, clusterLocate, tokenIssue, tokenVerify, tokenCache, sdsWeight, sdcDisconnect, sdcReconnect, clusterChaos, clusterRebalance, shardMigrate, sdsFail, sdsPartition, sdsRecover, clusterHealth, clusterAlerts, alertResolve, rebuildStatus, archiveClean, clusterScrub,
] as CommandSpec[];

export class Registry {
  private readonly byPath = new Map<string, CommandSpec>();

  constructor(readonly commands: readonly CommandSpec[] = COMMANDS) {
    for (const spec of commands) {
      for (const key of [spec.path.join(" "), ...(spec.aliases ?? [])]) {
        if (this.byPath.has(key)) throw new Error(`command '${key}' is declared twice`);
        this.byPath.set(key, spec);
      }
    }
  }

  /** The command whose path is the longest prefix of `words`; a clear error otherwise. */
  match(words: readonly string[]): CommandSpec {
    for (let length = Math.min(words.length, 3); length > 0; length--) {
      const spec = this.byPath.get(words.slice(0, length).join(" "));
      if (spec !== undefined) return spec;
    }
    const first = words[0] ?? "";
    let group = 0; // how many words name a group of verbs: "cluster sds" -> 2
    while (group < words.length && this.verbsAfter(words.slice(0, group + 1)).length > 0) group++;
    if (group > 0) {
      const prefix = words.slice(0, group).join(" ");
      const verbs = this.verbsAfter(words.slice(0, group));
      const given = words[group];
      return fail("EINVAL", `${prefix}: expected ${given === undefined ? "a verb" : `a known verb, not '${given}'`}`, `verbs: ${verbs.join(", ")}`);
    }
    return fail("EINVAL", `unknown command '${first}'`, "type `help` for the list of commands");
  }

  /** The words that may follow `prefix` (top-level words for an empty prefix). */
  verbsAfter(prefix: readonly string[]): string[] {
    const words = new Set<string>();
    for (const key of this.byPath.keys()) {
      const path = key.split(" ");
      if (path.length > prefix.length && prefix.every((word, i) => path[i] === word)) words.add(path[prefix.length]!);
    }
    return [...words].sort();
  }

  /** Every command documented on help page `page`. */
  onPage(page: string): CommandSpec[] {
    return this.commands.filter((spec) => pageOf(spec) === page);
  }
}

export function pageOf(spec: CommandSpec): string {
  return spec.page ?? spec.path[0]!;
}
