import type { AuthFields } from "./validate-auth";

interface AuthFieldProps {
  label: string;
  name: keyof AuthFields;
  value: string;
  error: string | undefined;
  onChange: (event: { target: { value: string } }) => void;
  type?: string;
  autoComplete: string;
  hint?: string | undefined;
}

export function AuthField(props: AuthFieldProps) {
  const id = `auth-${props.name}`;
  const describedBy = props.error ? `${id}-error` : props.hint ? `${id}-hint` : undefined;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        className="input"
        type={props.type ?? "text"}
        value={props.value}
        onChange={props.onChange}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
      />
      {props.error ? (
        <span id={`${id}-error`} className="field-error">
          {props.error}
        </span>
      ) : (
        props.hint && (
          <span id={`${id}-hint`} className="field-hint">
            {props.hint}
          </span>
        )
      )}
    </div>
  );
}
