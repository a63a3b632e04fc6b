import { FORMER_MEMBER } from '@samla/shared';
import type { TFunction } from 'i18next';

/** A person's name as the server or a document gives it; "former member" (an account that is gone) in the chosen language. */
export function personName(t: TFunction, name: string): string {
  return name === FORMER_MEMBER ? t('common.formerMember') : name;
}
