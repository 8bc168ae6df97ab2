import { ApiToken } from '../accounts/api-token.entity.js';
import { Membership } from '../accounts/membership.entity.js';
import { Session } from '../accounts/session.entity.js';
import { User } from '../accounts/user.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Release, ReleaseMembers } from '../analytics/release.entity.js';
import { ConsentText, ResponseConsent } from '../consent/consent-text.entity.js';
import { ProgrammeCohort } from '../cohorts/cohort.entity.js';
import { TextTag } from '../freetext/text-tag.entity.js';
import { InvitationSummary, Invitee } from '../invitees/invitee.entity.js';
import { Instrument } from '../instruments/instrument.entity.js';
import { InstrumentVersion } from '../instruments/instrument-version.entity.js';
import { PseudonymKeyState } from '../privacy/pseudonym-key-state.entity.js';
import { Project } from '../projects/project.entity.js';
import { RetentionRun, RetentionWarning } from '../retention/retention.entity.js';
import { Answer } from '../responses/answer.entity.js';
import { ConstructScore } from '../responses/construct-score.entity.js';
import { Response } from '../responses/response.entity.js';
import { Invitation } from '../rounds/invitation.entity.js';
import { Round } from '../rounds/round.entity.js';
import { ScheduledJob } from '../scheduler/scheduled-job.entity.js';
import { ThrottleCounter } from '../throttle/throttle-counter.entity.js';
import { SsoSignInAttempt } from '../sso/sign-in-attempt.entity.js';
import { UserIdentity } from '../sso/user-identity.entity.js';
import { PasswordOnlySession } from '../two-factor/password-only-session.entity.js';
import { PendingSignIn } from '../two-factor/pending-sign-in.entity.js';
import { RecoveryCode } from '../two-factor/recovery-code.entity.js';
import { UserTotp } from '../two-factor/user-totp.entity.js';

/** Every entity, listed explicitly so that the same list serves tsc output, vitest and the migrator. */
export const entities = [
  Project,
  User,
  Membership,
  Session,
  ApiToken,
  AuditEvent,
  Instrument,
  InstrumentVersion,
  Round,
  Invitation,
  Response,
  Answer,
  ConstructScore,
  ProgrammeCohort,
  TextTag,
  Release,
  ReleaseMembers,
  PseudonymKeyState,
  ThrottleCounter,
  ConsentText,
  ResponseConsent,
  UserIdentity,
  SsoSignInAttempt,
  UserTotp,
  RecoveryCode,
  PendingSignIn,
  PasswordOnlySession,
  ScheduledJob,
  RetentionWarning,
  RetentionRun,
  Invitee,
  InvitationSummary,
];
