"use client";

import { useEffect, type RefObject } from "react";

/**
 * Points an <img> at a blob: URL of bytes or text, revoked when they change or the image goes. An
 * SVG shown this way is drawn as a picture: its scripts never run and it fetches nothing.
 */
export function useObjectUrlSource({ ref, data, mime }: { ref: RefObject<HTMLImageElement | null>; data: Uint8Array | string; mime: string }): void {
  useEffect(() => {
    const image = ref.current;
    if (!image) return;
    const url = URL.createObjectURL(new Blob([typeof data === "string" ? data : new Uint8Array(data)], { type: mime }));
    image.src = url;
    return () => URL.revokeObjectURL(url);
  }, [ref, data, mime]);
}
