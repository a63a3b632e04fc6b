import { textColorOn } from './color';
import { initials } from './initials';

interface Props {
  name: string;
  color: string;
  size?: 'small' | 'normal';
}

/**
 * A person's initials on their colour. Decorative: the full name is always written next to it
 * or in accessible text, so colour is never the only signal.
 */
export function Avatar({ name, color, size = 'normal' }: Props) {
  return (
    <span className={`avatar avatar--${size}`} style={{ backgroundColor: color, color: textColorOn(color) }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
