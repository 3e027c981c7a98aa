"use client";
// The VPN page's working part: the cards, "Which VPN do you use?", the pending-changes bar, the preview and Save &
// apply. Nothing reaches the router until Save & apply; the draft survives a reload or a new sign-in in this tab,
// and leaving with it unsaved asks first. A Save that would cut open connections names them and asks; then the
// kernel's read-back replaces the badges and the result stays on the page.
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import type { DiffLine } from "@/lib/diff";
import type { InUse } from "@/lib/passthrough/in-use";
import type { Passthrough } from "@/netfilter/config";
import type { Device } from "@/netfilter/devices";
import type { ScopeList, ScopeNames } from "@/netfilter/scope";
import type { ProtocolId } from "@/netfilter/protocols";
import { changesFrom, findSwitch, passthroughDiff, withSwitch, type SwitchKey } from "@/netfilter/switches";
import type { RouterPath } from "@/netfilter/vpn-kinds";
import { applyAction, inUseAction, previewAction } from "./actions";
import { ApplyResult, type Outcome } from "./apply-result";
import { ActionBar } from "./action-bar";
import { changeText, draftCount, forgetDraft, pendingOf, storeDraft, storedDraft } from "./changes";
import { CutConfirm } from "./cut-confirm";
import { draftedExpiries, expiryLines, forgetExpiries, storedExpiries, storeExpiries, withExpiries, type ExpiryDraft } from "./expiry";
import { ExpiryControl } from "./expiry-control";
import { cutLines } from "./cut-list";
import { ProtocolCard } from "./protocol-card";
import { TestButton, type TestLabels } from "./test-button";
import { RulePreview } from "./rule-preview";
import { devicesAction } from "./scope-actions";
import { scopeChangesOf, scopeChangeTexts, withScopeList } from "./scope-draft";
import { ScopeEditor } from "./scope-editor";
import { TraceDialog, type TraceLabels } from "./trace-dialog";
import { useLeaveGuard } from "./use-leave-guard";
import { VpnHelper } from "./vpn-helper";
import { sayer, type Words } from "./words";
import type { Badge, ProtocolView } from "../protocol-view";

const NOT_IN_USE = { devices: 0, uses: [], complete: true };

/** Leaving with the draft unsaved, on purpose: its switches and its time limits are forgotten. */
const forgetDrafted = () => {
  forgetDraft();
  forgetExpiries();
};

