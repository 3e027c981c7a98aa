// What the browser tests check on every page: WCAG 2.2 AA by axe-core in the light and the dark theme, and no
// English word on a page shown in Indonesian (the text a reader sees, less what is marked translate="no").
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { englishWords } from "../../lib/i18n/english";

const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** Each axe violation in either theme, as "theme rule: target — summary" lines (none when the page passes). */
export async function axeViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).withTags(WCAG_AA).analyze();
    for (const violation of results.violations) {
      for (const node of violation.nodes) found.push(`${colorScheme} ${violation.id}: ${node.target.join(" ")} — ${node.failureSummary?.replace(/\s+/g, " ")}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

/** The English words of the page's visible text that is in the page's language (translate="no" parts left out). */
export async function englishOnPage(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || element.closest("script, style, [hidden]")) continue;
      if (element.closest("[translate]")?.getAttribute("translate") === "no") continue;
      if (!element.checkVisibility()) continue;
      parts.push(node.textContent ?? "");
    }
    // The names a reader hears: labels and titles given as attributes.
    for (const element of document.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
      if (element.closest("[translate]")?.getAttribute("translate") === "no") continue;
      for (const name of ["aria-label", "title", "placeholder", "alt"]) parts.push(element.getAttribute(name) ?? "");
    }
    return [document.title, ...parts].join(" \n ");
  });
  return englishWords(text);
}
