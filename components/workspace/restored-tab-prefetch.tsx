import { savedTabsKey } from "@/lib/client/local-keys";
import { rawFilePath } from "@/lib/client/project-api";

/**
 * Asks for the file a person had in front of them when they left the project while the page's
 * scripts are still downloading, instead of after hydration: the document loader later asks for the
 * same immutable URL (projectApi.readBytes) and the browser's HTTP cache answers it. It reads only
 * this browser's saved tabs (lib/client/tab-keeper.ts), and only when they belong to the head the page
 * was rendered at, so the path exists there; otherwise it fetches nothing and the loader fetches as usual.
 */
export function RestoredTabPrefetch({ projectId, userId, snapshotId }: { projectId: string; userId: string; snapshotId: string | null }) {
  if (snapshotId === null) return null;
  // `<` escaped: the values end up inside a <script> element.
  const args = JSON.stringify({ key: savedTabsKey({ projectId, userId }), url: rawFilePath(projectId), snapshotId }).replaceAll("<", "\\u003c");
  const source = `(function(a){try{var t=JSON.parse(localStorage.getItem(a.key)||"null");if(t&&t.snapshotId===a.snapshotId&&typeof t.active==="string")fetch(a.url+"?"+new URLSearchParams({path:t.active,snapshotId:a.snapshotId}),{credentials:"same-origin"}).catch(function(){})}catch(e){}})(${args})`;
  return <script dangerouslySetInnerHTML={{ __html: source }} />;
}
