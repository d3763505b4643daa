import "server-only";

/**
 * A model server that accepts a request and then goes silent would hold a turn for the HTTP client's
 * own timeouts (five minutes for the headers, again for a retry, five for a stalled body). The
 * providers fetch through this wrapper instead: the answer must start within `firstByteMs`, and once
 * streaming, no gap between chunks may exceed `idleMs`.
 */
export type ModelTimeouts = { firstByteMs: number; idleMs: number };

export class ModelTimeoutError extends Error {
  override name = "ModelTimeoutError";
  constructor(
    readonly phase: "first-byte" | "idle",
    readonly ms: number,
  ) {
    const seconds = `${ms / 1000} s`;
    super(
      phase === "first-byte"
        ? `The model did not answer within ${seconds}; check the model server or try again.`
        : `The model stopped answering for ${seconds} in the middle of its reply; check the model server or try again.`,
    );
  }
}

export function createModelFetch({ firstByteMs, idleMs }: ModelTimeouts, baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    // Ends the request (its socket too) when a limit passes; the caller's own signal still stops it.
    const timeout = new AbortController();
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout.signal]) : timeout.signal;
    const timer = setTimeout(() => timeout.abort(new ModelTimeoutError("first-byte", firstByteMs)), firstByteMs);
    let response: Response;
    try {
      response = await baseFetch(input, { ...init, signal });
    } catch (error) {
      throw timeout.signal.aborted ? timeout.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
    if (!response.body) return response;
    const body = withIdleTimeout(response.body, idleMs, (error) => timeout.abort(error));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The body, erroring with a ModelTimeoutError when a read waits longer than `idleMs` for the next chunk. */
function withIdleTimeout(body: ReadableStream<Uint8Array>, idleMs: number, onTimeout: (error: ModelTimeoutError) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ModelTimeoutError("idle", idleMs)), idleMs);
      });
      try {
        const { done, value } = await Promise.race([reader.read(), idle]);
        if (done) controller.close();
        else controller.enqueue(value);
      } catch (error) {
        if (error instanceof ModelTimeoutError) onTimeout(error);
        controller.error(error);
        reader.cancel(error).catch(() => undefined);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
}
