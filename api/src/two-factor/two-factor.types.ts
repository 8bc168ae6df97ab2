import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "An account's two-factor sign-in, as the account itself and admins see it" })
export class TwoFactorStatus {
  @Field({ description: 'Whether a code from an authenticator app is asked for after the password' })
  enabled!: boolean;

  @Field(() => Date, { nullable: true, description: 'When it was turned on' })
  enabledAt!: Date | null;

  @Field({ description: 'Whether the account must have it: an admin where VERDI_ADMIN_TWO_FACTOR=required' })
  required!: boolean;

  @Field({
    description:
      'Whether the session asking may do nothing but set it up (an admin signed in with a password alone while it is required)',
  })
  setupOnly!: boolean;

  @Field(() => Int, { description: 'Unused recovery codes left' })
  recoveryCodesLeft!: number;
}

@ObjectType({
  description: 'A new secret for an authenticator app, shown while setting up two-factor sign-in',
})
export class TwoFactorSetup {
  @Field({ description: 'The secret in base32, for typing into the app by hand' })
  secret!: string;

  @Field({ description: 'The otpauth:// URI the QR code holds' })
  otpauthUri!: string;

  @Field({ description: 'The QR code as an SVG document, for an <img> (data:image/svg+xml)' })
  qrCodeSvg!: string;
}

@ObjectType({
  description: 'Recovery codes, shown this once; each works one time instead of a code from the app',
})
export class RecoveryCodes {
  @Field(() => [String])
  codes!: string[];
}
