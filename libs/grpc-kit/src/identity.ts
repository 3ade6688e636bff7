/** Who may call: the roles of the platform's users and of its own services. */
export const ROLES = [
  'desk_officer', // cán bộ một cửa — receives and returns dossiers at the desk
  'specialist', // chuyên viên — processes dossiers in an agency
  'leader', // lãnh đạo — approves and signs in an agency
  'postal_provider', // the postal public-service provider's integration
  'it_admin', // the district's IT staff running the platform
  'auditor', // inspects figures and history, read-only
  'citizen_portal', // the online public service portal submitting on a citizen's behalf
  'service', // another service of the platform
] as const;

export type Role = (typeof ROLES)[number];

/** The authenticated caller, from the bearer token. */
export interface Identity {
  officerId: string;
  role: Role;
  /** Unit (district desk, commune) or agency the caller belongs to. */
  unitCode: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
