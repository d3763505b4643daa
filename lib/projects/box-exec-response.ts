import "server-only";
import { classifyDatabaseError, databaseUnavailableMessage, logDatabaseFailure } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import type { ExecOptions } from "@/lib/sandbox/types";
import { SandboxError } from "@/lib/sandbox/types";
import type { z } from "zod";
import type { BoxExecEvent, boxExecRequestSchema } from "@/lib/validation/box";
import type { ProjectBoxRun } from "./project-box";

/** The database failing under a running command is a 503-like event, logged once per kind, not a stack per request. */
function databaseDown(error: unknown) {
  const failure = classifyDatabaseError(error);
  return failure === "timeout" || failure === "unreachable" ? failure : null;
}

/**
 * A box command's run as the server-sent events the terminal reads (output, notices, then the
 * result or an error). `run` starts it with the request's options; closing the request stops it.
 */
export function boxExecResponse({
  req,
  body,
  run,
}: {
  req: Request;
  body: z.output<typeof boxExecRequestSchema>;
  run: (command: string, options: ExecOptions) => Promise<ProjectBoxRun>;
}): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: BoxExecEvent) => {
        try {
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(event)}\n\n`));
        } catch {
          // The client went away; the command is being stopped through the abort signal.
        }
      };
      try {
        const done = await run(body.command, {
          cwd: body.cwd,
          timeoutMs: body.timeoutMs,
          stdin: body.stdin,
          env: body.env,
          session: body.session,
          // Closing the request (Ctrl+C in the terminal, a closed tab) stops the command.
          signal: req.signal,
          onStdout: (chunk) => send({ type: "stdout", chunk }),
          onStderr: (chunk) => send({ type: "stderr", chunk }),
          onNotice: (message) => send({ type: "notice", message }),
        });
        // A notice, so the terminal prints it (it is not the command's output).
        if (done.notSaved) send({ type: "notice", message: done.notSaved });
        send({ type: "result", ...done.result, snapshotId: done.snapshotId, changedPaths: done.changedPaths, saveError: done.saveError, notSaved: done.notSaved });
      } catch (error) {
        const down = databaseDown(error);
        if (error instanceof SandboxError) send({ type: "error", code: `sandbox:${error.code}`, message: error.message });
        else if (error instanceof AppError) send({ type: "error", code: error.code, message: error.message });
        else if (down) {
          logDatabaseFailure(down, error);
          send({ type: "error", code: "unavailable:database", message: databaseUnavailableMessage(down) });
        } else {
          console.error("Box exec failed", error);
          send({ type: "error", code: "internal", message: "The box failed to run the command; try again" });
        }
      } finally {
        try {
          controller.close();
        } catch {
          // Already closed by a disconnect.
        }
      }
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", "x-accel-buffering": "no" },
  });
}
