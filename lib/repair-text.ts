// What a watcher's repair says, in the reader's language: why it looked ("table inet lintas removed by process
// 6608 (nft)") and what it put back. The audit page and the watcher's log both read it from here.
import type { Finding, RepairCause } from "./passthrough/repair";
import type { Translator } from "./i18n";

export type RepairDetail = { cause: RepairCause; found: Finding[] };

export function describeRepair({ cause, found }: RepairDetail, t: Translator): string {
  return [causeText(cause, t), ...found.flatMap((finding) => findingText(finding, t))].join("; ");
}

function causeText(cause: RepairCause, t: Translator): string {
  switch (cause.trigger) {
    case "start":
      return t("repair.atStart");
    case "poll":
      return t("repair.atPoll");
    case "names":
      return cause.moved
        .map(({ name, addresses }) => (addresses.length ? t("repair.nameMoved", { name, addresses: addresses.join(", ") }) : t("repair.nameGone", { name })))
        .join("; ");
    case "ruleset": {
      const named = cause.by.map(({ pid, process }) => (pid === undefined ? t("repair.unknownProcess") : t("repair.process", { pid, process: process ?? "?" })));
      const more = cause.more ? [t("repair.moreProcesses", { count: cause.more })] : [];
      const by = named.length ? [...named, ...more].join(", ") : t("repair.unknownProcess");
      if (!cause.target) return t("repair.rulesetChangedBy", { by });
      return t(cause.change === "removed" ? "repair.removedBy" : "repair.changedBy", { target: cause.target, by });
    }
  }
}

function findingText({ part, absent, missing, extra }: Finding, t: Translator): string[] {
  if (absent) return [t("repair.restored", { part })];
  return [
    ...(missing.length ? [t("repair.restoredRules", { part, rules: missing.join(", ") })] : []),
    ...(extra.length ? [t("repair.removedRules", { part, count: extra.length })] : []),
  ];
}
