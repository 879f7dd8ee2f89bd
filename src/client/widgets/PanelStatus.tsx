/** Loading and error states shared by the panels: errors say what happened and offer a retry. */
import { describeError, isRetryable } from './errorMessage';
import { useT } from '../shell/i18n';
import type { ResourceState } from './useApiResource';

export function PanelStatus({ resource, hasData }: { resource: ResourceState; hasData: boolean }) {
  const t = useT();
  if (resource.status === 'error') {
    const message = describeError(resource.error);
    return (
      <div className="panel-error" role="alert" data-testid="panel-error">
        <p>{t(message.messageKey, message.params)}</p>
        {isRetryable(resource.error) && (
          <button type="button" className="button" onClick={resource.retry}>
            {t('common.retry')}
          </button>
        )}
      </div>
    );
  }
  if (resource.status === 'loading' && !hasData) {
    return (
      <div className="panel-loading" role="status">
        <div className="spinner spinner-small" aria-hidden="true" />
        {t('common.loading')}
      </div>
    );
  }
  return null;
}

/** A labelled figure; the value keeps its width with tabular digits so updates do not jump. */
interface StatProps {
  label: string;
  value: string;
  /** A word rather than a number: set smaller so it fits the tile in every language. */
  text?: boolean;
  testId?: string;
}

export function Stat({ label, value, text = false, testId }: StatProps) {
  return (
    <div className={`stat${text ? ' stat-text' : ''}`} data-testid={testId} title={value}>
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
