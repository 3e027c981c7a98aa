// Text whose `backquoted` parts are commands: shown as code, and marked as not the page's language.
export function CodeText({ text }: { text: string }) {
  return text.split("`").map((part, i) => (i % 2 ? <code key={i} translate="no" className="font-mono">{part}</code> : part));
}