export function PassthroughPanel(props: {
  lang: string;
  protocols: ProtocolView[];
  details: Record<ProtocolId, string>;
  saved: Passthrough;
  /** What the scopes' names stood for at the last apply. */
  names: ScopeNames;
  badges: Record<ProtocolId, Badge>;
  path: RouterPath;
  lastApplied?: string;
  words: Words;
  diagnose: string;
  traceLabels: TraceLabels;
  traceSeconds: number;
  testLabels: TestLabels;
  /** The kernel does not hold the stored config: the page shows a drift banner that Save & apply may clear. */
  drift: boolean;
}) {
  const { protocols, words, lang } = props;
  const say = useMemo(() => sayer(words), [words]);
  const [saved, setSaved] = useState(props.saved);
  const [draft, setDraft] = useState(props.saved);
  // How long each protocol on in the draft stays on once saved; none: as saved.
  const [expiries, setExpiries] = useState<ExpiryDraft>({});
  const router = useRouter();
  const [badges, setBadges] = useState(props.badges);
  // The page read the kernel again (a re-apply from the drift banner): show what it found.
  const [shownServerBadges, setShownServerBadges] = useState(props.badges);
  if (props.badges !== shownServerBadges) {
    setShownServerBadges(props.badges);
    setBadges(props.badges);
  }
  // Who uses each VPN arrives after the page: until then the cards say nothing about it.
  const [inUse, setInUse] = useState<InUse>({ protocols: {} });
  // The devices the router knows, for the scopes' device pickers: asked once the page shows, like who uses what.
  const [devices, setDevices] = useState<Device[] | undefined>(undefined);
  const [scopeNames, setScopeNames] = useState(props.names);
  useEffect(() => {
    inUseAction({}).then((result) => result.ok && setInUse(result.inUse), () => undefined);
    devicesAction({}).then((result) => result.ok && setDevices(result.devices), () => undefined);
  }, []);
  const [preview, setPreview] = useState<{ diff: DiffLine[]; cut: InUse } | null>(null);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(props.lastApplied ? { kind: "lastApplied", time: props.lastApplied } : null);
  const [applying, startApply] = useTransition();
  const [previewing, startPreview] = useTransition();
  const [diagnosing, setDiagnosing] = useState<ProtocolView | null>(null);
  const { changes, count, timed } = useMemo(() => {
    const diff = passthroughDiff(saved, draft);
    // A limit on a protocol being turned on is part of that change; on one already on, a change of its own.
    const timed = new Set(draftedExpiries(draft, expiries).map(([id]) => id));
    const own = diff.filter((change) => timed.has(change.key as ProtocolId)).length;
    const switches = withExpiries(changesFrom(diff), draft, expiries);
    const scopes = scopeChangesOf(saved, draft);
    const ids = new Set([...Object.keys(switches), ...Object.keys(scopes)]) as Set<ProtocolId>;
    const changes = Object.fromEntries([...ids].map((id) => [id, { ...switches[id], ...scopes[id] }]));
    return { changes, count: draftCount(saved, draft) + timed.size - own, timed };
  }, [saved, draft, expiries]);

  // The draft in this tab's storage: brought back once on the first render's effect, then kept in step.
  const restoring = useRef(true);
  useEffect(() => {
    if (restoring.current) {
      restoring.current = false;
      const restored = storedDraft(saved);
      const limits = storedExpiries();
      if (restored) setDraft(restored);
      if (Object.keys(limits).length > 0) setExpiries(limits);
      if (restored || Object.keys(limits).length > 0) setOutcome({ kind: "restored" });
      return;
    }
    storeDraft(saved, draft);
    storeExpiries(expiries);
  }, [saved, draft, expiries]);
  useLeaveGuard(count > 0, say("vpn.leave"), forgetDrafted);

  const edit = (next: (d: Passthrough) => Passthrough) => {
    setPreview(null);
    setDraft(next);
  };
  const set = (id: ProtocolId, key: string, value: boolean) => edit((d) => ({ ...d, [id]: { ...d[id], [key]: value } }));
  const setScope = (id: ProtocolId, list: ScopeList, entries: string[]) => edit((d) => withScopeList(d, id, list, entries));
  const turnOn = (keys: SwitchKey[]) => edit((d) => keys.reduce((next, key) => withSwitch(next, findSwitch(key)!, true), d));
  const discard = () => {
    setPreview(null);
    setDraft(saved);
    setExpiries({});
    if (outcome?.kind === "restored") setOutcome(null);
  };

  const save = (cutConfirmed: boolean) =>
    startApply(async () => {
      setConfirm(null);
      const before = saved;
      const limits = expiryLines(draft, expiries, say, lang, "result");
      const result = await applyAction({ changes, cutConfirmed });
      if (!result.ok) return setOutcome({ kind: "failed", error: result.error, signedOut: result.signedOut === true });
      if (!result.applied) return setConfirm(cutLines(result.cut, say));
      setSaved(result.passthrough);
      setDraft(result.passthrough);
      setScopeNames(result.names);
      setExpiries({});
      setBadges(result.badges);
      if (props.drift) router.refresh(); // the drift banner above the cards reads the kernel too
      setPreview(null);
      setInUse((current) => ({ ...current, protocols: { ...current.protocols, ...Object.fromEntries(result.cut.map((id) => [id, NOT_IN_USE])) } }));
      const applied: Outcome = {
        kind: "applied",
        time: new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date()),
        ms: Math.round(result.timings.totalMs),
        changes: [...passthroughDiff(before, result.passthrough).map((change) => changeText(change, say, "result")), ...scopeChangeTexts(before, result.passthrough, say), ...limits],
        cut: result.cut.length > 0 ? "cutting" : undefined,
        warnings: result.warnings,
      };
      setOutcome(applied);
      if (result.cut.length > 0) {
        // The count follows in the same answer; a newer outcome is left alone.
        result.flowsCut.then(
          (cut) => setOutcome((current) => (current === applied ? { ...applied, cut } : current)),
          () => setOutcome((current) => (current === applied ? { ...applied, cut: undefined } : current)),
        );
      }
    });

  const togglePreview = () => {
    if (preview) return setPreview(null);
    startPreview(async () => {
      const result = await previewAction(changes);
      if (result.ok) setPreview({ diff: result.diff, cut: result.cut });
      else setOutcome({ kind: "failed", error: result.error, signedOut: result.signedOut === true });
    });
  };

  const names = Object.fromEntries(
    protocols.flatMap((p) => [[p.id, p.title], ...p.options.map((o) => [`${p.id}.${o.key}`, o.label])]),
  ) as Record<SwitchKey, string>;
  const unavailable = Object.fromEntries(protocols.filter((p) => badges[p.id].state === "unavailable").map((p) => [p.id, badges[p.id].reason ?? badges[p.id].label]));
  const nothingOn = protocols.every((p) => !saved[p.id].enabled);

  return (
    <>
      <VpnHelper draft={draft} path={props.path} names={names} unavailable={unavailable} defaultOpen={nothingOn} say={say} onTurnOn={turnOn} />
      {outcome && <ApplyResult outcome={outcome} say={say} />}
      <ul className="mt-6 space-y-4">
        {protocols.map((p) => (
          <ProtocolCard
            key={p.id}
            protocol={p}
            detail={props.details[p.id]}
            draft={draft}
            badge={badges[p.id]}
            pending={pendingOf(saved, draft, p.id) ?? (timed.has(p.id) ? "change" : undefined)}
            use={inUse.protocols[p.id]}
            busy={applying}
            say={say}
            diagnose={props.diagnose}
            test={<TestButton protocol={p} labels={props.testLabels} />}
            expiry={
              <ExpiryControl
                id={p.id}
                saved={saved[p.id]}
                on={draft[p.id].enabled}
                choice={expiries[p.id]}
                busy={applying}
                say={say}
                lang={lang}
                onChoose={(choice) => {
                  setPreview(null);
                  setExpiries((current) => ({ ...current, [p.id]: choice }));
                }}
              />
            }
            scope={<ScopeEditor protocol={p.id} scope={draft[p.id].scope} names={scopeNames} devices={devices} busy={applying} say={say} onChange={(list, entries) => setScope(p.id, list, entries)} />}
            onSet={(key, value) => set(p.id, key, value)}
            onDiagnose={() => setDiagnosing(p)}
          />
        ))}
      </ul>
      {preview && (
        <RulePreview
          changes={[...passthroughDiff(saved, draft).map((change) => changeText(change, say, "preview")), ...scopeChangeTexts(saved, draft, say), ...expiryLines(draft, expiries, say, lang, "preview")]}
          cut={preview.cut}
          diff={preview.diff}
          say={say}
        />
      )}
      {count > 0 && (
        <ActionBar count={count} say={say} applying={applying} previewing={previewing} previewShown={preview !== null} onDiscard={discard} onPreview={togglePreview} onSave={() => save(false)} />
      )}
      {confirm && <CutConfirm lines={confirm} say={say} onConfirm={() => save(true)} onCancel={() => setConfirm(null)} />}
      {diagnosing && <TraceDialog protocol={diagnosing} seconds={props.traceSeconds} labels={props.traceLabels} onClose={() => setDiagnosing(null)} />}
    </>
  );
}
