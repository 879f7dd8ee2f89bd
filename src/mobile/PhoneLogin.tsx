/** Sign-in on the phone: the account and password; the phone is paired as the account's worker. */
import { useState, type FormEvent } from 'react';
import type { PairedDevice } from '../shared/tracking';
import { usePhoneText } from './usePhoneText';

export function PhoneLogin({
  pair,
}: {
  pair(username: string, password: string): Promise<PairedDevice>;
}) {
  const t = usePhoneText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await pair(username.trim(), password);
    } catch (failure) {
      setError(t('login.failed', { message: (failure as Error).message }));
      setBusy(false);
    }
  }

  return (
    <form className="phone-card phone-login" onSubmit={(event) => void submit(event)}>
      <h1>{t('login.title')}</h1>
      <label>
        <span>{t('login.username')}</span>
        <input
          value={username}
          autoComplete="username"
          autoCapitalize="none"
          data-testid="phone-username"
          onChange={(event) => setUsername(event.target.value)}
          required
        />
      </label>
      <label>
        <span>{t('login.password')}</span>
        <input
          type="password"
          value={password}
          autoComplete="current-password"
          data-testid="phone-password"
          onChange={(event) => setPassword(event.target.value)}
          required
        />
      </label>
      {error !== null && (
        <p className="phone-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="phone-button primary"
        disabled={busy}
        data-testid="phone-login"
      >
        {busy ? t('login.busy') : t('login.submit')}
      </button>
    </form>
  );
}
