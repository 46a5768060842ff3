import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { errorInfo } from "../api/errors";
import { useTRPC } from "../api/trpc";
import { formatDate } from "../lib/format";
import { shareUrl } from "./share-link";
import "../styles/share.css";

const EXPIRIES = [
  { label: "Never expires", days: undefined },
  { label: "Expires in 1 day", days: 1 },
  { label: "Expires in 7 days", days: 7 },
  { label: "Expires in 30 days", days: 30 },
] as const;

interface ShareDialogProps {
  conversationId: number;
  /** A model or run conversation: its model's settings can be shown too, if the owner ticks it. */
  aboutModel: boolean;
  open: boolean;
  onClose: () => void;
}

/**
 * Share links of one conversation: create one (the link is shown once: only its hash is kept),
 * copy it, see the links made before, revoke them.
 */
export function ShareDialog({ conversationId, aboutModel, open, onClose }: ShareDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const shares = useQuery(trpc.shares.list.queryOptions({ conversationId }, { enabled: open }));
  const create = useMutation(trpc.shares.create.mutationOptions());
  const revoke = useMutation(trpc.shares.revoke.mutationOptions());
  const [expiry, setExpiry] = useState(0);
  const [withSettings, setWithSettings] = useState(false);
  const [signedInOnly, setSignedInOnly] = useState(false);
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.open) dialog.showModal();
    if (!open && dialog?.open) dialog.close();
    if (!open) setLink(null);
  }, [open]);

  const refresh = () => queryClient.invalidateQueries(trpc.shares.list.queryFilter());
  async function onCreate() {
    setError(null);
    try {
      const { token } = await create.mutateAsync({
        conversationId,
        expiresInDays: EXPIRIES[expiry]?.days,
        ...(aboutModel && withSettings ? { includeModelSettings: true } : {}),
        viewers: signedInOnly ? "signed-in" : "anyone",
      });
      setLink(shareUrl(token));
      setCopied(false);
      await refresh();
    } catch (failure) {
      setError(errorInfo(failure).message);
    }
  }
  async function onRevoke(shareId: string) {
    setError(null);
    await revoke.mutateAsync({ shareId }).catch((failure: unknown) => setError(errorInfo(failure).message));
    await refresh();
  }
  const copy = (text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="share-title" onCancel={(event) => (event.preventDefault(), onClose())}>
      <div className="dialog-body">
        <h2 id="share-title">Share this conversation</h2>
        <p>
          {signedInOnly
            ? "Anyone signed in to Parley who has the link can read the conversation as it is now."
            : "Anyone with the link can read the conversation as it is now, without an account."}{" "}
          Later messages stay private
          {aboutModel && !withSettings && ", and so do the model's settings"}.
        </p>
        <label className="check">
          <input type="checkbox" checked={signedInOnly} onChange={(event) => setSignedInOnly(event.target.checked)} />
          Only people signed in to Parley can open it
        </label>
        {aboutModel && (
          <label className="check">
            <input type="checkbox" checked={withSettings} onChange={(event) => setWithSettings(event.target.checked)} />
            Include the model&apos;s settings (rules, order types, buying power, custom instructions)
          </label>
        )}
        <div className="share-link-row">
          <select className="input" aria-label="Link expiry" value={expiry} onChange={(event) => setExpiry(Number(event.target.value))}>
            {EXPIRIES.map((option, index) => (
              <option key={option.label} value={index}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-primary" onClick={() => void onCreate()} disabled={create.isPending}>
            Create link
          </button>
        </div>
        {link && (
          <div className="share-link-row" data-testid="share-link">
            <input className="input" readOnly value={link} aria-label="Share link" onFocus={(event) => event.target.select()} />
            <button type="button" className="btn btn-sm" onClick={() => copy(link)}>
              {copied ? "Copied" : "Copy link"}
            </button>
          </div>
        )}
        {link && <p className="muted">Copy it now: the link is shown only once.</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {(shares.data?.length ?? 0) > 0 && (
          <ul className="share-list" aria-label="Links to this conversation">
            {shares.data?.map((share) => (
              <li key={share.id} data-testid="share-item">
                <span>
                  <code>{share.tokenPrefix}…</code> {formatDate(share.createdAt)}, {share.messageCount} messages
                  {share.includesModelSettings && ", with the model's settings"}
                  {share.viewers === "signed-in" && ", signed-in readers only"}
                  {share.expiresAt && !share.revokedAt && <span className="muted"> · until {formatDate(share.expiresAt)}</span>}
                </span>
                {share.revokedAt ? (
                  <span className="badge">Revoked</span>
                ) : (
                  <button
                    type="button"
                    className="btn btn-sm btn-danger"
                    onClick={() => void onRevoke(share.id)}
                    aria-label={`Revoke link ${share.tokenPrefix}`}
                  >
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}
