import type { BootOptions, WebContainer } from "@webcontainer/api";

/**
 * The part of a booted WebContainer the adapter uses. Structural, so a test fake can stand in for
 * the real class (whose private fields would make it nominal).
 */
export type WebContainerInstance = Pick<WebContainer, "fs" | "spawn" | "on" | "mount" | "workdir" | "teardown">;

/** The part of the `@webcontainer/api` module the adapter uses; the real module satisfies it. */
export type WebContainerModule = {
  WebContainer: { boot(options?: BootOptions): Promise<WebContainerInstance> };
  /** Sets the licence key; the real module throws when it is called after a boot started. */
  configureAPIKey?: (key: string) => void;
};
