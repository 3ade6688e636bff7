// Staff accounts and sessions in the front office's own database. Passwords are stored only as
// scrypt hashes; session ids only as their SHA-256 (the cookie holds the id itself).
import { createHash, randomBytes } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { hashPassword, verifyPassword } from '../domain/passwords';

export const STAFF_ROLES = ['desk_officer', 'specialist', 'leader', 'auditor', 'it_admin', 'postal_worker'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  username: string;
  displayName: string;
  role: StaffRole;
  unitCode: string;
}

interface AccountDoc extends StaffUser {
  _id: string;
  passwordHash: string;
  createdAt: Date;
}

interface SessionDoc {
  _id: string;
  user: StaffUser;
  csrf: string;
  expiresAt: Date;
}

export interface Session {
  user: StaffUser;
  csrf: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// Verifying an unknown user costs as much as a known one, so timing does not tell which exist.
let dummyHash: Promise<string> | undefined;

export class AccountStore {
  private readonly accounts: Collection<AccountDoc>;
  private readonly sessions: Collection<SessionDoc>;
  constructor(db: Db) {
    this.accounts = db.collection<AccountDoc>('accounts');
    this.sessions = db.collection<SessionDoc>('sessions');
  }

  async init(): Promise<void> {
    await this.sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 }).catch(() => undefined);
  }

  /** Creates or replaces an account (the password is hashed here). */
  async upsert(user: StaffUser, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.accounts.replaceOne({ _id: user.username }, { ...user, passwordHash, createdAt: new Date() }, { upsert: true });
  }

  /**
   * Records an officer an OpenID provider vouched for (no password: they cannot sign in locally),
   * so they are listed like local accounts, e.g. among the specialists a leader assigns to.
   */
  async rememberExternal(user: StaffUser): Promise<void> {
    await this.accounts.replaceOne({ _id: user.username }, { ...user, passwordHash: 'external', createdAt: new Date() }, { upsert: true });
  }

  async exists(username: string): Promise<boolean> {
    return (await this.accounts.countDocuments({ _id: username })) > 0;
  }

  async list(): Promise<StaffUser[]> {
    const docs = await this.accounts.find({}).sort({ _id: 1 }).toArray();
    return docs.map(({ username, displayName, role, unitCode }) => ({ username, displayName, role, unitCode }));
  }

  async remove(username: string): Promise<boolean> {
    await this.sessions.deleteMany({ 'user.username': username });
    return (await this.accounts.deleteOne({ _id: username })).deletedCount === 1;
  }

  /** The user when the password matches, else undefined. */
  async authenticate(username: string, password: string): Promise<StaffUser | undefined> {
    const doc = await this.accounts.findOne({ _id: username });
    if (!doc) {
      dummyHash ??= hashPassword('not-a-real-password');
      await verifyPassword(password, await dummyHash);
      return undefined;
    }
    if (!(await verifyPassword(password, doc.passwordHash))) return undefined;
    return { username: doc.username, displayName: doc.displayName, role: doc.role, unitCode: doc.unitCode };
  }

  async openSession(user: StaffUser, hours: number): Promise<{ id: string; csrf: string }> {
    const id = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await this.sessions.insertOne({ _id: sha256(id), user, csrf, expiresAt: new Date(Date.now() + hours * 3600_000) });
    return { id, csrf };
  }

  async session(id: string): Promise<Session | undefined> {
    const doc = await this.sessions.findOne({ _id: sha256(id) });
    if (!doc || doc.expiresAt.getTime() <= Date.now()) return undefined;
    return { user: doc.user, csrf: doc.csrf };
  }

  async closeSession(id: string): Promise<void> {
    await this.sessions.deleteOne({ _id: sha256(id) });
  }
}
