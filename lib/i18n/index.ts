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

/** The {name} placeholders of a text, as a union of names. */
type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
/** A placeholder's value: words (a kernel's or a tool's own text stays as it came), a number, or another message. */
export type Param = string | number | Message;
type ParamsOf<Key extends MessageKey> = { [Name in Placeholders<(typeof en)[Key]>]: Param };
type ParamsArgs<Key extends MessageKey> = [Placeholders<(typeof en)[Key]>] extends [never] ? [] : [params: ParamsOf<Key>];

/**
 * Text for a reader whose language is not known yet: a key and its placeholders' values. Errors and warnings
 * carry one; the page renders it in the reader's language, the CLI and the logs in English.
 */
export type Message = { key: MessageKey; params?: Record<string, Param> };

/** A message whose params are checked against the English text's placeholders. */
export function message<Key extends MessageKey>(key: Key, ...[params]: ParamsArgs<Key>): Message {
  return params ? { key, params } : { key };
}

/** The message for `key`, with {name} placeholders filled (a message as a value is rendered in the same language). */
export function translate(lang: Language, key: MessageKey, vars: Record<string, Param> = {}): string {
  return dictionaries[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === "object" ? translate(lang, value.key, value.params) : String(value);
  });
}

export type Translator = (key: MessageKey, vars?: Record<string, Param>) => string;
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
