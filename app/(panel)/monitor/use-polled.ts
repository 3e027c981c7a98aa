"use client";
// Polls a JSON route while the tab is shown: stops when it is hidden (document.visibilitychange), asks at once
// and resumes when it is shown again. One request at a time; a failed one keeps the last answer and says why.
import { useCallback, useEffect, useRef, useState } from "react";

export function usePolled<T>(url: string, initial: T, intervalMs: number): { data: T; error?: string; refresh: () => void } {
  const [data, setData] = useState(initial);
  const [error, setError] = useState<string>();
  const busy = useRef(false);

  const refresh = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      const response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
      const body = (await response.json().catch(() => ({}))) as T & { error?: string };
      if (!response.ok) throw new Error(body.error ?? response.statusText);
      setData(body);
      setError(undefined);
    } catch (failed) {
      setError((failed as Error).message);
    } finally {
      busy.current = false;
    }
  }, [url]);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      if (timer || document.hidden) return;
      void refresh();
      timer = setInterval(() => void refresh(), intervalMs);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const follow = () => (document.hidden ? stop() : start());
    // The page arrived with fresh data: the first poll comes one interval later.
    if (!document.hidden) timer = setInterval(() => void refresh(), intervalMs);
    document.addEventListener("visibilitychange", follow);
    return () => {
      stop();
      document.removeEventListener("visibilitychange", follow);
    };
  }, [refresh, intervalMs]);

  return { data, error, refresh: () => void refresh() };
}
