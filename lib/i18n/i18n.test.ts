// The dictionaries: both languages have the same keys and placeholders, the catalogue's words exist in both,
// no Indonesian text is left in English, and messages (errors, warnings) render in either language.
import { describe, expect, it } from "vitest";
import { PROTOCOLS, optionsOf } from "../../netfilter/protocols";
import { VPN_KINDS } from "../../netfilter/vpn-kinds";
import { ApplyFailedError, InputError } from "../errors";
import { adviceKey, detailKey, optionLabelKey, summaryKey } from "./catalogue";
import { en } from "./en";
import { englishWords } from "./english";
import { id } from "./id";
import { message, translate } from "./index";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("have the same keys in English and Indonesian", () => {
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect([key, placeholders(id[key])]).toEqual([key, placeholders(en[key])]);
  });

  it("leave no English word in Indonesian (names and terms Indonesian keeps aside)", () => {
    const english = Object.entries(id).flatMap(([key, text]) => (englishWords(text).length ? [`${key}: ${englishWords(text).join(", ")}`] : []));
    expect(english).toEqual([]);
  });

  it("find English left in Indonesian text, the machine words of the audit log included", () => {
    expect(englishWords("Drift: kernel berbeda (nftables (nft works here)), pptp helper")).toEqual(["drift", "works", "here", "helper"]);
    expect(englishWords("Masuk login.ok secondFactor: true")).toEqual(["login.ok", "secondFactor", "true"]);
    expect(englishWords("Jalankan `lintas serve` lewat --from di fw4 OpenWrt, tabel inet filter chain forward")).toEqual([]);
  });

  it("word every protocol and sub-option of the catalogue in both languages", () => {
    for (const lang of ["en", "id"] as const) {
      for (const spec of PROTOCOLS) {
        expect(translate(lang, summaryKey(spec.id))).not.toBe("");
        expect(translate(lang, detailKey(spec.id))).not.toBe("");
        for (const [option] of optionsOf(spec.id)) expect(translate(lang, optionLabelKey(spec.id, option))).not.toBe("");
      }
    }
    expect(PROTOCOLS.filter((spec) => adviceKey(spec.id)).map((spec) => spec.id)).toEqual(["pptp"]);
  });

  it("word every VPN of \"Which VPN do you use?\" and why it needs each switch (the VPN page builds these keys)", () => {
    const keys = VPN_KINDS.flatMap((kind) => [
      `vpn.kind.${kind.id}`,
      `vpn.kind.${kind.id}.note`,
      ...kind.needs.map((key) => `vpn.why.${key}`),
      ...("whenRouted" in kind ? kind.whenRouted.flatMap((key) => [`vpn.why.${key}.noMasquerade`, `vpn.why.${key}.ipv6`]) : []),
    ]);
    expect(keys.filter((key) => !(key in en))).toEqual([]);
  });
});

describe("messages", () => {
  const refused = message("error.cannotTurnOn", { protocol: "PPTP", reason: "this kernel has no pptp conntrack helper" });

  it("render in the reader's language, the kernel's own words kept as they came", () => {
    expect(translate("en", refused.key, refused.params)).toBe("PPTP passthrough cannot be turned on: this kernel has no pptp conntrack helper");
    expect(translate("id", refused.key, refused.params)).toBe("penerusan PPTP tidak dapat diaktifkan: this kernel has no pptp conntrack helper");
  });

  it("render a message given as a param in the same language", () => {
    const invalid = message("error.networkInvalid", { field: "lan", value: '"br/lan"', reason: message("network.issue.interfaceSeparator") });
    expect(translate("en", invalid.key, invalid.params)).toBe('lan "br/lan": interface name cannot contain /, : or whitespace');
    expect(translate("id", invalid.key, invalid.params)).toBe('lan "br/lan": nama antarmuka tidak boleh berisi /, : atau spasi');
  });

  it("are the English .message of the errors, which keep the message to render it otherwise", () => {
    const error = new ApplyFailedError(refused);
    expect(error.message).toBe("PPTP passthrough cannot be turned on: this kernel has no pptp conntrack helper");
    expect(error.text).toBe(refused);
    const input = new InputError(message("error.noSuchAdmin", { username: "mallory" }), "username");
    expect([input.message, input.field]).toEqual(['no admin named "mallory"', "username"]);
  });
});
