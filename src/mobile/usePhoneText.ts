/** The phone's translator in the chosen language. */
import { useCallback } from 'react';
import { phoneText, type PhoneMessageKey } from './phoneLocales';
import { usePhoneStore } from './phoneStore';

export function usePhoneText() {
  const language = usePhoneStore((state) => state.language);
  return useCallback(
    (key: PhoneMessageKey, params?: Record<string, string | number>) =>
      phoneText(language, key, params),
    [language],
  );
}
