/** The app root: restore the session from the cookie, then the login screen or the command center. */
import { useEffect, useState } from 'react';
import { ApiRequestError, NETWORK_ERROR_STATUS } from '../feeds/apiClient';
import { useAppStore } from './appStore';
import { useNoticeStore } from './noticeStore';
import { useApi } from './ApiContext';
import { CommandCenter } from './CommandCenter';
import { useT } from './i18n';
import { useDocumentLanguage } from './LanguageSwitch';
import { LoginScreen } from './LoginScreen';
import { Notices } from './Notices';
import type { SessionUser } from '../../shared/api';
import { AdminDesk, AdminOverlay } from '../admin/AdminOverlay';
import { PasswordChangeScreen } from '../admin/PasswordChangeScreen';

/** Ask the server who we are (the HttpOnly cookie survives a reload; the token does not). */
function useSessionRestore(): boolean {
  const api = useApi();
  const setSession = useAppStore((state) => state.setSession);
  const [checking, setChecking] = useState(true);
  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (user) => {
        setSession(user);
        setChecking(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiRequestError && error.statusCode === NETWORK_ERROR_STATUS) {
          useNoticeStore.getState().push({ tone: 'error', messageKey: 'error.network' });
        }
        setChecking(false);
      },
    );
    return () => controller.abort();
  }, [api, setSession]);
  return checking;
}

/**
 * After a reset only the password change; roles that do not read the wall (the auditor, a
 * department handler) get the administration desk instead of a wall of refusals.
 */
function screenFor(session: SessionUser | null) {
  if (session === null) return <LoginScreen />;
  if (session.mustChangePassword) return <PasswordChangeScreen />;
  if (!session.permissions.includes('registry.read')) return <AdminDesk />;
  return (
    <>
      <CommandCenter />
      <AdminOverlay />
    </>
  );
}

export function App() {
  useDocumentLanguage();
  const t = useT();
  const checking = useSessionRestore();
  const session = useAppStore((state) => state.session);

  let screen;
  if (checking) {
    screen = (
      <div className="splash" role="status">
        <div className="spinner" aria-hidden="true" />
        <p>{t('app.loading')}</p>
      </div>
    );
  } else {
    screen = screenFor(session);
  }
  return (
    <>
      {screen}
      <Notices />
    </>
  );
}
