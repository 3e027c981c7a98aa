// English words in Indonesian text: the words of the English dictionary (en.ts), less the names and technical
// words Indonesian keeps as they are. The dictionary test and the browser test of the Indonesian pages use it.
import { en } from "./en";

/**
 * Kept in Indonesian text: names (products, tools, protocols, this app), nftables' own terms, and words that
 * are Indonesian too. A word goes here only when a native speaker would write it in Indonesian as it is.
 */
export const KEPT_WORDS: ReadonlySet<string> = new Set([
  // names
  "lintas", "docker", "ufw", "firewalld", "openwrt", "nftables", "iptables", "iptables-legacy", "conntrack", "nft", "pptp",
  "wireguard", "openvpn", "journalctl", "lintas-panel", "npm", "strongswan", "chrome", "firefox", "safari", "edge", "opera",
  "cisco", "fortinet", "windows", "macos", "ios", "android",
  // nftables' own terms and keywords (a chain's name, a verdict), and networking's, written so in Indonesian
  "chain", "table", "inet", "forward", "input", "output", "prerouting", "postrouting", "accept", "drop", "reject", "jump", "goto", "dry-run", "router", "firewall", "kernel", "server", "internet", "admin", "audit", "status", "menu",
  "mode", "port", "handle", "backend", "txt", "masquerade", "ms", "host",
  // Indonesian words spelt as English ones
  "per", "data", "total", "detail", "valid", "filter", "global", "panel", "terminal", "digit", "tab",
]);

/** Words English UI text is made of that en.ts may not (or no longer) say itself. */
const COMMON_ENGLISH = ["the", "and", "or", "of", "to", "is", "not", "yes", "no", "on", "off", "ok", "true", "false", "drift", "helper", "works", "here"];

/** Machine words a page must not show a reader: action names (login.ok, config.change) and fields (secondFactor). */
const MACHINE_WORD = /^[a-z]+(?:\.[a-z-]+)+$|^[a-z]+[A-Z][A-Za-z]*$/;

/** Text split at spaces, the punctuation around each piece taken off; commands (`quoted`) and placeholders out. */
function tokensOf(text: string): string[] {
  return text
    .replace(/`[^`]*`/g, " ")
    .replace(/\{\w+\}/g, " ")
    .split(/\s+/)
    .map((token) => token.replace(/^[("'«.]+|[)"'».,:;!?…]+$/g, ""))
    .filter(Boolean);
}

/**
 * Words as the checks see them: letters (with inner - or '), lower-cased. Left out: options (--from), acronyms
 * and mixed-case names (IPsec, IKEv2), anything with a digit (fw4, net.ipv4.ip_forward).
 */
const wordsOf = (text: string) =>
  tokensOf(text)
    .filter((token) => /^[A-Za-z]+(?:['-][A-Za-z]+)*$/.test(token) && !/[A-Z].*[A-Z]/.test(token))
    .map((token) => token.toLowerCase());

const VOCABULARY: ReadonlySet<string> = new Set([...Object.values(en).flatMap(wordsOf), ...COMMON_ENGLISH].filter((word) => !KEPT_WORDS.has(word)));

/** The English words (of the dictionary, and common ones) and machine words found in `text`, each once. */
export function englishWords(text: string): string[] {
  // A kept name is no machine word, however it is spelt (macOS, iOS).
  const machine = tokensOf(text).filter((token) => MACHINE_WORD.test(token) && !KEPT_WORDS.has(token.toLowerCase()));
  return [...new Set([...machine, ...wordsOf(text).filter((word) => VOCABULARY.has(word))])];
}
