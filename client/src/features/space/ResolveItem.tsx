import type { SpaceEntry } from '@samla/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { Loading } from '../../components/Loading';
import { ItemNotFound } from './ItemNotFound';
import type { ItemKind } from './model';
import { useSpaceItem } from './useSpaceItem';

/** Renders the route's item once the space knows it; loading, not found, or off to its real address otherwise. */
export function ResolveItem({ kind, children }: { kind: ItemKind; children: (item: SpaceEntry) => ReactNode }) {
  const { t } = useTranslation();
  const lookup = useSpaceItem(kind);
  if (lookup.state === 'loading') return <Loading label={t('common.loading')} />;
  if (lookup.state === 'missing') return <ItemNotFound />;
  if (lookup.state === 'elsewhere') return <Navigate to={lookup.path} replace />;
  return children(lookup.item);
}
