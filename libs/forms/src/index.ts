export { FORM_PURPOSES, FormDataError, formFor, formSetAt, formSetsSchema, localDateOf, parseFormSets } from './form-sets';
export type { FormPurpose, FormRef, FormSet, FormSetsData } from './form-sets';
export { formRefAt, SHIPPED_FORM_SETS, SHIPPED_FORM_SETS_PATH, shippedFormFor } from './shipped';
export { digitisationViolations } from './digitisation';
export type { DigitisedCopyInput, FieldViolation } from './digitisation';
