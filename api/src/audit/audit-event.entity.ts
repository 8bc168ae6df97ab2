import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum AuditAction {
  SIGN_IN = 'SIGN_IN',
  SIGN_IN_FAILED = 'SIGN_IN_FAILED',
  SIGN_OUT = 'SIGN_OUT',
  USER_CREATED = 'USER_CREATED',
  USER_UPDATED = 'USER_UPDATED',
  ADMIN_GRANTED = 'ADMIN_GRANTED',
  ADMIN_REVOKED = 'ADMIN_REVOKED',
  USER_DEACTIVATED = 'USER_DEACTIVATED',
  USER_REACTIVATED = 'USER_REACTIVATED',
  PASSWORD_CHANGED = 'PASSWORD_CHANGED',
  MEMBERSHIP_GRANTED = 'MEMBERSHIP_GRANTED',
  MEMBERSHIP_CHANGED = 'MEMBERSHIP_CHANGED',
  MEMBERSHIP_REVOKED = 'MEMBERSHIP_REVOKED',
  TOKEN_CREATED = 'TOKEN_CREATED',
  TOKEN_REVOKED = 'TOKEN_REVOKED',
  PROJECT_CREATED = 'PROJECT_CREATED',
  PROJECT_UPDATED = 'PROJECT_UPDATED',
  INSTRUMENT_CREATED = 'INSTRUMENT_CREATED',
  INSTRUMENT_IMPORTED = 'INSTRUMENT_IMPORTED',
  INSTRUMENT_PUBLISHED = 'INSTRUMENT_PUBLISHED',
  ROUND_CREATED = 'ROUND_CREATED',
  ROUND_CLOSED = 'ROUND_CLOSED',
  ROUND_REOPENED = 'ROUND_REOPENED',
  ROUND_UPDATED = 'ROUND_UPDATED',
  ROUND_OPENED = 'ROUND_OPENED',
  ROUND_COPIED = 'ROUND_COPIED',
  CODES_CREATED = 'CODES_CREATED',
  EXPORT_DOWNLOADED = 'EXPORT_DOWNLOADED',
  USER_APPROVED = 'USER_APPROVED',
  IDENTITY_LINKED = 'IDENTITY_LINKED',
  TWO_FACTOR_ENABLED = 'TWO_FACTOR_ENABLED',
  TWO_FACTOR_DISABLED = 'TWO_FACTOR_DISABLED',
  TWO_FACTOR_RESET = 'TWO_FACTOR_RESET',
  TWO_FACTOR_FAILED = 'TWO_FACTOR_FAILED',
  RECOVERY_CODES_REGENERATED = 'RECOVERY_CODES_REGENERATED',
  RETENTION_SET = 'RETENTION_SET',
  RETENTION_WARNED = 'RETENTION_WARNED',
  RETENTION_EXECUTED = 'RETENTION_EXECUTED',
  INVITEES_ADDED = 'INVITEES_ADDED',
  INVITEES_REMOVED = 'INVITEES_REMOVED',
  INVITATIONS_SENT = 'INVITATIONS_SENT',
  REMINDERS_SENT = 'REMINDERS_SENT',
  INVITEE_ADDRESSES_DELETED = 'INVITEE_ADDRESSES_DELETED',
}
registerEnumType(AuditAction, { name: 'AuditAction', description: 'What an audit event records' });

@ObjectType({ description: 'A security-relevant event: who did what to what, and when' })
@Entity({ tableName: 'audit_events' })
@Index({ properties: ['action', 'at'] })
export class AuditEvent {
  [OptionalProps]?: 'id' | 'at' | 'actorId' | 'subjectType' | 'subjectId' | 'projectId' | 'ip' | 'details';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field({ description: 'When it happened' })
  @Index()
  @Property({ type: 'timestamptz' })
  at: Date = new Date();

  @Field(() => AuditAction)
  @Enum({ items: () => AuditAction, nativeEnumName: 'audit_action' })
  action!: AuditAction;

  /** Kept as a plain id, not a foreign key, so that the record outlives the account it names. */
  @Field(() => ID, {
    nullable: true,
    description: 'The staff account that acted; null when nobody was signed in',
  })
  @Property({ type: 'uuid', nullable: true })
  actorId: string | null = null;

  @Field(() => String, {
    nullable: true,
    description: 'The kind of thing acted on: User, Project, Membership, ApiToken',
  })
  @Property({ type: 'text', nullable: true })
  subjectType: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The id of the thing acted on' })
  @Property({ type: 'text', nullable: true })
  subjectId: string | null = null;

  @Field(() => ID, { nullable: true, description: 'The project concerned, if any' })
  @Property({ type: 'uuid', nullable: true })
  projectId: string | null = null;

  /** Staff sign-ins only; participants' addresses are never recorded anywhere. */
  @Field(() => String, { nullable: true, description: 'The network address of a staff sign-in' })
  @Property({ type: 'text', nullable: true })
  ip: string | null = null;

  @Field(() => GraphQLJSONObject, { description: 'What changed, e.g. {"role": "MANAGER"}' })
  @Property({ type: 'jsonb' })
  details: Record<string, unknown> = {};
}
