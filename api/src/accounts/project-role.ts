import { registerEnumType } from 'type-graphql';

export enum ProjectRole {
  RESEARCHER = 'RESEARCHER',
  MANAGER = 'MANAGER',
}
registerEnumType(ProjectRole, {
  name: 'ProjectRole',
  description: "A staff member's role in one project",
  valuesConfig: {
    RESEARCHER: { description: 'Designs instruments, runs rounds, reads raw data and exports it' },
    MANAGER: { description: 'Sees aggregated outcomes only' },
  },
});
