/**
 * The own password change. After an administrator's reset it is the only screen (the server
 * refuses everything else until it is done); otherwise it opens from the top bar.
 */
import { useState, type FormEvent } from 'react';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { LanguageSwitch } from '../shell/LanguageSwitch';
import { refusalText } from './refusalText';

export function PasswordChangeForm({ onDone }: { onDone: () => void }) {
  const { t, language } = useI18n();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (next !== repeat) {
      setMessage(t('password.mismatch'));
      return;
    }
    setBusy(true);
    setMessage('');
    try {
      await api.changePassword({ currentPassword: current, newPassword: next });
      onDone();
    } catch (error) {
      setMessage(refusalText(error, language, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={(event) => void submit(event)} noValidate>
      <p className="admin-hint">{t('password.policy')}</p>
      <label className="field">
        <span className="field-label">{t('password.current')}</span>
        <input
          data-testid="password-current"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('password.new')}</span>
        <input
          data-testid="password-new"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(event) => setNext(event.target.value)}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('password.repeat')}</span>
        <input
          data-testid="password-repeat"
          type="password"
          autoComplete="new-password"
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
      </label>
      <p className="admin-message" role="alert" data-testid="password-message">
        {message}
      </p>
      <button
        className="button button-primary"
        type="submit"
        data-testid="password-submit"
        disabled={busy || current === '' || next === ''}
      >
        {t('password.submit')}
      </button>
    </form>
  );
}

/** Full screen, before the wall, while the server says the password must change. */
export function PasswordChangeScreen() {
  const { t } = useI18n();
  const api = useApi();
  const setSession = useAppStore((state) => state.setSession);
  const done = () => {
    void api.me().then(setSession, () => setSession(null));
  };
  return (
    <div className="login-screen">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <div className="login-card">
        <h1 className="login-title">{t('app.title')}</h1>
        <h2 className="login-heading">{t('password.mustChange')}</h2>
        <PasswordChangeForm onDone={done} />
      </div>
    </div>
  );
}
