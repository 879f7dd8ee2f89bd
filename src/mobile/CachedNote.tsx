/** Says whether a list came from the server now or from the copy kept on the phone, and when. */
import type { CachedAnswer } from './phoneCache';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

export function CachedNote({ answer }: { answer: CachedAnswer<unknown> }) {
  const t = usePhoneText();
  const language = usePhoneStore((state) => state.language);
  const time = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(answer.savedAtMs));
  return (
    <p
      className={`phone-status ${answer.fromCache ? 'phone-cached' : ''}`}
      data-testid="phone-cached-note"
      data-from-cache={answer.fromCache}
    >
      {t(answer.fromCache ? 'cache.offline' : 'cache.saved', { time })}
    </p>
  );
}
