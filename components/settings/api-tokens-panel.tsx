"use client";

import { useRef, useState, useSyncExternalStore } from "react";
import { apiTokensApi, type ApiTokensApi } from "@/lib/client/api-tokens-api";
import { describeError } from "@/lib/client/conflict";
import { apiTokenLimits, apiTokenNameSchema, type ApiTokenSummary, type CreateApiTokenResponse } from "@/lib/validation/api-tokens";
import { nameProblem } from "@/lib/validation/names";
import { useHydrated } from "@/hooks/use-hydrated";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CreateByNameForm } from "@/components/ui/create-by-name-form";
import { ErrorBanner } from "@/components/ui/error-banner";
import { LocalTime } from "@/components/ui/local-time";

const noSubscription = () => () => {};
/** The page's origin for the curl example; a placeholder during the server render. */
function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => "https://your-ide.example",
  );
}

/** A workspace a token may be limited to. */
export type TokenWorkspaceOption = { id: string; name: string; personal: boolean };

/** API tokens for the headless API: create (the secret is shown once, optionally for one workspace), list, revoke. */
export function ApiTokensPanel({
  initialTokens,
  workspaces = [],
  api = apiTokensApi,
}: {
  initialTokens: ApiTokenSummary[];
  /** The caller's workspaces, offered as a token's scope. */
  workspaces?: TokenWorkspaceOption[];
  /** The tokens API; a fake in dev pages and tests. */
  api?: ApiTokensApi;
}) {
  const [tokens, setTokens] = useState(initialTokens);
  const [created, setCreated] = useState<CreateApiTokenResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pendingRevoke, setPendingRevoke] = useState<ApiTokenSummary | null>(null);
  // "" reaches every workspace; otherwise the one workspace's id.
  const [scope, setScope] = useState("");
  const [revoking, setRevoking] = useState(false);
  const hydrated = useHydrated();
  const origin = useOrigin();
  const activeCount = tokens.filter((t) => !t.revokedAt).length;

  const create = async (name: string): Promise<string | null> => {
    try {
      const answer = await api.create(name, scope || null);
      setTokens((list) => [answer.token, ...list.filter((t) => t.id !== answer.token.id)]);
      setCreated(answer);
      return null;
    } catch (err) {
      return `Could not create the token: ${describeError({ error: err })}`;
    }
  };

  const confirmRevoke = async () => {
    if (!pendingRevoke) return;
    const token = pendingRevoke;
    setRevoking(true);
    try {
      await api.revoke(token.id);
      const revokedAt = new Date().toISOString();
      setTokens((list) => list.map((t) => (t.id === token.id ? { ...t, revokedAt: t.revokedAt ?? revokedAt } : t)));
      // The secret on screen no longer works; showing it would only mislead.
      setCreated((shown) => (shown?.token.id === token.id ? null : shown));
      setError(null);
    } catch (err) {
      setError(`Could not revoke "${token.name}": ${describeError({ error: err })}`);
    } finally {
      setPendingRevoke(null);
      setRevoking(false);
    }
  };

  return (
    <section className="mt-8" aria-labelledby="api-tokens-heading" data-testid="api-tokens" data-hydrated={hydrated}>
      <h2 id="api-tokens-heading" className="text-lg font-semibold text-neutral-100">
        API tokens
      </h2>
      <p className="mt-1 text-sm text-neutral-400">
        A token lets scripts and other tools act as you, with <code className="text-neutral-200">Authorization: Bearer &lt;token&gt;</code>: run the
        agent through <code className="text-neutral-200">POST /api/agent</code>, and create, read, save and run projects through the project API.
        It reaches every project you can open, or only one workspace&apos;s. It cannot manage tokens or your account. Keep it secret; revoke it
        when you no longer use it. Up to {apiTokenLimits.activePerUser} active tokens.
      </p>

      <label className="mt-5 flex items-center gap-2 text-sm text-neutral-300">
        Reaches
        <select
          value={scope}
          onChange={(e) => setScope(e.target.value)}
          data-testid="create-token-scope"
          className="rounded border border-white/15 bg-neutral-950 px-2 py-1 text-sm text-neutral-100 outline-none focus:border-sky-500"
        >
          <option value="">Every workspace I belong to</option>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              Only {w.personal ? `${w.name} (personal)` : w.name}
            </option>
          ))}
        </select>
      </label>

      <CreateByNameForm
        className="mt-3"
        inputId="new-token-name"
        label="New token name"
        placeholder="Token name, e.g. CI on my laptop"
        submitLabel="Create token"
        testIdPrefix="create-token"
        validate={(name) => nameProblem({ schema: apiTokenNameSchema, name })}
        onCreate={create}
      />

      {created && <NewSecret created={created} onDone={() => setCreated(null)} />}

      {error && <ErrorBanner className="mt-4" testId="api-tokens-error" message={error} onDismiss={() => setError(null)} />}

      {tokens.length === 0 ? (
        <p data-testid="api-tokens-empty" className="mt-6 text-sm text-neutral-500">
          No tokens yet.
        </p>
      ) : (
        <>
          <p className="mt-6 text-xs text-neutral-500" data-testid="api-tokens-count">
            {activeCount} active of {apiTokenLimits.activePerUser}
          </p>
          <ul className="mt-2 divide-y divide-white/10 rounded border border-white/10" data-testid="api-token-list">
            {tokens.map((token) => (
              <TokenRow key={token.id} token={token} onRevoke={() => setPendingRevoke(token)} />
            ))}
          </ul>
        </>
      )}

      <CurlExample origin={origin} />

      {pendingRevoke && (
        <ConfirmDialog
          testId="revoke-token-dialog"
          title={`Revoke the token "${pendingRevoke.name}"?`}
          confirmLabel="Revoke token"
          destructive
          busy={revoking}
          onCancel={() => setPendingRevoke(null)}
          onConfirm={() => void confirmRevoke()}
        >
          <p>
            Anything using <code className="text-neutral-100">{pendingRevoke.prefix}…</code> stops working at once. This cannot be undone;
            you can create a new token afterwards.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function NewSecret({ created, onDone }: { created: CreateApiTokenResponse; onDone: () => void }) {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const input = useRef<HTMLInputElement>(null);

  const copySecret = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopy("copied");
    } catch {
      // No clipboard access (permissions, insecure origin): select it for a manual copy instead.
      input.current?.select();
      setCopy("failed");
    }
  };

  return (
    <div role="status" data-testid="api-token-secret-box" data-token-id={created.token.id} className="mt-4 rounded border border-emerald-500/40 bg-emerald-950/40 p-4 text-sm">
      <p className="font-medium text-emerald-100">Token &ldquo;{created.token.name}&rdquo; created.</p>
      <p className="mt-1 text-emerald-200/80">Copy it now and keep it somewhere safe: it will not be shown again.</p>
      <div className="mt-3 flex items-center gap-2">
        <label htmlFor="new-token-secret" className="sr-only">
          The new token
        </label>
        <input
          id="new-token-secret"
          ref={input}
          readOnly
          value={created.secret}
          onFocus={(e) => e.currentTarget.select()}
          spellCheck={false}
          data-testid="api-token-secret"
          className="min-w-0 flex-1 rounded border border-white/15 bg-neutral-950 px-2 py-1.5 font-mono text-xs text-neutral-100 outline-none focus:border-sky-500"
        />
        <Button onClick={() => void copySecret()} data-testid="api-token-copy">
          {copy === "copied" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone} data-testid="api-token-secret-dismiss">
          Done
        </Button>
      </div>
      {copy === "failed" && <p className="mt-2 text-xs text-amber-200">Copying was not allowed; the token is selected, copy it by hand.</p>}
    </div>
  );
}

