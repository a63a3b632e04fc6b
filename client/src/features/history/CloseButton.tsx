import { X } from 'lucide-react';

/** A small close (×) button whose accessible name says what it closes. */
export function CloseButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button--small button--quiet" onClick={onClick}>
      <X className="icon" aria-hidden size={16} strokeWidth={2.25} />
      <span className="visually-hidden">{label}</span>
    </button>
  );
}
