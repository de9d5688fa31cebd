import { createHash, randomBytes } from 'node:crypto';
import { ROLE_RANK, type Principal, type Role } from './auth.decorators';

/** An API key as stored: never the key itself, only its SHA-256. */
export interface ApiKeyRecord {
  id: string;
  tenant: string;
  role: Role;
  /** Hex SHA-256 of the key. */
  hash: string;
  createdAt: string;
  revokedAt?: string;
  label?: string;
}

/** What listings show: a record without its hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

export const ROLES = Object.keys(ROLE_RANK) as Role[];
const KEY_PREFIX = 'vgl_';
const KEY_SHAPE = /^[A-Za-z0-9_-]{32,200}$/;
const TENANT_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;
const ID_SHAPE = /^key_[0-9a-f]{16}$/;
export const MAX_LABEL_LENGTH = 200;

/** 32 random bytes, base64url: 256 bits, and only [A-Za-z0-9_-] so it survives shells and headers. */
export const generateKey = (): string => `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

export const generateKeyId = (): string => `key_${randomBytes(8).toString('hex')}`;

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Rejects junk before hashing it: a presented key of the wrong shape can never be valid. */
export const isWellFormedKey = (key: string): boolean => KEY_SHAPE.test(key);

export const isRole = (value: string): value is Role => (ROLES as string[]).includes(value);

/** Tenants become NATS subject tokens, so they are identifiers. */
export const isTenant = (value: string): boolean => TENANT_SHAPE.test(value);

export const isKeyId = (value: string): boolean => ID_SHAPE.test(value);

/** Whether `granted` satisfies a route that needs `required` (admin ⊇ operator ⊇ reader). */
export const roleSatisfies = (granted: Role, required: Role): boolean => ROLE_RANK[granted] >= ROLE_RANK[required];

export const toPrincipal = (r: ApiKeyRecord): Principal => ({ keyId: r.id, tenant: r.tenant, role: r.role });

export const toInfo = ({ hash: _hash, ...info }: ApiKeyRecord): ApiKeyInfo => info;

/** Why a create request is refused, or undefined when it is fine. */
export function invalidKeyRequest(role: string, tenant: string, label?: string): string | undefined {
  if (!isRole(role)) return `role must be one of ${ROLES.join(', ')}, got '${role}'`;
  if (!isTenant(tenant)) return `tenant must be 1-64 characters of [A-Za-z0-9_-], got '${tenant}'`;
  if (label !== undefined && (label.trim() === '' || label.length > MAX_LABEL_LENGTH)) return `label must be 1-${MAX_LABEL_LENGTH} characters`;
  return undefined;
}
