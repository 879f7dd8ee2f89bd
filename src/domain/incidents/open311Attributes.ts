/**
 * GeoReport v2 service definitions: the extra questions a category asks (a hazard's type, an
 * emergency's kind, which street facility), and the check of a create's `attribute[code]`
 * answers against them. An answer is kept as a line of the report's note, for the dispatcher.
 */
import type { LocalizedText } from './incident';
import type { Open311Error } from './open311Intake';
import type { Open311Locale } from './open311Mapping';

interface AttributeChoice {
  key: string;
  name: LocalizedText;
}

interface AttributeQuestion {
  code: string;
  required: boolean;
  description: LocalizedText;
  choices: readonly AttributeChoice[];
}

/** One attribute as the specification writes it (only single-choice lists are asked here). */
export interface Open311Attribute {
  variable: true;
  code: string;
  datatype: 'singlevaluelist';
  required: boolean;
  datatype_description: string;
  order: number;
  description: string;
  values: Array<{ key: string; name: string }>;
}

export interface Open311ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

const OTHER: AttributeChoice = { key: 'other', name: { zh: '其他', en: 'Other' } };
const OPEN311_BAD_REQUEST = 400;

/** Questions by our category code; a category not listed asks nothing (metadata false). */
const QUESTIONS: Readonly<Record<string, readonly AttributeQuestion[]>> = {
  emergency: [
    {
      code: 'event_type',
      required: true,
      description: { zh: '突发事件类型', en: 'Kind of emergency' },
      choices: [
        { key: 'fire', name: { zh: '火情', en: 'Fire' } },
        { key: 'flooding', name: { zh: '积水内涝', en: 'Flooding' } },
        { key: 'collapse', name: { zh: '坍塌', en: 'Collapse' } },
        { key: 'traffic_accident', name: { zh: '交通事故', en: 'Traffic accident' } },
        OTHER,
      ],
    },
  ],
  safety_hazard: [
    {
      code: 'hazard_type',
      required: true,
      description: { zh: '隐患类型', en: 'Kind of hazard' },
      choices: [
        { key: 'gas', name: { zh: '燃气泄漏', en: 'Gas leak' } },
        { key: 'electrical', name: { zh: '电气线路老化', en: 'Ageing wiring' } },
        { key: 'ebike_charging', name: { zh: '电动车违规充电', en: 'E-bike charged indoors' } },
        { key: 'fire_escape', name: { zh: '消防通道堵塞', en: 'Blocked fire escape' } },
        { key: 'falling_objects', name: { zh: '高空坠物风险', en: 'Risk of falling objects' } },
        OTHER,
      ],
    },
  ],
  street_facilities: [
    {
      code: 'facility',
      required: false,
      description: { zh: '设施种类', en: 'Which facility' },
      choices: [
        { key: 'manhole_cover', name: { zh: '井盖', en: 'Manhole cover' } },
        { key: 'street_light', name: { zh: '路灯', en: 'Street light' } },
        { key: 'guardrail', name: { zh: '护栏', en: 'Guardrail' } },
        { key: 'pavement', name: { zh: '路面', en: 'Pavement' } },
        OTHER,
      ],
    },
  ],
};

export function hasOpen311Attributes(categoryCode: string): boolean {
  return (QUESTIONS[categoryCode]?.length ?? 0) > 0;
}

export function toOpen311ServiceDefinition(
  categoryCode: string,
  serviceCode: string,
  locale: Open311Locale,
): Open311ServiceDefinition {
  const questions = QUESTIONS[categoryCode] ?? [];
  return {
    service_code: serviceCode,
    attributes: questions.map((question, index) => ({
      variable: true,
      code: question.code,
      datatype: 'singlevaluelist',
      required: question.required,
      datatype_description: '',
      order: index + 1,
      description: question.description[locale],
      values: question.choices.map((choice) => ({ key: choice.key, name: choice.name[locale] })),
    })),
  };
}

/** `attribute[code]` as a form sends it. */
const FORM_ATTRIBUTE_KEY = /^attribute\[([^\]]{1,64})\]$/;

/**
 * The answers of a create, by attribute code: form fields `attribute[code]=key` (the
 * specification's way) or, in a JSON body, an `attribute` object. Non-text answers count as ''.
 */
export function attributeAnswersOf(
  params: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const answers: Record<string, string> = {};
  const put = (code: string, value: unknown): void => {
    answers[code] = typeof value === 'string' ? value : '';
  };
  for (const [key, value] of Object.entries(params)) {
    const match = FORM_ATTRIBUTE_KEY.exec(key);
    if (match?.[1] !== undefined) put(match[1], value);
  }
  const nested = params.attribute;
  if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
    for (const [code, value] of Object.entries(nested)) put(code, value);
  }
  return answers;
}

export type Open311AttributeAnswers =
  { ok: true; note: string } | { ok: false; errors: Open311Error[] };

/**
 * Checks the answers (by attribute code) against the category's questions: required ones must be
 * answered, every answer must be one of the keys. The note reads "隐患类型：燃气泄漏 (hazard_type=gas)".
 */
export function checkOpen311Attributes(
  categoryCode: string,
  answers: Readonly<Record<string, string>>,
): Open311AttributeAnswers {
  const questions = QUESTIONS[categoryCode] ?? [];
  const problems: string[] = [];
  const lines: string[] = [];
  for (const question of questions) {
    const answer = answers[question.code]?.trim() ?? '';
    if (answer === '') {
      if (question.required) problems.push(`attribute[${question.code}] is required (必填)`);
      continue;
    }
    const choice = question.choices.find((entry) => entry.key === answer);
    if (choice === undefined) {
      const keys = question.choices.map((entry) => entry.key).join(', ');
      problems.push(`attribute[${question.code}] must be one of ${keys} (取值无效)`);
      continue;
    }
    lines.push(`${question.description.zh}：${choice.name.zh} (${question.code}=${choice.key})`);
  }
  const asked = new Set(questions.map((question) => question.code));
  for (const code of Object.keys(answers)) {
    if (!asked.has(code))
      problems.push(`attribute[${code}] is not asked by this service (无此属性)`);
  }
  if (problems.length > 0) {
    return {
      ok: false,
      errors: problems.map((description) => ({ code: OPEN311_BAD_REQUEST, description })),
    };
  }
  return { ok: true, note: lines.join('\n') };
}
