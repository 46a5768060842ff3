import type { ReactNode } from "react";
import { humanize } from "../lib/format";

interface FieldShellProps {
  id: string;
  label: string;
  error: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}

export function describedBy(id: string, error: string | undefined, hint: string | undefined) {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

export function FieldShell({ id, label, error, hint, children }: FieldShellProps) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {error ? (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      ) : (
        hint && (
          <span id={`${id}-hint`} className="field-hint">
            {hint}
          </span>
        )
      )}
    </div>
  );
}

export function SelectField<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  options: readonly T[];
  error: string | undefined;
  onChange: (value: T) => void;
}) {
  return (
    <FieldShell id={props.id} label={props.label} error={props.error}>
      <select
        id={props.id}
        className="select"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(props.id, props.error, undefined)}
        onChange={(event) => {
          const chosen = props.options.find((option) => option === event.target.value);
          if (chosen) props.onChange(chosen);
        }}
      >
        {props.options.map((option) => (
          <option key={option} value={option}>
            {humanize(option)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Toggle(props: { id: string; label: string; description: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="toggle" htmlFor={props.id}>
      <input
        id={props.id}
        type="checkbox"
        role="switch"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <span className="toggle-track" aria-hidden="true" />
      <span className="toggle-text">
        <span className="toggle-label">{props.label}</span>
        <span className="field-hint">{props.description}</span>
      </span>
    </label>
  );
}

export function CheckboxGroup<T extends string>(props: {
  legend: string;
  options: readonly T[];
  value: readonly T[];
  error: string | undefined;
  onChange: (value: T[]) => void;
}) {
  const toggle = (option: T, on: boolean) => props.onChange(props.options.filter((o) => (o === option ? on : props.value.includes(o))));
  return (
    <fieldset
      className="checkbox-group"
      aria-invalid={props.error ? true : undefined}
      aria-describedby={props.error ? "order-types-error" : undefined}
    >
      <legend className="field-label">{props.legend}</legend>
      <div className="chips">
        {props.options.map((option) => (
          <label key={option} className={props.value.includes(option) ? "chip-check is-on" : "chip-check"}>
            <input type="checkbox" checked={props.value.includes(option)} onChange={(event) => toggle(option, event.target.checked)} />
            {humanize(option)}
          </label>
        ))}
      </div>
      {props.error && (
        <span id="order-types-error" className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}
