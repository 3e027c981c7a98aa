// Errors the services raise on purpose. The CLI maps them to exit codes, the web UI to messages. Each carries its
// text as a message (key + params) that a page renders in the reader's language; `.message` is the English
// rendering, for the CLI and the logs.
import { translate, type Message } from "./i18n";

/**
 * Bad input: nothing was changed. `field` names what was wrong (a CLI word or a form field). A plain string is
 * English only: the CLI's complaints about its own words, which no page shows.
 */
export class InputError extends Error {
  readonly text?: Message;
  constructor(text: Message | string, readonly field?: string) {
    super(typeof text === "string" ? text : translate("en", text.key, text.params));
    this.name = "InputError";
    if (typeof text !== "string") this.text = text;
  }
}

/** Bad input in several fields at once: a form's every mistake in one answer. `.text` and `.field` are the first. */
export class FieldsError extends InputError {
  constructor(readonly fields: Record<string, Message>) {
    const [field, text] = Object.entries(fields)[0]!;
    super(text, field);
    this.name = "FieldsError";
  }
}

/** The router could not be brought to the requested state; the previous kernel state and config are kept. */
export class ApplyFailedError extends Error {
  constructor(readonly text: Message) {
    super(translate("en", text.key, text.params));
    this.name = "ApplyFailedError";
  }
}

/** A warning of a service call: its message, and the English rendering for the CLI and the logs. */
export type Warning = Message & { message: string };

export function warning(text: Message): Warning {
  return { ...text, message: translate("en", text.key, text.params) };
}
