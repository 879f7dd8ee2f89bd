/** Errors and confirmations over the screen; each fades after a while or on a click. */
import { useEffect } from 'react';
import { useNoticeStore, type Notice } from './noticeStore';
import { useT } from './i18n';

/** Long enough to read twice from the back of a command hall. */
export const NOTICE_DURATION_MS = 10_000;

function NoticeItem({ notice }: { notice: Notice }) {
  const t = useT();
  const dismiss = useNoticeStore((state) => state.dismiss);
  useEffect(() => {
    const timer = window.setTimeout(() => dismiss(notice.id), NOTICE_DURATION_MS);
    return () => window.clearTimeout(timer);
  }, [notice.id, dismiss]);
  return (
    <li
      className={`notice notice-${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
    >
      <span>{t(notice.messageKey, notice.params)}</span>
      <button
        type="button"
        className="notice-close"
        aria-label={t('common.close')}
        onClick={() => dismiss(notice.id)}
      >
        ×
      </button>
    </li>
  );
}

export function Notices() {
  const notices = useNoticeStore((state) => state.notices);
  return (
    <ul className="notices" data-testid="notices">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </ul>
  );
}
