import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What a field's control needs to be announced with its hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

interface Props {
  /** The control's id: the label points at it, and the error summary links to it. */
  id: string;
  label: string;
  error?: string | null;
  hint?: ReactNode;
  optional?: boolean;
  children: (control: ControlProps) => ReactElement;
}

/**
 * A labelled form control with an optional hint and an error message. The control is marked
 * aria-invalid while it has an error, and described by the error and the hint (error first).
 */
export function FormField({ id, label, error, hint, optional, children }: Props) {
  const { t } = useTranslation();
  const describedBy = [error ? errorId(id) : null, hint ? hintId(id) : null].filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> {t('apply.optional')}</span>}
      </label>
      {hint && (
        <p id={hintId(id)} className="field__hint field__hint--above">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId(id)} className="field__error">
          <span className="visually-hidden">{t('apply.errorPrefix')} </span>
          {error}
        </p>
      )}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy || undefined })}
    </div>
  );
}
