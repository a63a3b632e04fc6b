import { useId } from 'react';

export interface HistoryPanelProps {
  groupId: string;
  docName: string;
  kind: 'notes' | 'page' | 'board';
  readOnly: boolean;
  onClose: () => void;
}

/**
 * Version history of one document: list, save a named version, preview read-only, restore.
 * Placeholder with the final props so the item views can mount it; the full panel follows.
 */
export function HistoryPanel({ onClose }: HistoryPanelProps) {
  const headingId = useId();
  return (
    <section className="history" aria-labelledby={headingId}>
      <h2 id={headingId}>Versionshistorik</h2>
      <button type="button" className="button" onClick={onClose}>
        Stäng
      </button>
    </section>
  );
}
