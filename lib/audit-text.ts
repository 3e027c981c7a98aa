// An audit row as a sentence in the reader's language: "Signed in with a second factor", "Changed the settings:
// IPsec ESP: on → off". The rows store machine words (action names, English reasons); they are read here.
import { describeAuditDetail } from "./audit-detail";
import type { RepairDetail } from "./repair-text";
import { expiredText } from "./expiry-text";
import type { MessageKey, Translator } from "./i18n";
import { PROTOCOL_IDS, protocolSpec, type ProtocolId } from "../netfilter";

export type AuditRow = { action: string; ok: boolean; detail: Record<string, unknown> };

type Detail = Record<string, unknown>;
type Sentence = (detail: Detail, ok: boolean, t: Translator) => string;

// The reasons lib/auth writes, in the reader's words; a reason not listed here is shown as it was stored.
const REASONS: Record<string, MessageKey> = {
  "wrong password": "audit.reason.wrongPassword",
  "no such user": "audit.reason.noSuchUser",
  "wrong second-factor code": "audit.reason.wrongCode",
  "second-factor code already used": "audit.reason.usedCode",
  "bad setup code": "audit.reason.wrongSetupCode",
  "wrong code": "audit.reason.wrongCode",
  "no enrolment begun": "audit.reason.noEnrolment",
  "enrolment begun again meanwhile": "audit.reason.enrolmentRestarted",
};

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const reason = (detail: Detail, t: Translator) => (typeof detail.reason === "string" && REASONS[detail.reason] ? t(REASONS[detail.reason]!) : text(detail.reason));
const count = (value: unknown) => (typeof value === "number" ? value : 0);

const SENTENCES: Record<string, Sentence> = {
  "login.ok": (detail, _ok, t) => t(detail.secondFactor ? "audit.event.signedInTwoFactor" : "audit.event.signedIn"),
  "login.failed": (detail, _ok, t) => t("audit.event.signInRefused", { reason: reason(detail, t) }),
  "login.throttled": (detail, _ok, t) => t(detail.during ? "audit.event.reauthThrottled" : "audit.event.signInThrottled", { seconds: count(detail.waitSeconds) }),
  "login.locked": (detail, _ok, t) => t("audit.event.locked", { minutes: count(detail.minutes) }),
  logout: (_detail, _ok, t) => t("audit.event.signedOut"),
  "admin.password-change": (detail, ok, t) =>
    ok ? t("audit.event.passwordChanged", { count: count(detail.sessionsRevoked) }) : t("audit.event.passwordChangeRefused", { reason: reason(detail, t) }),
  "admin.password-set": (detail, _ok, t) => t("audit.event.passwordSet", { username: text(detail.username), count: count(detail.sessionsRevoked) }),
  "admin.created": (detail, _ok, t) => t("audit.event.adminCreated", { username: text(detail.username) }),
  "setup.admin-created": (detail, _ok, t) => t("audit.event.setupDone", { username: text(detail.username) }),
  "setup.failed": (detail, _ok, t) => t("audit.event.setupRefused", { reason: reason(detail, t) }),
  "totp.enrol-begin": (detail, ok, t) =>
    ok ? t(detail.replacing ? "audit.event.totpReplaceBegun" : "audit.event.totpBegun") : t("audit.event.totpBeginRefused", { reason: reason(detail, t) }),
  "totp.enable": (detail, ok, t) =>
    ok ? t(detail.replaced ? "audit.event.totpReplaced" : "audit.event.totpOn") : t("audit.event.totpNotConfirmed", { reason: reason(detail, t) }),
  "totp.enrol-abort": (_detail, _ok, t) => t("audit.event.totpCancelled"),
  "totp.disable": (detail, ok, t) => (ok ? t("audit.event.totpOff") : t("audit.event.totpOffRefused", { reason: reason(detail, t) })),
  "totp.reset": (detail, _ok, t) => t("audit.event.totpReset", { username: text(detail.username), count: count(detail.sessionsRevoked) }),
  "session.revoke": (_detail, _ok, t) => t("audit.event.sessionEnded"),
  "session.revoke-all": (detail, _ok, t) => t("audit.event.signedOutEverywhere", { count: count(detail.sessions) }),
  "session.ended-reauth": (detail, _ok, t) => t("audit.event.sessionEndedReauth", { count: count(detail.wrongAnswers) }),
  "config.change": (detail, ok, t) => t(ok ? "audit.event.settingsChanged" : "audit.event.settingsRefused", { changes: describeAuditDetail(detail, t) }) + cut(detail, t),
  "config.reapply": (detail, _ok, t) => capitalised(describeAuditDetail(detail, t)) + cut(detail, t),
  "config.repair": (detail, _ok, t) =>
    t((detail.repair as RepairDetail | undefined)?.cause.trigger === "names" ? "audit.event.namesFollowed" : "audit.event.repaired", { what: describeAuditDetail(detail, t) }) + cut(detail, t),
  "config.expire": (detail, _ok, t) => expiredList(detail).map((expired) => expiredText(expired, t)).join("; ") + cut(detail, t),
  "settings.reminder": (detail, _ok, t) => t("audit.event.reminderSet", { days: count(detail.after) }),
  "config.recover": (detail, _ok, t) => t(detail.outcome === "committed" ? "audit.event.recoverKept" : "audit.event.recoverDropped"),
  "rules.removed": (detail, _ok, t) => t("audit.event.rulesRemoved", { count: Array.isArray(detail.removed) ? detail.removed.length : 0 }),
  trace: (detail, _ok, t) =>
    detail.from
      ? t("audit.event.tracedFrom", { protocol: protocolTitle(detail.protocol), from: text(detail.from), seconds: count(detail.seconds) })
      : t("audit.event.traced", { protocol: protocolTitle(detail.protocol), seconds: count(detail.seconds) }),
};

/** The row as a sentence; an action this version does not know reads as its name and stored detail. */
export function describeAuditEvent({ action, ok, detail }: AuditRow, t: Translator): string {
  const sentence = SENTENCES[action];
  if (sentence) return sentence(detail, ok, t);
  const fields = Object.entries(detail).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return [action, ...fields].join(", ");
}

/** The open flows an apply cut, as a second sentence. */
function cut(detail: Detail, t: Translator): string {
  const protocols = Array.isArray(detail.cut) ? detail.cut.filter(isProtocolId) : [];
  return protocols.length ? `. ${t("audit.event.flowsCut", { protocols: protocols.map(protocolTitle).join(", ") })}` : "";
}

/** The switches a `config.expire` row turned off. */
function expiredList(detail: Detail): { protocol: string; seconds: number }[] {
  return Array.isArray(detail.expired) ? detail.expired.filter((e) => typeof e?.protocol === "string" && typeof e?.seconds === "number") : [];
}

const isProtocolId = (id: unknown): id is ProtocolId => PROTOCOL_IDS.includes(id as ProtocolId);
const protocolTitle = (id: unknown) => (isProtocolId(id) ? protocolSpec(id).title : text(id));
const capitalised = (sentence: string) => sentence.charAt(0).toUpperCase() + sentence.slice(1);
