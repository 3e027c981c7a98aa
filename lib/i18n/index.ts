// Two languages, chosen from the language cookie, the admin's saved choice, or the browser's Accept-Language.
import { en, type MessageKey } from "./en";
import { id } from "./id";

export const LANGUAGES = ["en", "id"] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { en, id };

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** The message for `key`, with {name} placeholders filled. */
export function translate(lang: Language, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export type Translator = (key: MessageKey, vars?: Record<string, string | number>) => string;
export const translator = (lang: Language): Translator => (key, vars) => translate(lang, key, vars);

/** Picks the language from an Accept-Language header: Indonesian when it ranks above English. */
export function fromAcceptLanguage(header: string | null | undefined): Language {
  const ranked = (header ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag ?? "", q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split("-")[0];
    if (base === "id" || base === "in") return "id";
    if (base === "en") return "en";
  }
  return "en";
}
