import { Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Allow, Rules } from '../auth/rules.js';
import type { Context } from '../context.js';
import { AuditAction, AuditEvent } from './audit-event.entity.js';
import { AuditService } from './audit.service.js';

@ObjectType({ description: 'One page of audit events, newest first' })
class AuditEventPage {
  @Field(() => [AuditEvent])
  events!: AuditEvent[];

  @Field(() => Int, { description: 'How many events match in all' })
  total!: number;
}

@ArgsType()
class AuditEventsArgs {
  @Field(() => Int, { defaultValue: 50, description: 'At most this many events (1 to 500)' })
  @Min(1, { message: 'must be at least 1' })
  @Max(500, { message: 'must be at most 500' })
  limit: number = 50;

  @Field(() => Int, { defaultValue: 0, description: 'Skip this many events' })
  @Min(0, { message: 'must be at least 0' })
  offset: number = 0;
}

@Resolver()
export class AuditResolver {
  @Allow(Rules.admin)
  @Query(() => AuditEventPage, { description: 'The audit log, newest first (admins)' })
  auditEvents(
    @Args(() => AuditEventsArgs) { limit, offset }: AuditEventsArgs,
    @Arg('action', () => AuditAction, { nullable: true, description: 'Only events of this kind' })
    action: AuditAction | null,
    @Ctx() { em }: Context,
  ): Promise<AuditEventPage> {
    return new AuditService(em).list({ action, limit, offset });
  }
}
