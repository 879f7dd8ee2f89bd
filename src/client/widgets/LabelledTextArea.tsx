/** A labelled free-text field as the incident forms draw it: a caption above a <textarea>. */
interface LabelledTextAreaProps {
  label: string;
  value: string;
  rows: number;
  placeholder: string;
  onChange(value: string): void;
  testId?: string;
}

export function LabelledTextArea({
  label,
  value,
  rows,
  placeholder,
  onChange,
  testId,
}: LabelledTextAreaProps) {
  return (
    <label>
      <span>{label}</span>
      <textarea
        rows={rows}
        value={value}
        data-testid={testId}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
