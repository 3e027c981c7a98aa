import type { Metadata, Viewport } from "next";
import { currentLanguage } from "./_server/request";
import "./globals.css";

export const metadata: Metadata = { title: "Lintas — VPN passthrough" };
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const lang = await currentLanguage();
  return (
    <html lang={lang}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
