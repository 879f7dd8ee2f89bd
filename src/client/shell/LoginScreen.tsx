/** Sign-in: the only screen before a session. Wrong credentials say so and keep the username. */
import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '../feeds/apiClient';
import { useAppStore } from './appStore';
import { useApi } from './ApiContext';
import { describeError, type ErrorMessage } from '../widgets/errorMessage';
import { useT } from './i18n';
import { LanguageSwitch } from './LanguageSwitch';

const HTTP_UNAUTHORIZED = 401;

export function LoginScreen() {
  const t = useT();
  const api = useApi();
  const setSession = useAppStore((state) => state.setSession);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<ErrorMessage | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    setSubmitting(true);
    setFailure(null);
    try {
      const response = await api.login({ username: username.trim(), password });
      setSession(response.user);
    } catch (error) {
      setPassword('');
      setFailure(
        error instanceof ApiRequestError && error.statusCode === HTTP_UNAUTHORIZED
          ? { messageKey: 'login.failed' }
          : describeError(error),
      );
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <div className="login-screen">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <form className="login-card" onSubmit={(event) => void submit(event)} noValidate>
        <div className="login-emblem" aria-hidden="true" />
        <h1 className="login-title">{t('app.title')}</h1>
        <h2 className="login-heading">{t('login.heading')}</h2>
        <label className="field">
          <span className="field-label">{t('login.username')}</span>
          <input
            data-testid="login-username"
            name="username"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            required
          />
        </label>
        <label className="field">
          <span className="field-label">{t('login.password')}</span>
          <input
            data-testid="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        <p className="login-message" role="alert" data-testid="login-error">
          {failure ? t(failure.messageKey, failure.params) : ''}
        </p>
        <button
          data-testid="login-submit"
          className="button button-primary login-submit"
          type="submit"
          disabled={submitting || username.trim() === '' || password === ''}
        >
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
        <p className="login-privacy">{t('login.privacy')}</p>
      </form>
    </div>
  );
}
