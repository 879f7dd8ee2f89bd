/**
 * A labelled drop-down as the incident panels draw it: a caption above a <select> of plain
 * value/label options, optionally led by an empty choice (value ''), such as "any" in a filter
 * or "keep" in a form. The caller maps the chosen string back to its own type.
 */
export interface SelectOption {
  value: string;
  label: string;
}

interface LabelledSelectProps {
  label: string;
  value: string;
  options: readonly SelectOption[];
  onChange(value: string): void;
  /** When given, a first option with the value '' and this text. */
  emptyLabel?: string;
  testId?: string;
}

export function LabelledSelect({
  label,
  value,
  options,
  onChange,
  emptyLabel,
  testId,
}: LabelledSelectProps) {
  return (
    <label>
      <span>{label}</span>
      <select value={value} data-testid={testId} onChange={(event) => onChange(event.target.value)}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}
