import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import { SendIcon, StopIcon } from "../ui/icons";
import { useOnline } from "../lib/use-online";
import { readDraft, writeDraft } from "./drafts";
import { useSendCooldown } from "./send-cooldown";

interface ComposerProps {
  draftKey: string;
  placeholder: string;
  streaming: boolean;
  disabled: boolean;
  disabledReason?: string | undefined;
  onSend: (text: string) => void;
  onStop: () => void;
}

const MAX_LENGTH = 32_000;

/** Enter sends, Shift+Enter starts a new line, Esc stops the reply. */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState(() => readDraft(props.draftKey));
  const input = useRef<HTMLTextAreaElement>(null);
  const { draftKey, streaming, onStop } = props;

  useEffect(() => {
    setText(readDraft(draftKey));
    input.current?.focus({ preventScroll: true });
  }, [draftKey]);

  useLayoutEffect(() => {
    const el = input.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 220)}px`;
  }, [text]);

  useEffect(() => {
    if (!streaming) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !document.querySelector("dialog[open]")) onStop();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [streaming, onStop]);

  const cooldown = useSendCooldown();
  const online = useOnline();
  // Sent while offline: the text stays in the box (and in the stored draft) until the browser is
  // back online and it is actually handed over, so nothing typed is lost on the way.
  const [queued, setQueued] = useState(false);
  // While cooling down the draft stays editable; only sending waits.
  const canSend = text.trim().length > 0 && !props.streaming && !props.disabled && cooldown === 0;

  function update(value: string) {
    setText(value);
    writeDraft(draftKey, value);
  }

  function submit() {
    if (!canSend) return;
    if (!online) {
      setQueued(true);
      return;
    }
    setQueued(false);
    props.onSend(text);
    update("");
  }

  // Back online: the queued message goes out by itself (if it can still be sent).
  useEffect(() => {
    if (queued && online) submit();
  });
  useEffect(() => setQueued(false), [draftKey]);

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {props.disabled && props.disabledReason && <p className="composer-disabled">{props.disabledReason}</p>}
      {!online && !props.disabled && (
        <p className="composer-cooldown" role="status" data-testid="offline-note">
          {queued
            ? "You're offline: this message will be sent when you're back online"
            : "You're offline: what you send now goes out when you're back online"}
        </p>
      )}
      {cooldown > 0 && !props.disabled && (
        <p className="composer-cooldown" role="status" data-testid="send-cooldown">
          Too many messages in a short time: you can send again in {cooldown} s
        </p>
      )}
      <div className="composer-box">
        <label htmlFor="composer-input" className="visually-hidden">
          Message
        </label>
        <textarea
          id="composer-input"
          ref={input}
          className="composer-input"
          rows={1}
          value={text}
          maxLength={MAX_LENGTH}
          placeholder={props.placeholder}
          disabled={props.disabled}
          onChange={(event) => update(event.target.value)}
          onKeyDown={onKeyDown}
          aria-describedby="composer-hint"
        />
        {props.streaming ? (
          <button type="button" className="composer-button composer-stop" onClick={props.onStop} aria-label="Stop reply" title="Stop (Esc)">
            <StopIcon />
          </button>
        ) : (
          <button type="submit" className="composer-button" disabled={!canSend} aria-label="Send message" title="Send (Enter)">
            <SendIcon />
          </button>
        )}
      </div>
      <p id="composer-hint" className="composer-hint">
        <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line
        {props.streaming && (
          <>
            {" "}
            · <kbd>Esc</kbd> to stop
          </>
        )}
      </p>
    </form>
  );
}
