// Errors the services raise on purpose. The CLI maps them to exit codes, the web UI to messages.

/** Bad input: nothing was changed. `field` names what was wrong (a CLI word or a form field). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** The router could not be brought to the requested state; the previous kernel state and config are kept. */
export class ApplyFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ApplyFailedError";
  }
}
