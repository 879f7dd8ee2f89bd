/**
 * One resident: name, sex, age, relation, masked ID and phone, tags. Users with the reveal
 * permission can show the full values for a short while after giving a reason.
 */
import { useEffect, useState } from 'react';
import type { PersonView, RevealResponse } from '../../shared/api';
import { useI18n } from '../shell/i18n';
import { useApi } from '../shell/ApiContext';
import { REVEAL_DISPLAY_MS, RevealDialog } from '../widgets/RevealDialog';
import { TagBadge } from './TagBadge';

const COUNTDOWN_TICK_MS = 1000;

function useRevealed(): [RevealResponse | null, number, (response: RevealResponse) => void] {
  const [revealed, setRevealed] = useState<{ response: RevealResponse; untilMs: number } | null>(
    null,
  );
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (revealed === null) return undefined;
    const timer = window.setInterval(() => {
      const now = Date.now();
      setNowMs(now);
      if (now >= revealed.untilMs) setRevealed(null);
    }, COUNTDOWN_TICK_MS);
    return () => window.clearInterval(timer);
  }, [revealed]);
  const secondsLeft = revealed ? Math.max(0, Math.ceil((revealed.untilMs - nowMs) / 1000)) : 0;
  const show = (response: RevealResponse) => {
    const now = Date.now();
    setNowMs(now);
    setRevealed({ response, untilMs: now + REVEAL_DISPLAY_MS });
  };
  return [revealed?.response ?? null, secondsLeft, show];
}

export function ResidentRow({ person, canReveal }: { person: PersonView; canReveal: boolean }) {
  const { t } = useI18n();
  const api = useApi();
  const [asking, setAsking] = useState(false);
  const [revealed, secondsLeft, showRevealed] = useRevealed();

  return (
    <li className="resident" data-testid="resident" data-person-id={person.id}>
      <div className="resident-main">
        <span className="resident-name">{person.name}</span>
        <span className="resident-facts">
          {t(person.sex === 'M' ? 'person.sexM' : 'person.sexF')} ·{' '}
          {t('person.age', { age: person.ageYears })} · {t(`relation.${person.relation}`)}
        </span>
      </div>
      <div className={`resident-ids mono${revealed ? ' is-revealed' : ''}`}>
        <span data-testid="resident-id">
          <span className="id-label">{t('person.idNumber')}</span>
          {revealed ? revealed.idNumber : person.idNumberMasked}
        </span>
        <span data-testid="resident-phone">
          <span className="id-label">{t('person.phone')}</span>
          {revealed ? (revealed.phone ?? '—') : (person.phoneMasked ?? '—')}
        </span>
        {canReveal && !revealed && (
          <button
            type="button"
            className="link-button"
            data-testid="reveal-button"
            onClick={() => setAsking(true)}
          >
            {t('reveal.button')}
          </button>
        )}
      </div>
      {revealed && (
        <p className="reveal-note" role="status">
          {t('reveal.audited', { auditId: revealed.auditId, seconds: secondsLeft })}
        </p>
      )}
      {person.tags.length > 0 && (
        <div className="tag-row">
          {person.tags.map((tag) => (
            <TagBadge key={tag} tag={tag} />
          ))}
        </div>
      )}
      {asking && (
        <RevealDialog
          title={t('reveal.title', { name: person.name })}
          reveal={(purpose, reason) => api.reveal(person.id, purpose, reason)}
          onClose={() => setAsking(false)}
          onRevealed={(response) => {
            setAsking(false);
            showRevealed(response);
          }}
        />
      )}
    </li>
  );
}
