import type { Metadata, Viewport } from "next";
import { currentLanguage, currentTranslator } from "./_server/request";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentTranslator();
  return { title: `${t("app.name")} — ${t("app.tagline")}`, icons: { icon: "/favicon.svg" } };
}
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const lang = await currentLanguage();
  return (
    <html lang={lang}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
