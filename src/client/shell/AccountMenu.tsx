/**
 * The signed-in person's menu at the right of the top bar: their name and role on a button that
 * opens the account's less frequent actions (users, register review, audit log, password,
 * sign-out), so the bar keeps its room for the wall's own controls at 1920 px. In the public
 * modes (leader wall, tour) only the role and sign-out, naming no one.
 */
import { useEffect, useRef, useState } from 'react';
import { useAdminStore, type AdminView } from '../admin/adminStore';
import { useApi } from './ApiContext';
import { useAppStore } from './appStore';
import { useI18n, type MessageKey } from './i18n';
import { useNoticeStore } from './noticeStore';
import { useAggregateOnly } from './wallModeStore';

type AdminTab = Exclude<AdminView, null>;

/** Menu entries, each shown to the users holding its permission (null: everyone). */
const ACCOUNT_ACTIONS: ReadonlyArray<{
  tab: AdminTab;
  label: MessageKey;
  testId: string;
  permission: string | null;
}> = [
  { tab: 'users', label: 'top.users', testId: 'open-users', permission: 'users.manage' },
  {
    tab: 'requests',
    label: 'top.requests',
    testId: 'open-requests',
    permission: 'register.review',
  },
  { tab: 'audit', label: 'top.audit', testId: 'open-audit', permission: 'audit.read' },
  { tab: 'password', label: 'top.password', testId: 'open-password', permission: null },
];

/** Closes the menu on a press outside it or on Escape. */
function useDismiss(open: boolean, close: () => void) {
  const rootRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) close();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close();
    };
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('pointerdown', onPointerDown);
      document.removeEventListener('keydown', onKeyDown);
    };
  }, [open, close]);
  return rootRef;
}

export function AccountMenu() {
  const { t } = useI18n();
  const api = useApi();
  const session = useAppStore((state) => state.session);
  const aggregateOnly = useAggregateOnly();
  const clearSessionData = useAppStore((state) => state.clearSessionData);
  const [open, setOpen] = useState(false);
  const rootRef = useDismiss(open, () => setOpen(false));
  if (!session) return null;
  const logout = () => {
    // Forget the session's data at once; the server call only revokes the cookie.
    void api.logout().catch(() => undefined);
    clearSessionData();
    useNoticeStore.getState().clear();
  };
  const logoutButton = (
    <button
      type="button"
      className="button button-quiet"
      role={aggregateOnly ? undefined : 'menuitem'}
      data-testid="logout"
      onClick={logout}
    >
      {t('top.logout')}
    </button>
  );
  if (aggregateOnly) {
    // A hall's screen: the role, not the person signed in; sign-out stays.
    return (
      <div className="user-menu">
        <span className="user-name" data-testid="user-name">
          <span className="user-role">{t(`role.${session.role}`)}</span>
        </span>
        {logoutButton}
      </div>
    );
  }
  const actions = ACCOUNT_ACTIONS.filter(
    ({ permission }) =>
      permission === null || (session.permissions as readonly string[]).includes(permission),
  );
  return (
    <div className="user-menu account-menu" ref={rootRef}>
      <button
        type="button"
        className="account-button"
        aria-haspopup="menu"
        aria-expanded={open}
        data-testid="account-menu"
        onClick={() => setOpen((was) => !was)}
      >
        <span className="user-name" data-testid="user-name">
          {session.displayName}
          <span className="user-role">{t(`role.${session.role}`)}</span>
        </span>
        <span className="account-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div className="account-menu-list" role="menu" data-testid="account-menu-list">
          {actions.map(({ tab, label, testId }) => (
            <button
              key={tab}
              type="button"
              className="button button-quiet"
              role="menuitem"
              data-testid={testId}
              onClick={() => {
                setOpen(false);
                useAdminStore.getState().open(tab);
              }}
            >
              {t(label)}
            </button>
          ))}
          {logoutButton}
        </div>
      )}
    </div>
  );
}
