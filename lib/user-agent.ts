// A browser's User-Agent header as a person names it: "Firefox 133", "Linux". The sessions list shows this, not
// the header (which every browser fills with the names of the others).

export type ClientName = { browser?: string; os?: string };

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, "Edge"],
  [/\bOPR\/(\d+)/, "Opera"],
  [/\bSamsungBrowser\/(\d+)/, "Samsung Internet"],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, "Firefox"],
  [/\bChromium\/(\d+)/, "Chromium"],
  [/\b(?:Headless)?Chrome\/(\d+)|\bCriOS\/(\d+)/, "Chrome"],
  [/\bVersion\/(\d+)[\d.]*(?: Mobile\/\S+)? Safari\//, "Safari"],
  [/^curl\/(\d+)/, "curl"],
];

const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

export function clientName(userAgent: string): ClientName {
  const name: ClientName = {};
  for (const [pattern, browser] of BROWSERS) {
    const match = pattern.exec(userAgent);
    if (match) {
      const version = match.slice(1).find(Boolean);
      name.browser = version ? `${browser} ${version}` : browser;
      break;
    }
  }
  const os = SYSTEMS.find(([pattern]) => pattern.test(userAgent));
  if (os) name.os = os[1];
  return name;
}
