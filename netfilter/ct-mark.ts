// The conntrack mark Lintas sets on the connections of the VPN flows the monitor lists, so the conntrack script
// can ask the kernel for those entries only (a dump filtered by CTA_MARK/CTA_MARK_MASK: one walk of the hash
// table for both families, whatever else it holds; see ctnetlink.ts). One bit, set with the others kept
// (nft `ct mark set ct mark | BIT`, iptables `CONNMARK --set-xmark BIT/BIT`), so other software's ct marks
// survive. Bit 24: clear of the fields router software is known to keep in the connmark (Tailscale saves
// 0xff0000 there, mwan3 uses 0x3f00). Changing it is changing this constant (and the golden files).
export const VPN_CT_MARK = 0x01000000;

/** As nft lists it: 0x01000000. */
export const VPN_CT_MARK_TEXT = `0x${VPN_CT_MARK.toString(16).padStart(8, "0")}`;
