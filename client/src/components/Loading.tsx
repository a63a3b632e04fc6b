/** A calm loading state: spinner plus text, announced politely to screen readers. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
