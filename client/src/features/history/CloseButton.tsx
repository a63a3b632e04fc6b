/** A small ✕ button whose accessible name says what it closes. */
export function CloseButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button button--small button--quiet" onClick={onClick}>
      <span aria-hidden="true">✕</span>
      <span className="visually-hidden">{label}</span>
    </button>
  );
}
