// The Save & apply server action, sent as the page sends it but from the timing agent in the LAN host: the
// action id and body shape are taken from one real click, then replayed. Each call gives the HTTP round trip
// seen from the LAN host and the apply report's own server-side timings (`timings.totalMs`: pipeline start ->
// verified read-back) when the answer carries them.
import type { Page } from "@playwright/test";
import { PANEL_URL, type Panel } from "./panel";

/** `timings`: the apply report's own, e.g. { planMs, applyMs, verifyMs, totalMs }. */
export type ActionTiming = { roundTripMs: number; timings?: Record<string, number> };
export type ApplyAction = (pptpOn: boolean) => Promise<ActionTiming>;

// The page's first Save asks the server whether open connections would be cut (and asks the admin if so); the
// replay is the confirmed Save, so every call runs the apply.
const body = (pptpOn: boolean, cutConfirmed: boolean) => JSON.stringify([{ changes: { pptp: { enabled: pptpOn } }, cutConfirmed }]);

/** Flips PPTP in the page and presses Save & apply once, to learn the action's id; leaves PPTP switched over. */
async function captureActionId(page: Page): Promise<string> {
  const pptp = page.getByRole("switch", { name: "PPTP passthrough" });
  const on = (await pptp.getAttribute("aria-checked")) !== "true";
  await pptp.click();
  // The page's other actions (what is in use, the device list) may still be on their way after it loaded.
  const request = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined && (r.postData() ?? "").includes('"cutConfirmed"'));
  await page.getByRole("button", { name: "Save & apply" }).click();
  const sent = await request;
  if (sent.postData() !== body(on, false)) throw new Error(`the page sends Save & apply as ${sent.postData()}, the bench expects ${body(on, false)}`);
  await sent.response();
  return sent.headers()["next-action"]!;
}

export async function applyActionOf(panel: Panel): Promise<ApplyAction> {
  const id = await captureActionId(panel.page);
  return async (pptpOn) => {
    const answer = await panel.lan.http({
      url: `${PANEL_URL}/vpn`,
      method: "POST",
      headers: { "Next-Action": id, "Content-Type": "text/plain;charset=UTF-8", Accept: "text/x-component", Origin: PANEL_URL, Cookie: panel.cookie },
      body: body(pptpOn, true),
    });
    if (answer.status !== 200 || !answer.text.includes('"ok":true')) {
      throw new Error(`Save & apply (pptp=${pptpOn ? "on" : "off"}) answered HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
    }
    return { roundTripMs: answer.ms, timings: reportTimings(answer.text) };
  };
}

/** The apply report's `timings` inside the action's RSC answer, if it has them. */
function reportTimings(rsc: string): Record<string, number> | undefined {
  const start = rsc.indexOf("{", rsc.indexOf('"timings":{'));
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start; i < rsc.length; i++) {
    depth += rsc[i] === "{" ? 1 : rsc[i] === "}" ? -1 : 0;
    if (depth === 0) return JSON.parse(rsc.slice(start, i + 1)) as Record<string, number>;
  }
  return undefined;
}
