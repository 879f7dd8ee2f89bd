/**
 * Fills `{name}` placeholders of a UI message (the wall's, the phone app's and the resident
 * page's dictionaries alike); an unknown name is left as written.
 */
export type MessageParams = Record<string, string | number>;

const PLACEHOLDER = /\{(\w+)\}/g;

export function interpolate(template: string, params: MessageParams | undefined): string {
  if (!params) return template;
  return template.replace(PLACEHOLDER, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}
