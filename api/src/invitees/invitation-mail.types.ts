import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum MailKind {
  INVITATION = 'INVITATION',
  REMINDER = 'REMINDER',
}
registerEnumType(MailKind, {
  name: 'MailKind',
  description: 'Which mail to an invitee',
  valuesConfig: {
    INVITATION: { description: 'The first mail, with the personal link' },
    REMINDER: { description: 'A reminder to someone who has not answered, with the same link' },
  },
});

@ObjectType({ description: 'Whether this installation can send mail (SMTP_URL set), and the sender address' })
export class MailSetup {
  @Field({ description: 'SMTP_URL, VERDI_MAIL_FROM and VERDI_PUBLIC_URL are set' })
  configured!: boolean;

  @Field(() => String, { nullable: true, description: 'VERDI_MAIL_FROM, the sender of every mail' })
  from!: string | null;
}

@ObjectType({ description: 'A sample mail as an invitee would get it, with a dummy link' })
export class MailPreview {
  @Field()
  subject!: string;

  @Field({ description: 'The plain-text part' })
  text!: string;

  @Field({ description: 'The HTML part: a whole document, to show in a sandboxed frame' })
  html!: string;
}
