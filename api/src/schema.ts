import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccountResolver } from './accounts/account.resolver.js';
import { AnalyticsResolver } from './analytics/analytics.resolver.js';
import { AssistanceResolver } from './analytics/assistance.resolver.js';
import { ReleaseHeldResolver, RoundReleaseResolver } from './analytics/release.resolver.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { CohortResolver } from './cohorts/cohort.resolver.js';
import { FreeTextResolver } from './freetext/freetext.resolver.js';
import { ResponsesResolver } from './exports/responses.resolver.js';
import { ownerLookups } from './auth/owners.js';
import { assertEveryOperationIsAuthorized, createAuthChecker } from './auth/rules.js';
import { validateInput } from './common/validation.js';
import { InviteeResolver } from './invitees/invitee.resolver.js';
import { InvitationMailResolver } from './invitees/invitation-mail.resolver.js';
import { InstrumentResolver, InstrumentVersionResolver } from './instruments/instrument.resolver.js';
import { ProjectResolver } from './projects/project.resolver.js';
import { RetentionResolver } from './retention/retention.resolver.js';
import { SurveyResolver } from './responses/survey.resolver.js';
import { SsoResolver } from './sso/sso.resolver.js';
import { RoundResolver } from './rounds/round.resolver.js';
import { TwoFactorResolver } from './two-factor/two-factor.resolver.js';

export const resolvers = [
  AccountResolver,
  AuditResolver,
  ProjectResolver,
  RetentionResolver,
  InstrumentResolver,
  InstrumentVersionResolver,
  RoundResolver,
  SurveyResolver,
  CohortResolver,
  AnalyticsResolver,
  AssistanceResolver,
  RoundReleaseResolver,
  ReleaseHeldResolver,
  FreeTextResolver,
  ResponsesResolver,
  SsoResolver,
  TwoFactorResolver,
  InviteeResolver,
  InvitationMailResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** type-graphql keeps metadata globally, so the schema is built once per process and shared. */
export function getSchema(): Promise<GraphQLSchema> {
  built ??= (async () => {
    assertEveryOperationIsAuthorized(resolvers);
    return buildSchema({
      resolvers,
      validateFn: validateInput,
      authChecker: createAuthChecker(ownerLookups),
      authMode: 'error',
    });
  })();
  return built;
}

/** The SDL committed as schema/schema.graphql: sorted, so that moving code around never changes it. */
export async function printSdl(): Promise<string> {
  return printSchema(lexicographicSortSchema(await getSchema())) + '\n';
}
