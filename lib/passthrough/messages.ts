// The services' words for what netfilter reports as data: why an apply was refused, why a network setting is.
import type { ApplyRefusal, NetworkIssue } from "../../netfilter";
import { isMessageKey, type Message, type MessageKey, type Param } from "../i18n";

/** A refused apply in the reader's words; the kernel's own line stays as it came, inside them. */
export function refusalMessage(refusal: ApplyRefusal): Message {
  const { kind, ...params } = refusal;
  return { key: `apply.refused.${kind}`, params };
}

// Typed: a NetworkIssue without its words does not compile.
const issueKey = (issue: NetworkIssue): MessageKey => `network.issue.${issue}`;

/** A network schema message as words: its issue's text, or zod's own message (a value of the wrong type) as it is. */
export function networkIssueText(text: string): Param {
  const key = issueKey(text as NetworkIssue);
  return isMessageKey(key) ? { key } : text;
}
