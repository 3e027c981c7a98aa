// Guessing the password through a form that asks for it again, with a stolen session, as long as the session lives.
import { en } from "../../lib/i18n/en";
import type { ActionReply } from "./actions";
import type { Panel } from "./panel";
import { isSignedIn, throttledSeconds, wait } from "./sign-in";

export const MAX_GUESSES = 12;

/**
 * Wrong passwords through `guess`, waiting out any delay the server names, until the session is gone or
 * MAX_GUESSES were made. `wrong`: the replies that said the password was wrong (it was checked).
 */
export async function guessUntilSignedOut(panel: Panel, cookie: string, from: string, guess: (i: number) => Promise<ActionReply>) {
  let wrong = 0;
  for (let i = 0; i < MAX_GUESSES; i++) {
    const reply = JSON.stringify((await guess(i)).value ?? null);
    if (reply.includes(en["password.wrongCurrent"])) wrong++;
    if (!(await isSignedIn(panel, cookie, from))) return { ended: true, wrong };
    const seconds = throttledSeconds(reply);
    if (seconds !== undefined && seconds <= 30) await wait(seconds * 1000 + 200);
  }
  return { ended: false, wrong };
}
