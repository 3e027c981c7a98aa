"use client";
// While changes are unsaved, leaving asks first: the browser's own prompt for a reload, a typed address or a
// closed tab (beforeunload), and a confirm for links to the panel's other pages (the App Router has no
// navigation event to cancel, so their clicks are caught before Next sees them). Links marked data-keeps-draft
// leave without asking: the draft goes with the admin.
import { useEffect } from "react";

export function useLeaveGuard(active: boolean, question: string, onLeave: () => void): void {
  useEffect(() => {
    if (!active) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = ""; // what Chromium before 119 waits for
    };
    const click = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
      if (!link || link.target === "_blank" || link.hasAttribute("download") || link.hasAttribute("data-keeps-draft")) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname === location.pathname) return;
      if (window.confirm(question)) {
        onLeave();
      } else {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
    };
  }, [active, question, onLeave]);
}
