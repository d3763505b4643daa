// POST /api/projects/:projectId/box/exec – run a command in the caller's offline box, streamed as server-sent events
import { requireCaller, requireProjectAccess } from "@/lib/auth/guard";
import { roleAllows } from "@/lib/auth/permissions";
import { classifyDatabaseError, databaseUnavailableMessage, logDatabaseFailure } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { readJson, route } from "@/lib/http";
import { runInProjectBox } from "@/lib/projects/project-box";
import { SandboxError } from "@/lib/sandbox/types";
import type { BoxExecEvent } from "@/lib/validation/box";
import { boxExecRequestSchema } from "@/lib/validation/box";

type Context = { params: Promise<{ projectId: string }> };

/** The database failing under a running command is a 503-like event, logged once per kind, not a stack per request. */
function databaseDown(error: unknown) {
  const failure = classifyDatabaseError(error);
  return failure === "timeout" || failure === "unreachable" ? failure : null;
}

export const POST = route<Context>(async (req, { params }) => {
  const caller = await requireCaller(req.headers);
  // Viewers run the project too, in their own box; nothing they run is saved (see flush).
  const { project, role } = await requireProjectAccess({ caller, projectId: (await params).projectId, action: "project:read" });
  const body = await readJson(req, boxExecRequestSchema, 2 * 1024 * 1024);
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
        const run = await runInProjectBox({
          caller,
          projectId: project.id,
          command: body.command,
          canSave: roleAllows(role, "project:write"),
          options: {
            cwd: body.cwd,
            timeoutMs: body.timeoutMs,
            stdin: body.stdin,
            env: body.env,
            // Closing the request (Ctrl+C in the terminal, a closed tab) stops the command.
            signal: req.signal,
            onStdout: (chunk) => send({ type: "stdout", chunk }),
            onStderr: (chunk) => send({ type: "stderr", chunk }),
            onNotice: (message) => send({ type: "notice", message }),
          },
        });
        // A notice, so the terminal prints it (it is not the command's output).
        if (run.notSaved) send({ type: "notice", message: run.notSaved });
        send({ type: "result", ...run.result, snapshotId: run.snapshotId, changedPaths: run.changedPaths, saveError: run.saveError, notSaved: run.notSaved });
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
});
