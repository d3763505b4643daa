export { createWebContainerSandbox, type SeedSource, type WebContainerSandboxOptions } from "./webcontainer-sandbox";
export type { WebContainerInstance, WebContainerModule } from "./api-types";
export { checkPageSupport, type PageEnvironment } from "./environment";
