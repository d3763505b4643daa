/** A timestamp in the reader's locale and zone; the server's rendering of it may differ, on purpose. */
export function LocalTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {new Date(iso).toLocaleString()}
    </time>
  );
}
