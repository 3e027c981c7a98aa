// How the traffic chart writes amounts and moments: binary units (as routers count), times in the reader's zone.
const UNITS = ["B", "KB", "MB", "GB", "TB"];

export function formatBytes(bytes: number, lang: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
  return `${number} ${UNITS[unit]}`;
}

export function formatCount(count: number, lang: string): string {
  return new Intl.NumberFormat(locale(lang)).format(count);
}

/** A tick of the time axis: the time of day, with the day for the week's range. */
export function formatTick(at: number, lang: string, withDay: boolean): string {
  const options: Intl.DateTimeFormatOptions = withDay ? { weekday: "short", hour: "2-digit", minute: "2-digit" } : { hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(locale(lang), options).format(at);
}

export function formatMoment(at: number, lang: string): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short" }).format(at);
}

const locale = (lang: string) => (lang === "id" ? "id-ID" : "en-GB");
