/* eslint-disable @next/next/no-img-element -- a 24 px SVG from public/ needs no image optimisation */

export const appName = "Agent IDE";

/** The app's icon and name, as on the sign-in page and the error pages. */
export function AppMark() {
  return (
    <div className="flex items-center gap-2 text-sm font-semibold text-neutral-100" data-testid="app-mark">
      <img src="/icon.svg" alt="" width={24} height={24} />
      <span>{appName}</span>
    </div>
  );
}
