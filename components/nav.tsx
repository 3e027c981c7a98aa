"use client";
// Left navigation; on a phone it folds into a menu button at the top.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

export type NavItem = { href: string; label: string };

export function Nav({ items, menuLabel, footer }: { items: NavItem[]; menuLabel: string; footer: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  return (
    <>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden dark:border-slate-800 dark:bg-slate-900">
        <span className="font-semibold">Lintas</span>
        <button type="button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)} className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
          {menuLabel}
        </button>
      </header>
      <nav
        id="main-nav"
        aria-label={menuLabel}
        className={`${open ? "block" : "hidden"} border-b border-slate-200 bg-white md:block md:w-60 md:shrink-0 md:border-r md:border-b-0 dark:border-slate-800 dark:bg-slate-900`}
      >
        {/* The column runs the page's full height; its content stays in view while the page scrolls. */}
        <div className="md:sticky md:top-0">
        <div className="hidden px-5 pt-6 pb-4 md:block">
          <p className="text-xl font-semibold tracking-tight">Lintas</p>
        </div>
        <ul className="space-y-1 px-3 py-3 md:py-0">
          {items.map((item) => {
            const active = pathname.startsWith(item.href);
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  onClick={() => setOpen(false)}
                  aria-current={active ? "page" : undefined}
                  className={`block rounded-md px-3 py-2 text-sm font-medium ${active ? "bg-sky-50 text-sky-800 dark:bg-sky-900/40 dark:text-sky-200" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
                >
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="px-5 py-4">{footer}</div>
        </div>
      </nav>
    </>
  );
}
