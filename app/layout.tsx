import type { Metadata } from "next";
import type { ReactNode } from "react";
import { preferencesStorageKey } from "@/lib/validation/preferences";
import "./globals.css";

export const metadata: Metadata = {
  title: "Agent IDE",
  description: "A browser IDE where you and an agent build together",
  // Drawn by scripts/make-icons.ts from public/icon.svg.
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon-32.png", sizes: "32x32", type: "image/png" },
    ],
    apple: "/apple-touch-icon.png",
  },
  manifest: "/manifest.webmanifest",
};

// Runs before the first paint, so a stored Light or Dark choice never flashes the other theme;
// without one, app/globals.css follows the system. lib/client/preferences.ts keeps it current.
const themeScript = `try{var t=JSON.parse(localStorage.getItem(${JSON.stringify(preferencesStorageKey)})||"{}").theme;if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // The theme script sets data-theme before React hydrates; that difference is expected.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="h-full antialiased">{children}</body>
    </html>
  );
}
