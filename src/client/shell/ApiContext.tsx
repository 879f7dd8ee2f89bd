/** The REST client reaches components through context, created once in main.tsx. */
import { createContext, useContext, type ReactNode } from 'react';
import type { ApiClient } from '../feeds/apiClient';

const ApiContext = createContext<ApiClient | null>(null);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (client === null) throw new Error('useApi outside ApiProvider');
  return client;
}
