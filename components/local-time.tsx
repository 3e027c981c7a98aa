"use client";
// A moment in the reader's own time zone, with the zone named ("26 Nov 2026, 22:13:05 WIB"). The server does not
// know the reader's zone: its render says UTC, and the browser puts its own zone in once hydrated.
import { useSyncExternalStore } from "react";
import { useWords } from "./words";

const unchanging = () => () => {};
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function LocalTime({ at }: { at: string | Date }) {
  const { lang } = useWords();
  const zone = useSyncExternalStore(unchanging, browserZone, () => "UTC");
  const date = new Date(at);
  const text = new Intl.DateTimeFormat(lang === "id" ? "id-ID" : "en-GB", { dateStyle: "medium", timeStyle: "long", timeZone: zone }).format(date);
  return <time dateTime={date.toISOString()}>{text}</time>;
}
