import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorState } from '../../components/ErrorState';

/** An item id that is malformed, or not in the group's space: say so and lead back to the group. */
export function ItemNotFound() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  return (
    <div className="item-view">
      <ErrorState title={t('space.notFoundTitle')}>
        <p>{t('space.notFoundText')}</p>
        <p>
          <Link to={`/groups/${encodeURIComponent(groupId)}`}>{t('space.backToGroup')}</Link>
        </p>
      </ErrorState>
    </div>
  );
}
