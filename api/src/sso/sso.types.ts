import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'An identity provider staff can sign in with (single sign-on, OpenID Connect)' })
export class SignInProvider {
  @Field({ description: 'The id in /auth/oidc/<id>/start' })
  id!: string;

  @Field({ description: 'The text of its sign-in button, e.g. "Kommunens innlogging (Entra ID)"' })
  name!: string;
}
