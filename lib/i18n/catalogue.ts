// The protocol catalogue's words (netfilter/protocols.ts): keys built from its ids. The return types list every
// key the catalogue needs, so a protocol or sub-option added without its words does not compile.
import type { OptionId, ProtocolId } from "../../netfilter/protocols";
import { isMessageKey, type MessageKey } from "./index";

type OptionLabelKey = { [Id in ProtocolId]: `protocol.${Id}.option.${OptionId<Id>}` }[ProtocolId];

/** What the protocol's switch lets through, e.g. `protocol.pptp.summary`. */
export const summaryKey = (id: ProtocolId) => `protocol.${id}.summary` as const;

/** The technical detail behind the summary, folded away on the card (`protocol.pptp.detail`). */
export const detailKey = (id: ProtocolId) => `protocol.${id}.detail` as const;

/** Security advice shown next to the switch, for the protocols that have some (`protocol.pptp.advice`). */
export function adviceKey(id: ProtocolId): MessageKey | undefined {
  const key = `protocol.${id}.advice`;
  return isMessageKey(key) ? key : undefined;
}

/** A sub-option's label, e.g. `protocol.ipsec.option.natT`. */
export const optionLabelKey = <Id extends ProtocolId>(id: Id, option: OptionId<Id>) => `protocol.${id}.option.${option}` as OptionLabelKey;
