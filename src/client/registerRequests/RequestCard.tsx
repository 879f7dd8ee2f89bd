/**
 * One change request from a worker's phone: what it changes (identifiers masked as the server
 * sent them), the conflict with the register if the household changed meanwhile, and — for a
 * reviewer, while pending — approve (over a conflict only once it is shown) or reject with a
 * reason.
 */
import { useState } from 'react';
import type { RegisterRequestView, TargetView } from '../../shared/registerRequests';
import { refusalText } from '../admin/refusalText';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';
import type { MessageKey } from '../shell/locales/zh';

const VIEW_FIELDS: ReadonlyArray<[string, MessageKey]> = [
  ['name', 'requests.field.name'],
  ['phone', 'requests.field.phone'],
  ['relation', 'requests.field.relation'],
  ['tags', 'requests.field.tags'],
  ['members', 'requests.field.members'],
  ['leases', 'requests.field.leases'],
];

function ChangeLines({ request }: { request: RegisterRequestView }) {
  const { t } = useI18n();
  const { change } = request;
  const tags = (list: readonly string[]) =>
    list.length === 0
      ? t('requests.noTags')
      : list.map((tag) => t(`tag.${tag}` as MessageKey)).join('、');
  const lines: Array<[string, string]> = [];
  if (change.personId !== null) lines.push([t('requests.person', { id: change.personId }), '']);
  if (change.note !== null) lines.push(['', change.note]);
  if (change.name !== null) lines.push([t('requests.field.name'), change.name]);
  if (change.idNumberMasked !== null)
    lines.push([t('requests.field.idNumber'), change.idNumberMasked]);
  if (change.phoneMasked !== null) lines.push([t('requests.field.phone'), change.phoneMasked]);
  if (change.relation !== null)
    lines.push([t('requests.field.relation'), t(`relation.${change.relation}` as MessageKey)]);
  if (change.tags !== null) lines.push([t('requests.field.tags'), tags(change.tags)]);
  if (change.landlordName !== null) lines.push([t('requests.field.landlord'), change.landlordName]);
  if (change.tenants !== null) lines.push([t('requests.field.tenants'), change.tenants]);
  if (change.startDate !== null)
    lines.push([t('requests.field.lease'), `${change.startDate} – ${change.endDate ?? ''}`]);
  return (
    <dl className="request-change" data-testid="request-change">
      {lines.map(([label, value], index) => (
        <div key={index} className="request-line">
          {label !== '' && <dt>{label}</dt>}
          {value !== '' && <dd>{value}</dd>}
        </div>
      ))}
    </dl>
  );
}

function ConflictTable({ seen, now }: { seen: TargetView; now: TargetView }) {
  const { t } = useI18n();
  const fields = VIEW_FIELDS.filter(([field]) => field in seen || field in now);
  return (
    <div className="request-conflict" role="alert" data-testid="request-conflict">
      <p>{t('requests.conflict')}</p>
      <table>
        <thead>
          <tr>
            <th />
            <th>{t('requests.seen')}</th>
            <th>{t('requests.now')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map(([field, label]) => (
            <tr key={field} className={seen[field] === now[field] ? '' : 'request-changed'}>
              <th>{t(label)}</th>
              <td>{seen[field] ?? '—'}</td>
              <td>{now[field] ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RequestCard({
  request,
  canReview,
  onReviewed,
}: {
  request: RegisterRequestView;
  canReview: boolean;
  onReviewed: (view: RegisterRequestView) => void;
}) {
  const { t, language, formatDate, formatTime } = useI18n();
  const api = useApi();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const when = (iso: string) => `${formatDate(new Date(iso))} ${formatTime(new Date(iso))}`;

  const review = (work: () => Promise<RegisterRequestView>) => {
    setBusy(true);
    setMessage('');
    work().then(
      (view) => {
        setBusy(false);
        onReviewed(view);
      },
      (error: unknown) => {
        setBusy(false);
        setMessage(refusalText(error, language, t));
      },
    );
  };
  const reject = () => {
    if (reason.trim() === '') {
      setMessage(t('requests.reasonNeeded'));
      return;
    }
    review(() => api.rejectRegisterRequest(request.id, reason));
  };

  return (
    <li
      className="request-card"
      data-testid="request-card"
      data-request-id={request.id}
      data-status={request.status}
    >
      <header className="request-header">
        <strong>{t(`requests.kind.${request.change.kind}`)}</strong>
        <span>
          {request.address} {request.roomLabel}
        </span>
        <span className={`request-status request-${request.status}`}>
          {t(`requests.status.${request.status}`)}
        </span>
      </header>
      <p className="request-meta">
        {t('requests.by', { worker: request.workerName, time: when(request.observedAt) })}
      </p>
      <ChangeLines request={request} />
      {request.conflict !== null && <ConflictTable {...request.conflict} />}
      {request.reviewedBy !== null && request.reviewedAt !== null && (
        <p className="request-meta">
          {t('requests.reviewedBy', { user: request.reviewedBy, time: when(request.reviewedAt) })}
          {request.reviewReason !== null && ` · ${request.reviewReason}`}
        </p>
      )}
      {canReview && request.status === 'pending' && (
        <div className="request-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="request-approve"
            disabled={busy}
            onClick={() =>
              review(() => api.approveRegisterRequest(request.id, request.conflict !== null))
            }
          >
            {request.conflict === null ? t('requests.approve') : t('requests.approveOverConflict')}
          </button>
          {rejecting ? (
            <>
              <input
                data-testid="request-reason"
                aria-label={t('requests.rejectReason')}
                placeholder={t('requests.rejectReason')}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
              <button
                type="button"
                className="button"
                data-testid="request-reject-confirm"
                disabled={busy}
                onClick={reject}
              >
                {t('requests.rejectConfirm')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button-quiet"
              data-testid="request-reject"
              onClick={() => setRejecting(true)}
            >
              {t('requests.reject')}
            </button>
          )}
        </div>
      )}
      <p className="admin-message" role="status" data-testid="request-message">
        {message}
      </p>
    </li>
  );
}
