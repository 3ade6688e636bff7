// The applicant's details as the desk and the post's pickup request ask for them — name, ID
// number, phone, (e-mail,) address — each with its inline error. One component, so both forms
// name and check the fields the same way.
import type { ReactNode } from 'react';
import type { FieldError } from '../api';
import { errorFor, Field } from '../ui';

export const EMPTY_APPLICANT = { fullName: '', idNumber: '', phone: '', address: '', email: '' };
export type Applicant = typeof EMPTY_APPLICANT;

interface Props {
  /** Put before each input's id ('' at the desk, 'pickup-' on the pickup request) so ids stay unique on a page. */
  idPrefix: string;
  applicant: Applicant;
  onChange(field: keyof Applicant, value: string): void;
  fields: FieldError[];
  /** The address's label (where the post collects, on a pickup request). */
  addressLabel?: string;
  /** Ask for an e-mail address too (the desk does). */
  withEmail?: boolean;
  /** What follows the address (e.g. where the result goes). */
  children?: ReactNode;
}

export function ApplicantFields({ idPrefix, applicant, onChange, fields, addressLabel = 'Địa chỉ', withEmail, children }: Props) {
  const field = (name: keyof Applicant, label: string, more: { required?: boolean; inputMode?: 'numeric' | 'tel' | 'email' } = {}) => (
    <Field
      id={`${idPrefix}${name}`}
      label={label}
      value={applicant[name]}
      onChange={(v) => onChange(name, v)}
      error={errorFor(fields, name)}
      autoComplete="off"
      {...more}
    />
  );
  return (
    <>
      <div className="grid2">
        {field('fullName', 'Họ và tên', { required: true })}
        {field('idNumber', 'Số CCCD / định danh cá nhân', { required: true, inputMode: 'numeric' })}
        {field('phone', 'Số điện thoại', { inputMode: 'tel' })}
        {withEmail ? field('email', 'Thư điện tử', { inputMode: 'email' }) : null}
      </div>
      {field('address', addressLabel, { required: true })}
      {children}
    </>
  );
}
