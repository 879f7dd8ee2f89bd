/**
 * Entry point: one API client, the session feeds (one controller per signed-in session, owned
 * here rather than by any view), the stored language, the app root.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './feeds/apiClient';
import { createFeedController } from './feeds/feedController';
import { startSessionFeeds } from './feeds/sessionFeeds';
import { useAppStore } from './shell/appStore';
import { useNoticeStore } from './shell/noticeStore';
import { useWallModeStore } from './shell/wallModeStore';
import { ApiProvider } from './shell/ApiContext';
import { FeedsProvider } from './shell/FeedsContext';
import { App } from './shell/App';
import { readStoredLanguage } from './shell/LanguageSwitch';
import './shell/styles.css';

const apiClient = createApiClient({
  // Every call says which mode it comes from; the public modes never ask for a person.
  wallMode: () => useWallModeStore.getState().mode,
  onUnauthorized: () => {
    const store = useAppStore.getState();
    // A 401 while signed in means the session ended: back to login, keeping the URL's deep link.
    if (store.session === null) return;
    store.clearSessionData();
    useNoticeStore.getState().push({ tone: 'info', messageKey: 'login.sessionExpired' });
  },
});

const sessionFeeds = startSessionFeeds(() => createFeedController({ api: apiClient }));

const storedLanguage = readStoredLanguage();
if (storedLanguage) useAppStore.getState().setLanguage(storedLanguage);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html lacks #root');
createRoot(rootElement).render(
  <StrictMode>
    <ApiProvider client={apiClient}>
      <FeedsProvider feeds={sessionFeeds}>
        <App />
      </FeedsProvider>
    </ApiProvider>
  </StrictMode>,
);