function TokenRow({ token, onRevoke }: { token: ApiTokenSummary; onRevoke: () => void }) {
  const revoked = token.revokedAt !== null;
  return (
    <li
      data-testid="api-token-item"
      data-token-id={token.id}
      data-token-name={token.name}
      data-token-prefix={token.prefix}
      data-revoked={revoked}
      className="flex items-center gap-3 px-4 py-3"
    >
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-2">
          <span className={revoked ? "truncate font-medium text-neutral-500 line-through" : "truncate font-medium text-neutral-100"}>{token.name}</span>
          <code data-testid="api-token-prefix" className="shrink-0 rounded bg-white/5 px-1.5 py-0.5 text-xs text-neutral-400">
            {token.prefix}…
          </code>
          <span data-testid="api-token-scope" data-workspace-id={token.workspace?.id ?? ""} className="truncate text-xs text-neutral-400">
            {token.workspace ? `Only ${token.workspace.name}` : "Every workspace"}
          </span>
        </p>
        <p className="mt-0.5 text-xs text-neutral-500">
          Created <LocalTime iso={token.createdAt} />
          {" · "}
          {token.lastUsedAt ? (
            <>
              Last used <LocalTime iso={token.lastUsedAt} />
            </>
          ) : (
            "Never used"
          )}
        </p>
      </div>
      {token.revokedAt ? (
        <span data-testid="api-token-revoked" className="shrink-0 rounded border border-white/10 px-2 py-0.5 text-xs text-neutral-400">
          Revoked <LocalTime iso={token.revokedAt} />
        </span>
      ) : (
        <Button variant="ghost" data-testid="api-token-revoke" aria-label={`Revoke ${token.name}`} onClick={onRevoke} className="hover:text-red-300">
          Revoke
        </Button>
      )}
    </li>
  );
}

function CurlExample({ origin }: { origin: string }) {
  const command = [
    `curl -X POST ${origin}/api/agent \\`,
    `  -H "Authorization: Bearer $IDE_API_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"prompt": "Add a README that explains how to run this project"}'`,
  ].join("\n");
  return (
    <div className="mt-10">
      <h3 className="text-sm font-semibold text-neutral-200">Use a token</h3>
      <p className="mt-1 text-sm text-neutral-400">
        Put the token in <code className="text-neutral-200">IDE_API_TOKEN</code> and run one agent turn. Add{" "}
        <code className="text-neutral-200">&quot;projectId&quot;</code> to work in one of your projects (otherwise a scratch project is used),{" "}
        <code className="text-neutral-200">&quot;sessionId&quot;</code> to continue a conversation, and{" "}
        <code className="text-neutral-200">&quot;stream&quot;: true</code> for server-sent events.
      </p>
      <pre data-testid="api-curl-example" className="mt-3 overflow-x-auto rounded border border-white/10 bg-neutral-950 p-3 font-mono text-xs leading-relaxed text-neutral-200">
        {command}
      </pre>
    </div>
  );
}
