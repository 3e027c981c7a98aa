"use client";
// The few words shared components say themselves (a switch's On/Off, a password's Show/Hide) and the page's
// language for dates, given once by the root layout so every component speaks the language of the page.
import { createContext, useContext } from "react";

export type ComponentWords = { lang: string; on: string; off: string; show: string; hide: string };

const Words = createContext<ComponentWords | null>(null);

export function WordsProvider({ words, children }: { words: ComponentWords; children: React.ReactNode }) {
  return <Words value={words}>{children}</Words>;
}

export function useWords(): ComponentWords {
  const words = useContext(Words);
  if (!words) throw new Error("a shared component is rendered outside WordsProvider (app/layout.tsx)");
  return words;
}
