import { useEffect, useRef, type MouseEvent } from 'react';

export interface SummaryItem {
  /** The control to move to; without it the item is plain text (not about one field). */
  fieldId?: string;
  message: string;
}

interface Props {
  title: string;
  items: SummaryItem[];
  /** Increases with every failed submit: focus moves to the summary each time. */
  attempt: number;
}

/**
 * The errors of a failed submit, at the top of the form: announced (role=alert), focused, and each
 * a link that moves focus to its field.
 */
export function ErrorSummary({ title, items, attempt }: Props) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (attempt > 0) ref.current?.focus();
  }, [attempt]);

  if (items.length === 0) return null;

  function goTo(e: MouseEvent<HTMLAnchorElement>, fieldId: string) {
    const field = document.getElementById(fieldId);
    if (!field) return;
    e.preventDefault();
    field.focus();
    field.scrollIntoView({ block: 'center' });
  }

  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary__title">
        {title}
      </h2>
      <ul className="error-summary__list">
        {items.map((item) => (
          <li key={`${item.fieldId ?? ''}:${item.message}`}>
            {item.fieldId ? (
              <a href={`#${item.fieldId}`} onClick={(e) => goTo(e, item.fieldId!)}>
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
