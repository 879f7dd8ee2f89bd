/** Entry point: one API client, the stored language, the app root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './feeds/apiClient';
import { useAppStore } from './state/appStore';
import { useNoticeStore } from './state/noticeStore';
import { ApiProvider } from './ui/ApiContext';
import { App } from './ui/App';
import { readStoredLanguage } from './ui/LanguageSwitch';
import './ui/styles.css';

const apiClient = createApiClient({
  onUnauthorized: () => {
    const store = useAppStore.getState();
    // A 401 while signed in means the session ended: back to login, keeping the URL's deep link.
    if (store.session === null) return;
    store.clearSessionData();
    useNoticeStore.getState().push({ tone: 'info', messageKey: 'login.sessionExpired' });
  },
});

const storedLanguage = readStoredLanguage();
if (storedLanguage) useAppStore.getState().setLanguage(storedLanguage);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html lacks #root');
createRoot(rootElement).render(
  <StrictMode>
    <ApiProvider client={apiClient}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
