import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { confirmTextMatches } from './confirmText';
import './manage.css';

interface Props {
  /** The button that asks first, e.g. "Ta bort". */
  trigger: ReactNode;
  /** Accessible name of the trigger when its text alone is ambiguous (it must start with the visible text). */
  triggerLabel?: string;
  /** The question, or the explanation of what will happen. */
  question: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** A strong confirmation: the confirm button works only once this text has been typed. */
  requireText?: { label: string; value: string };
  /** A failure to show inside the confirmation, which then stays open. */
  error?: string | null;
  /** Resolves true when it worked; the confirmation then closes. */
  onConfirm: () => Promise<boolean>;
  /** Called when the person cancels (Avbryt or Esc). */
  onCancel?: () => void;
  className?: string;
}

/**
 * A destructive action behind an inline confirmation: the trigger opens a group with the question,
 * an optional "type this to confirm" field, and confirm / cancel buttons. Focus moves to the question
 * when it opens and back to the trigger when it is cancelled; Esc cancels.
 */
export function ConfirmAction({
  trigger,
  triggerLabel,
  question,
  confirmLabel,
  cancelLabel,
  pendingLabel,
  pending,
  requireText,
  error,
  onConfirm,
  onCancel,
  className,
}: Props) {
  const ids = useId();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const triggerRef = useRef<HTMLButtonElement>(null);
  const questionRef = useRef<HTMLDivElement>(null);
  const confirmed = !requireText || confirmTextMatches(typed, requireText.value);

  useEffect(() => {
    if (open) questionRef.current?.focus();
  }, [open]);

  const cancel = () => {
    setOpen(false);
    setTyped('');
    onCancel?.();
    triggerRef.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || pending) return;
    event.preventDefault();
    cancel();
  };
  const confirm = async () => {
    if (!confirmed || pending) return;
    if (await onConfirm()) {
      setOpen(false);
      setTyped('');
    }
  };

  return (
    <div className={className ? `confirm-action ${className}` : 'confirm-action'}>
      <button
        ref={triggerRef}
        type="button"
        className="button button--quiet button--danger-outline"
        aria-label={triggerLabel}
        aria-expanded={open}
        aria-controls={open ? `${ids}panel` : undefined}
        onClick={() => (open ? cancel() : setOpen(true))}
      >
        {trigger}
      </button>
      {open && (
        <div id={`${ids}panel`} className="confirm" role="group" aria-labelledby={`${ids}question`} onKeyDown={onKeyDown}>
          <div id={`${ids}question`} ref={questionRef} tabIndex={-1} className="confirm__question">
            {question}
          </div>
          {requireText && (
            <div className="field">
              <label htmlFor={`${ids}typed`}>{requireText.label}</label>
              <input
                id={`${ids}typed`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void confirm();
                  }
                }}
              />
            </div>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="confirm__buttons">
            <button type="button" className="button button--danger" disabled={!confirmed || pending} onClick={() => void confirm()}>
              {pending ? pendingLabel : confirmLabel}
            </button>
            <button type="button" className="button" onClick={cancel} disabled={pending}>
              {cancelLabel}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
