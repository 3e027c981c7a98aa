// Work an action starts but that need not delay its answer (cutting open flows after an apply) waits for this.
import { after } from "next/server";

/** Settles once the response has been sent (Next runs `after` callbacks then, also when the action failed). */
export function answerSent(): Promise<void> {
  return new Promise((resolve) => after(() => resolve()));
}
