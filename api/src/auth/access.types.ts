import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Which staff pages an account may use, as the API decides it: the web app offers pages by this, the API still checks',
})
export class StaffAccess {
  @Field({ description: 'Admin pages: accounts, projects, the audit log' })
  admin!: boolean;

  @Field({
    description:
      'Researcher pages (a researcher in at least one project, or an admin): instruments, API tokens',
  })
  researcher!: boolean;
}

@ObjectType({ description: 'What the signed-in caller may read of one project, as the API decides it' })
export class ProjectAccess {
  @Field({
    description:
      'Raw responses, free text, exports, rounds and their links (researchers of the project, admins)',
  })
  researcher!: boolean;

  @Field({
    description: 'Aggregates: the dashboard and reports (researchers and managers of the project, admins)',
  })
  member!: boolean;
}
