// Shared pieces: a labelled field with its inline error, the page's error banner, links.
import type { ReactNode } from 'react';
import type { FieldError } from './api';
import { navigate } from './router';

export function errorFor(fields: FieldError[], name: string): string | undefined {
  return fields.find((f) => f.field === name || f.field.endsWith(`.${name}`))?.message;
}

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string | undefined;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'tel' | 'email' | 'text';
  hint?: string;
  multiline?: boolean;
}

export function Field(p: FieldProps) {
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id: p.id,
    name: p.id,
    value: p.value,
    'aria-invalid': p.error ? true : undefined,
    'aria-describedby': describedBy,
    required: p.required,
  };
  return (
    <div className={`field${p.error ? ' has-error' : ''}`}>
      <label htmlFor={p.id}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {p.hint ? (
        <p id={`${p.id}-hint`} className="hint">
          {p.hint}
        </p>
      ) : null}
      {p.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => p.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          autoComplete={p.autoComplete}
          inputMode={p.inputMode}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
      {p.error ? (
        <p id={`${p.id}-error`} className="field-error">
          {p.error}
        </p>
      ) : null}
    </div>
  );
}

export function ErrorBanner({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="banner error" role="alert">
      {message}
    </div>
  );
}

export function Notice({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <div className="banner ok" role="status">
      {message}
    </div>
  );
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
